/**
 * URL and domain checks against a blocklist table, most specific entry first.
 *
 * Every candidate key is a range of the input strings (the canonical URL or the host), so a check
 * that finds nothing allocates nothing; only a hit slices out the matched value. All URL keys start
 * at the authority and all host keys end at the end of the host, so one forward pass over the URL
 * and one backward pass over the host hash every candidate, whatever the path depth or number of
 * labels (key layout in keys.ts).
 */
import { GATE_WORD, Hash64, hashPrefixes, hashRange, hashSuffixes, KIND_WORDS } from './hash.js';
import {
  type BlocklistKind,
  KIND_DOMAIN,
  KIND_HOST,
  KIND_URL,
  KIND_URL_PREFIX,
  MAX_PREFIX_SEGMENTS,
  UrlSpans,
  urlSpans,
} from './keys.js';
import type { BlocklistTable, Severity } from './table.js';

export interface BlocklistMatch {
  kind: BlocklistKind;
  /** The key that matched (the URL, a prefix key, the host or a parent domain). */
  value: string;
  source: string;
  severity: Severity;
}

/** Structurally a subset of `UrlParts` (`../url-parts.ts`). */
export interface LookupParts {
  /** Canonical URL (`https://host/path?q`); null checks only the host. */
  url: string | null;
  /** Lowercase punycode host, no port. */
  host: string;
  /**
   * Registrable domain of `host` (`example.co.jp`), null for IPs and unknown suffixes. Parent-domain
   * matching never goes above it, which is what keeps a `domain` entry for a public suffix
   * (`co.jp`) from matching: callers must pass the PSL answer here.
   */
  registrableDomain: string | null;
  /** Path without query; `/` or empty skips the prefix checks. */
  path: string;
}

// Up to 8 path prefixes, the URL without query and the whole URL.
const MAX_URL_KEYS = MAX_PREFIX_SEGMENTS + 2;

/**
 * Working memory of one lookup (candidate boundaries and their fingerprints). The table owns one
 * (`table.scratch`), so a check allocates nothing and no state lives at module level; lookups are
 * synchronous and never re-entered.
 */
export class LookupScratch {
  readonly ends = new Int32Array(MAX_URL_KEYS);
  readonly words = new Uint32Array(MAX_URL_KEYS);
  readonly his = new Uint32Array(MAX_URL_KEYS);
  readonly los = new Uint32Array(MAX_URL_KEYS);
  readonly spans = new UrlSpans();
  readonly gate = new Hash64();
  // A DNS name has at most 127 labels; a longer (invalid) host grows these once.
  labelStarts = new Int32Array(128);
  labelHis = new Uint32Array(129);
  labelLos = new Uint32Array(129);

  growLabels(): void {
    const starts = new Int32Array(this.labelStarts.length * 2);
    starts.set(this.labelStarts);
    this.labelStarts = starts;
    this.labelHis = new Uint32Array(starts.length + 1);
    this.labelLos = new Uint32Array(starts.length + 1);
  }
}

function match(
  table: BlocklistTable,
  payload: number,
  s: string,
  start: number,
  end: number,
): BlocklistMatch {
  const e = table.entryOf(payload);
  return { kind: e.kind, value: s.slice(start, end), source: e.source, severity: e.severity };
}

/**
 * First match for a URL: exact URL, URL without query/fragment, `url_prefix` entries for the path
 * (deepest of the first 8 segments first), exact `host`, then `domain` entries from the host up to
 * the registrable domain. URL keys are only probed when the table's gate admits the authority.
 */
