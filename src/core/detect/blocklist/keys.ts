/**
 * How a blocklist value becomes a 64-bit key. Shared by the table (adding, `get`) and the lookups,
 * which derive the same keys from ranges of the URL and host without slicing.
 *
 * - `url`: the canonical URL without userinfo, hashed from the authority on and finalized with a
 *   word that folds in the scheme; so `http://x/a` and `https://x/a` differ, while
 *   `https://paypal.example@x/a` (userinfo, a classic disguise that changes nothing fetched) is
 *   the same key as `https://x/a`.
 * - `url_prefix`: `authority/path` (no scheme, userinfo, query or trailing slash), front to back.
 * - `host`, `domain`: the name hashed back to front, so each parent domain is a prefix of the pass.
 */
import { GATE_WORD, type Hash64, hashRange, hashRangeReverse, KIND_WORDS } from './hash.js';

export const KINDS = ['url', 'url_prefix', 'host', 'domain'] as const;
/**
 * `url`: exact canonical URL. `url_prefix`: authority plus a path prefix, matched on segment
 * boundaries (`evil.example/login`). `host`: exactly this host. `domain`: this registrable domain
 * (or subdomain) and everything below it.
 */
export type BlocklistKind = (typeof KINDS)[number];

export const KIND_URL = 0;
export const KIND_URL_PREFIX = 1;
export const KIND_HOST = 2;
export const KIND_DOMAIN = 3;
const KIND_INDEX: Record<BlocklistKind, number> = { url: 0, url_prefix: 1, host: 2, domain: 3 };

/** Longest path prefix (in segments) lookups try; deeper `url_prefix` entries could never match. */
export const MAX_PREFIX_SEGMENTS = 8;

export function kindIndex(kind: BlocklistKind): number {
  const k = KIND_INDEX[kind];
  if (k === undefined) throw new Error(`unknown blocklist kind: ${String(kind)}`);
  return k;
}

/** Offsets into a URL; one reused instance, filled by {@link urlSpans}. */
export class UrlSpans {
  /** Kind word for `url` keys: the url word with the scheme folded in. */
  word = 0;
  /** Start of the host (after scheme and userinfo). */
  authority = 0;
  /** Start of the path (the first `/`), or `end` when there is none. */
  path = 0;
  /** Start of query or fragment, or the length. */
  end = 0;
}

export function urlSpans(out: UrlSpans, url: string): void {
  let end = url.indexOf('?');
  const hash = url.indexOf('#');
  if (hash >= 0 && (end < 0 || hash < end)) end = hash;
  if (end < 0) end = url.length;
  const scheme = url.indexOf('://');
  let word: number = KIND_WORDS[KIND_URL];
  let authority = 0;
  if (scheme >= 0 && scheme < end) {
    for (let i = 0; i < scheme; i++) word = Math.imul(word ^ url.charCodeAt(i), 0x01000193);
    authority = scheme + 3;
  }
  let path = url.indexOf('/', authority);
  if (path < 0 || path > end) path = end;
  const at = url.lastIndexOf('@', path);
  if (at >= authority) authority = at + 1;
  out.word = word >>> 0;
  out.authority = authority;
  out.path = path;
  out.end = end;
}

const spans = new UrlSpans();

/** Fingerprint of a canonical value of a kind (`url_prefix` already reduced by urlPrefixKey). */
export function fingerprint(out: Hash64, kind: number, v: string): void {
  if (kind === KIND_URL) {
    urlSpans(spans, v);
    hashRange(out, v, spans.word, spans.authority, v.length);
  } else if (kind === KIND_URL_PREFIX) {
    hashRange(out, v, KIND_WORDS[kind], 0, v.length);
  } else {
    hashRangeReverse(out, v, KIND_WORDS[kind]!, 0, v.length);
  }
}

/** Gate hash (authority) of a `url` or `url_prefix` value; other kinds have none. */
export function gateHash(out: Hash64, kind: number, v: string): boolean {
  if (kind === KIND_URL) {
    urlSpans(spans, v);
    hashRange(out, v, GATE_WORD, spans.authority, spans.path);
    return true;
  }
  if (kind === KIND_URL_PREFIX) {
    hashRange(out, v, GATE_WORD, 0, v.indexOf('/'));
    return true;
  }
  return false;
}

/**
 * `https://u@x.example:8443/a/b/?q#f` → `x.example:8443/a/b`: the key a `url_prefix` entry is
 * stored under. Paths are compared as the URL normalizer leaves them (`//` is not collapsed).
 */
export function urlPrefixKey(url: string): string {
  urlSpans(spans, url);
  let end = spans.end;
  while (end > spans.path && url.charCodeAt(end - 1) === 47) end--;
  return url.slice(spans.authority, end);
}

/** Checks a value for its kind and returns the form it is keyed by (`url_prefix` is reduced). */
export function canonicalEntryValue(kind: BlocklistKind, value: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new Error(`empty ${kind} value`);
  if (kind !== 'url_prefix') return value;
  const v = urlPrefixKey(value);
  const slash = v.indexOf('/');
  if (slash <= 0) {
    throw new Error(`url_prefix needs an authority and a path (use host/domain for a whole host): ${value}`);
  }
  let segments = 0;
  for (let i = slash; i < v.length; i++) if (v.charCodeAt(i) === 47) segments++;
  if (segments > MAX_PREFIX_SEGMENTS) {
    throw new Error(`url_prefix deeper than ${MAX_PREFIX_SEGMENTS} segments can never match: ${value}`);
  }
  return v;
}
