/**
 * Does a host name imitate a protected brand? Built once per brand snapshot; every question is
 * answered from precomputed indexes (skeleton map, symmetric-deletion index, one Aho–Corasick
 * automaton), so the cost per name does not grow with the number of brands.
 */
import { domainToASCII } from 'node:url';
import { parse } from 'tldts';
import { KeywordAutomaton } from '../keyword-automaton.js';
import type { ProtectedBrand } from '../types.js';
import {
  boundedOsa,
  DistanceScratch,
  deletionHashes,
  deletionNeighbourhood,
  hashString,
  MAX_HASHED_LENGTH,
} from './distance.js';
import { HashMultiIndex } from './hash-index.js';
import { skeletonHost, skeletonLabel, unicodeLabel } from './skeleton.js';
import { GENERIC_WORDS } from './tables.js';

export type LookalikeKind = 'homoglyph' | 'typo' | 'embedded' | 'combo' | 'tld_swap' | 'subdomain';

export interface LookalikeMatch {
  brand: string;
  kind: LookalikeKind;
  /** Edit distance between the imitating label and the brand token (0 for exact skeletons). */
  distance: number;
  /** The brand token or official domain that was imitated. */
  token: string;
  officialDomain: string;
}

export interface LookalikeMatcherOptions {
  /** Registrable domains that are never flagged (a top-sites list): `amazonaws.com`, `line.me`. */
  benignDomains?: ReadonlySet<string>;
  /**
   * Also judge each hyphen-separated part of a label as a possible typo (`sagawwa-xq.top`).
   * Default true; a verdict path that only weighs whole-label typos turns it off, since the
   * part probes are the most expensive step.
   */
  partTypos?: boolean;
  /** Largest typo distance probed (default 2 for long labels); a verdict path that weighs only one-letter typos sets 1. */
  maxTypoEdits?: 1 | 2;
}

export interface LookalikeMatcher {
  /** Best match per imitated brand, strongest first; `[]` for official, benign or unrelated hosts. */
  match(host: string): LookalikeMatch[];
}

/** Shorter tokens (`au`, `jcb`, `ana`) are ordinary syllables: only a whole separated part counts. */
export const MIN_FREE_TOKEN = 4;
/** Labels this long tolerate two edits; shorter ones one (`smcb`), the shortest none. */
const TWO_EDIT_LENGTH = 8;

const RANK: Readonly<Record<LookalikeKind, number>> = {
  homoglyph: 0,
  subdomain: 1,
  embedded: 2,
  tld_swap: 3,
  typo: 4,
  combo: 5,
};

const NON_ASCII_RE = /[^\x00-\x7f]/;
const IP_LIKE_RE = /^[0-9.]+$|:/;
/** An ASCII label whose skeleton differs from itself: punycode, digits, `rn`, `vv`, `cl`. */
const FOLDS_RE = /xn--|[0-9]|rn|vv|cl/;

const PSL = {
  allowPrivateDomains: true,
  extractHostname: false,
  validateHostname: false,
  detectIp: false,
} as const;

interface TokenEntry {
  id: number;
  brand: string;
  token: string;
  skeleton: string;
  officialDomain: string;
  /** True when the token is the registrable label of an official domain (so a bare reuse is a TLD swap). */
  official: boolean;
  maxDistance: number;
}

interface Owner {
  brand: string;
  officialDomain: string;
}

type AutomatonValue = { token: TokenEntry } | { brand: string; domain: string };

function registrableLabel(domain: string): string | null {
  const r = parse(domain, { ...PSL, allowPrivateDomains: false });
  if (r.domain === null || r.publicSuffix === null) return null;
  return r.domain.slice(0, r.domain.length - r.publicSuffix.length - 1);
}

function isSeparator(c: number): boolean {
  return c === 45 || c === 46 || Number.isNaN(c);
}

/** The hyphen- or dot-delimited part of `s` that contains [start, end). */
function partAround(s: string, start: number, end: number): string {
  let a = start;
  while (a > 0 && !isSeparator(s.charCodeAt(a - 1))) a--;
  let b = end;
  while (b < s.length && !isSeparator(s.charCodeAt(b))) b++;
  return s.slice(a, b);
}