export function lookupUrl(
  table: BlocklistTable,
  parts: LookupParts,
  scratch: LookupScratch = table.scratch,
): BlocklistMatch | undefined {
  const { ends, words, his, los, spans, gate } = scratch;
  const url = parts.url;
  const labels = hashHost(scratch, parts.host, parts.registrableDomain);
  if (url === null || url.length === 0) return probeHost(table, scratch, parts.host, labels);
  urlSpans(spans, url);
  const authority = spans.authority;
  const end = spans.end;
  hashRange(gate, url, GATE_WORD, authority, spans.path);
  table.touch(scratch.labelHis, labels + 1, gate.hi);
  if (table.gateAdmits(gate.hi)) {
    // Every URL key starts at the authority, so one pass yields them all (ascending ends).
    let n = 0;
    if (parts.path.length > 1) {
      // A prefix ends before each '/' (and at the end) that closes a non-empty segment.
      for (let i = spans.path + 1; i <= end && n < MAX_PREFIX_SEGMENTS; i++) {
        if ((i === end || url.charCodeAt(i) === 47) && url.charCodeAt(i - 1) !== 47) {
          ends[n] = i;
          words[n++] = KIND_WORDS[KIND_URL_PREFIX];
        }
      }
    }
    const prefixes = n;
    if (end < url.length) {
      ends[n] = end;
      words[n++] = spans.word;
    }
    ends[n] = url.length;
    words[n++] = spans.word;
    hashPrefixes(url, authority, ends, words, n, his, los);
    table.touch(his, n, gate.hi);
    while (n-- > prefixes) {
      const p = table.probe(KIND_URL, his[n]!, los[n]!);
      if (p !== 0) return match(table, p, url, 0, ends[n]!);
    }
    while (n >= 0) {
      const p = table.probe(KIND_URL_PREFIX, his[n]!, los[n]!);
      if (p !== 0) return match(table, p, url, authority, ends[n]!);
      n--;
    }
  }
  return probeHost(table, scratch, parts.host, labels);
}

/** First match for a host: exact `host`, then `domain` from the host up to `registrableDomain`. */
export function lookupDomain(
  table: BlocklistTable,
  host: string,
  registrableDomain: string | null,
  scratch: LookupScratch = table.scratch,
): BlocklistMatch | undefined {
  const n = hashHost(scratch, host, registrableDomain);
  table.touch(scratch.labelHis, n + 1, 0);
  return probeHost(table, scratch, host, n);
}

/**
 * Fingerprints of the host's `domain` candidates (registrable domain first, whole host last) into
 * labelHis/labelLos[0, n) and of the `host` key into [n]; returns n (0 for an empty host).
 */
function hashHost(s: LookupScratch, host: string, registrableDomain: string | null): number {
  const len = host.length;
  if (len === 0) return 0;
  // Walk up only inside the registrable domain; a host outside it (inconsistent input, IP, unknown
  // suffix) is checked as a domain entry for itself and nothing above.
  let stop = 0;
  if (registrableDomain !== null && registrableDomain.length < len && host.endsWith(registrableDomain)) {
    const at = len - registrableDomain.length;
    if (host.charCodeAt(at - 1) === 46) stop = at;
  }
  let n = 0;
  for (let i = stop; ; ) {
    if (n === s.labelStarts.length) s.growLabels();
    s.labelStarts[n++] = i;
    if (i === 0) break;
    // Strictly decreasing, also for empty labels (`a..b`) and a leading dot.
    i = i >= 2 ? host.lastIndexOf('.', i - 2) + 1 : 0;
  }
  hashSuffixes(
    host,
    len,
    s.labelStarts,
    n,
    KIND_WORDS[KIND_DOMAIN],
    KIND_WORDS[KIND_HOST],
    s.labelHis,
    s.labelLos,
  );
  return n;
}

function probeHost(
  table: BlocklistTable,
  s: LookupScratch,
  host: string,
  n: number,
): BlocklistMatch | undefined {
  if (n === 0) return undefined;
  const { labelHis, labelLos, labelStarts } = s;
  const len = host.length;
  let p = table.probe(KIND_HOST, labelHis[n]!, labelLos[n]!);
  if (p !== 0) return match(table, p, host, 0, len);
  while (n-- > 0) {
    p = table.probe(KIND_DOMAIN, labelHis[n]!, labelLos[n]!);
    if (p !== 0) return match(table, p, host, labelStarts[n]!, len);
  }
  return undefined;
}
