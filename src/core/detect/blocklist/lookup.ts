/**
 * URL and domain checks against a blocklist table, most specific entry first.
 *
 * Every candidate key is a range of the input strings (the canonical URL or the host), hashed in
 * place, so a check that finds nothing allocates nothing; only a hit slices out the matched value.
 */
import {
  type BlocklistKind,
  type BlocklistTable,
  KIND_DOMAIN,
  KIND_HOST,
  KIND_URL,
  KIND_URL_PREFIX,
  MAX_PREFIX_SEGMENTS,
  type Severity,
} from './table.js';

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

// Prefix ends found on the way down, checked deepest first.
const prefixEnds = new Int32Array(MAX_PREFIX_SEGMENTS);

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
 * the registrable domain.
 */
export function lookupUrl(table: BlocklistTable, parts: LookupParts): BlocklistMatch | undefined {
  const url = parts.url;
  if (url !== null && url.length > 0) {
    let p = table.payloadAt(KIND_URL, url, 0, url.length);
    if (p !== 0) return match(table, p, url, 0, url.length);
    let end = url.indexOf('?');
    const hash = url.indexOf('#');
    if (hash >= 0 && (end < 0 || hash < end)) end = hash;
    if (end >= 0) {
      p = table.payloadAt(KIND_URL, url, 0, end);
      if (p !== 0) return match(table, p, url, 0, end);
    } else {
      end = url.length;
    }
    if (parts.path.length > 1) {
      const scheme = url.indexOf('://');
      let authority = scheme >= 0 && scheme < end ? scheme + 3 : 0;
      const pathStart = url.indexOf('/', authority);
      if (pathStart >= 0 && pathStart < end) {
        // Canonical URLs keep userinfo; `https://x@evil.example/kit` must still hit `evil.example/kit`.
        const at = url.lastIndexOf('@', pathStart);
        if (at >= authority) authority = at + 1;
        // A prefix ends before each '/' (and at the end) that closes a non-empty segment.
        let n = 0;
        for (let i = pathStart + 1; i <= end && n < MAX_PREFIX_SEGMENTS; i++) {
          if ((i === end || url.charCodeAt(i) === 47) && url.charCodeAt(i - 1) !== 47) prefixEnds[n++] = i;
        }
        while (n > 0) {
          const e = prefixEnds[--n]!;
          p = table.payloadAt(KIND_URL_PREFIX, url, authority, e);
          if (p !== 0) return match(table, p, url, authority, e);
        }
      }
    }
  }
  return lookupDomain(table, parts.host, parts.registrableDomain);
}

/** First match for a host: exact `host`, then `domain` from the host up to `registrableDomain`. */
export function lookupDomain(
  table: BlocklistTable,
  host: string,
  registrableDomain: string | null,
): BlocklistMatch | undefined {
  const len = host.length;
  if (len === 0) return undefined;
  let p = table.payloadAt(KIND_HOST, host, 0, len);
  if (p !== 0) return match(table, p, host, 0, len);
  // Walk up only inside the registrable domain; a host outside it (inconsistent input, IP, unknown
  // suffix) is checked as a domain entry for itself and nothing above.
  let stop = 0;
  if (registrableDomain !== null && registrableDomain.length < len && host.endsWith(registrableDomain)) {
    const at = len - registrableDomain.length;
    if (host.charCodeAt(at - 1) === 46) stop = at;
  }
  for (let i = 0; ; ) {
    p = table.payloadAt(KIND_DOMAIN, host, i, len);
    if (p !== 0) return match(table, p, host, i, len);
    if (i >= stop) return undefined;
    i = host.indexOf('.', i) + 1;
    if (i === 0 || i > stop) return undefined;
  }
}