export function createLookalikeMatcher(
  brands: readonly ProtectedBrand[],
  options: LookalikeMatcherOptions = {},
): LookalikeMatcher {
  const benign = options.benignDomains ?? new Set<string>();
  const partTypos = options.partTypos ?? true;
  const maxTypoEdits = options.maxTypoEdits ?? 2;
  const official = new Set<string>();
  const entries: TokenEntry[] = [];
  const exact = new Map<string, TokenEntry[]>();
  const deletions = new Map<number, number[]>();
  const keywords: Array<[string, AutomatonValue]> = [];
  let minLen = Number.POSITIVE_INFINITY;
  let maxLen = 0;
  let hyphenTokenMax = 0;
  const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
    const list = m.get(k);
    if (list === undefined) m.set(k, [v]);
    else list.push(v);
  };

  for (const b of brands) {
    const domains = b.officialDomains.map((d) => d.toLowerCase().replace(/\.$/, ''));
    const seen = new Set<string>();
    const addToken = (raw: string, officialDomain: string, fromOfficial: boolean) => {
      const token = raw.toLowerCase();
      const skeleton = skeletonLabel(unicodeLabel(token));
      if (skeleton.length < 2 || seen.has(skeleton)) return;
      seen.add(skeleton);
      const n = skeleton.length;
      const maxDistance = n < MIN_FREE_TOKEN ? 0 : n < TWO_EDIT_LENGTH ? 1 : 2;
      const e: TokenEntry = {
        id: entries.length,
        brand: b.id,
        token,
        skeleton,
        officialDomain,
        official: fromOfficial,
        maxDistance,
      };
      entries.push(e);
      push(exact, skeleton, e);
      keywords.push([skeleton, { token: e }]);
      if (maxDistance > 0 && skeleton.includes('-')) hyphenTokenMax = Math.max(hyphenTokenMax, n);
      if (maxDistance > 0) {
        const hashes = new Set<number>();
        for (const d of deletionNeighbourhood(skeleton, maxDistance)) hashes.add(hashString(d));
        for (const h of hashes) push(deletions, h, e.id);
        minLen = Math.min(minLen, n);
        maxLen = Math.max(maxLen, n);
      }
    };
    for (const d of domains) {
      official.add(d);
      keywords.push([skeletonHost(d), { brand: b.id, domain: d }]);
      const label = registrableLabel(d);
      if (label !== null) addToken(label, d, true);
    }
    for (const t of b.hostTokens) {
      const sk = skeletonLabel(t.toLowerCase());
      const home = domains.find((d) => skeletonHost(d).includes(sk)) ?? domains[0] ?? '';
      addToken(t, home, false);
    }
  }
  const automaton = new KeywordAutomaton(keywords);
  const deletionIndex = new HashMultiIndex(deletions);
  const stamp = new Uint32Array(entries.length);
  let generation = 0;
  const scratch = new DistanceScratch();
  const hashBuffer = new Int32Array(
    1 + MAX_HASHED_LENGTH + (MAX_HASHED_LENGTH * (MAX_HASHED_LENGTH - 1)) / 2,
  );

  function isOfficial(host: string): boolean {
    if (official.has(host)) return true;
    for (let i = host.indexOf('.'); i >= 0; i = host.indexOf('.', i + 1)) {
      if (official.has(host.slice(i + 1))) return true;
    }
    return false;
  }

  return {
    match(rawHost: string): LookalikeMatch[] {
      let host = NON_ASCII_RE.test(rawHost) ? domainToASCII(rawHost) : rawHost.toLowerCase();
      if (host.endsWith('.')) host = host.slice(0, -1);
      if (host.length === 0 || IP_LIKE_RE.test(host) || isOfficial(host)) return [];
      const r = parse(host, PSL);
      if (r.domain === null || r.publicSuffix === null || benign.has(r.domain)) return [];
      const ownerRaw = host.slice(0, host.length - r.publicSuffix.length - 1);
      const region = FOLDS_RE.test(ownerRaw) ? skeletonHost(ownerRaw) : ownerRaw;
      const owner = region.slice(region.lastIndexOf('.') + 1);

      const best = new Map<string, LookalikeMatch>();
      // The whole official name inside a host outranks any token evidence about the same brand.
      const strong = new Set<string>();
      const offer = (e: Owner, kind: LookalikeKind, distance: number, token: string, isStrong = false) => {
        const old = best.get(e.brand);
        if (old !== undefined) {
          const oldStrong = strong.has(e.brand);
          if (oldStrong && !isStrong) return;
          if (
            oldStrong === isStrong &&
            (RANK[old.kind] < RANK[kind] || (old.kind === kind && old.distance <= distance))
          ) {
            return;
          }
        }
        if (isStrong) strong.add(e.brand);
        best.set(e.brand, { brand: e.brand, kind, distance, token, officialDomain: e.officialDomain });
      };

      const exactHits = exact.get(owner);
      const ownerUnicode =
        exactHits === undefined ? '' : unicodeLabel(ownerRaw.slice(ownerRaw.lastIndexOf('.') + 1));
      for (const e of exactHits ?? []) {
        if (ownerUnicode !== e.token) offer(e, 'homoglyph', 0, e.token);
        else offer(e, e.official ? 'tld_swap' : 'embedded', 0, e.token);
      }
      const typo = (label: string) => {
        const n = label.length;
        if (n < minLen - 2 || n > maxLen + 2 || n > MAX_HASHED_LENGTH || GENERIC_WORDS.has(label)) return;
        generation++;
        // Two deletions only reach tokens of TWO_EDIT_LENGTH or more, so short labels skip them.
        const count = deletionHashes(label, n >= TWO_EDIT_LENGTH - 2 ? maxTypoEdits : 1, hashBuffer, scratch);
        const visit = (id: number) => {
          if (stamp[id] === generation) return;
          stamp[id] = generation;
          const e = entries[id] as TokenEntry;
          const dist = boundedOsa(label, e.skeleton, e.maxDistance, scratch);
          if (dist > 0 && dist <= e.maxDistance) offer(e, 'typo', dist, e.token);
        };
        for (let h = 0; h < count; h++) deletionIndex.forEach(hashBuffer[h] as number, visit);
      };
      // Dot-split names (`sm.bc.co.jp`, `post.japan.post.jp`): the brand reads across the dot.
      const dot = region.lastIndexOf('.');
      if (dot > 0) {
        const lastTwo = region.slice(region.lastIndexOf('.', dot - 1) + 1).replace('.', '');
        const all = region.replace(/\./g, '');
        for (const e of exact.get(lastTwo) ?? []) if (e.maxDistance > 0) offer(e, 'subdomain', 0, e.token);
        if (all !== lastTwo) {
          for (const e of exact.get(all) ?? []) if (e.maxDistance > 0) offer(e, 'subdomain', 0, e.token);
        }
      }
      const typoLabel = (label: string) => {
        if (!label.includes('-')) {
          typo(label);
          return;
        }
        // A hyphenated label is judged part by part; as a whole only while it is short enough to be
        // a typo of a hyphenated token (`eki-nett`), because two-edit probes grow with its square.
        if (label.length <= hyphenTokenMax + 2) typo(label);
        if (partTypos) for (const part of label.split('-')) if (part.length >= MIN_FREE_TOKEN) typo(part);
        const joined = label.replace(/-/g, '');
        const hyphens = label.length - joined.length;
        for (const e of exact.get(joined) ?? [])
          if (hyphens <= e.maxDistance) offer(e, 'typo', hyphens, e.token);
      };
      typoLabel(owner);
      const scan = (text: string) => {
        const ownerStart = text.lastIndexOf('.') + 1;
        automaton.scan(text, (hit) => {
          const start = hit.end - hit.length;
          const left = start === 0 ? Number.NaN : text.charCodeAt(start - 1);
          const right = hit.end === text.length ? 46 : text.charCodeAt(hit.end);
          const v = hit.value;
          if (!('token' in v)) {
            // The official name followed by more labels or a hyphen: `smbc.co.jp.evil.com`, `….co.jp-abc.com`.
            if (isSeparator(left)) {
              const kind = right === 46 ? 'subdomain' : 'embedded';
              offer({ brand: v.brand, officialDomain: v.domain }, kind, 0, v.domain, true);
            }
            return;
          }
          const e = v.token;
          const inOwner = start >= ownerStart;
          if (isSeparator(left) && isSeparator(right)) {
            const wholeLabel = (Number.isNaN(left) || left === 46) && right === 46;
            if (inOwner && wholeLabel) return; // the exact check above already judged it
            if (e.maxDistance === 0 && !inOwner) return; // `au.example.com` is Australia, not KDDI
            offer(e, !inOwner && wholeLabel ? 'subdomain' : 'embedded', 0, e.token);
            return;
          }
          if (e.skeleton.length < MIN_FREE_TOKEN || GENERIC_WORDS.has(partAround(text, start, hit.end)))
            return;
          offer(e, 'combo', 0, e.token);
        });
      };
      scan(region);
      // The fold is coarse (`smbclogin` folds to `smbdogin`, `rakutrn` to `rakutm`), so a name that
      // changed under it is also judged as typed.
      if (region !== ownerRaw) {
        scan(ownerRaw);
        const rawOwner = ownerRaw.slice(ownerRaw.lastIndexOf('.') + 1);
        if (rawOwner !== owner && !rawOwner.startsWith('xn--')) typoLabel(rawOwner);
      }

      if (best.size === 0) return [];
      return [...best.values()].sort((a, b) => RANK[a.kind] - RANK[b.kind] || a.distance - b.distance);
    },
  };
}
