/**
 * URL and bare-host passes of the extractor. URLs with a scheme may have IDN hosts and may be
 * re-joined across whitespace (conservatively); scheme-less URLs and bare domains are ASCII only.
 */
import { domainFromAsciiHost, hostLabelsProblem, toAsciiHost } from './domain.js';
import type { ExtractContext } from './extract-context.js';
import { claim, isAuthorityChar, isClaimed, isPathChar, isWhitespace, record } from './extract-context.js';
import { ipFromHost, parseIPv4 } from './ip.js';
import { isIcannTld, knownSuffix } from './psl.js';
import type { NormalizeResult } from './types.js';
import { looksLikeHostStart, normalizeUrl } from './url.js';

const SCHEME_RE = /(?:https?|ttps?|ftp):\/\//gi;
const UNICODE_HOST_CHAR = /[\p{L}\p{N}\p{M}]/uy;
const TRAILING_PUNCT = '.,;:!?\'"*';
const JOIN_TAIL_RE = /[0-9?=&%_.~/-]/;
const MAX_AUTHORITY_SCAN = 300;
const MAX_PATH_SCAN = 4096;

/** Scans a URL authority from `i`; non-ASCII letters are accepted only when `unicode` is allowed. */
function scanAuthority(t: string, i: number, unicode: boolean): { end: number; sawUnicode: boolean } {
  let sawUnicode = false;
  const limit = Math.min(t.length, i + MAX_AUTHORITY_SCAN);
  while (i < limit) {
    const c = t.charCodeAt(i);
    if (c < 128) {
      if (!isAuthorityChar(c)) break;
      i++;
      continue;
    }
    if (!unicode) break;
    UNICODE_HOST_CHAR.lastIndex = i;
    if (!UNICODE_HOST_CHAR.test(t)) break;
    sawUnicode = true;
    i = UNICODE_HOST_CHAR.lastIndex;
  }
  return { end: i, sawUnicode };
}

/** Scans path/query/fragment characters from `i` (bounded, so hostile input stays linear). */
export function scanPath(t: string, i: number): number {
  const limit = Math.min(t.length, i + MAX_PATH_SCAN);
  while (i < limit && isPathChar(t.charCodeAt(i))) i++;
  return i;
}

/**
 * In Japanese text an IDN-capable host scan can run into prose (`example.comをクリック`).
 * Cuts the last label back to the longest prefix that is an ICANN TLD; -1 when none is.
 */
function truncateUnicodeHost(t: string, start: number, end: number): number {
  const dot = t.lastIndexOf('.', end - 1);
  if (dot < start) return end;
  const label = t.slice(dot + 1, end);
  if (!/[^\x00-\x7f]/.test(label)) return end;
  for (let k = Math.min(label.length, 30); k >= 1; k--) {
    const code = label.charCodeAt(k - 1);
    if (code >= 0xd800 && code <= 0xdbff) continue;
    const ascii = toAsciiHost(`a.${label.slice(0, k)}`);
    if (ascii !== null && isIcannTld(ascii.slice(2))) return dot + 1 + k;
  }
  return -1;
}

function hostOf(authority: string): string {
  const at = authority.lastIndexOf('@');
  const h = at >= 0 ? authority.slice(at + 1) : authority;
  if (h.startsWith('[')) return h;
  const colon = h.indexOf(':');
  return colon >= 0 ? h.slice(0, colon) : h;
}

/** True when the host is an IP literal or a registrable domain under a known suffix. */
function hostComplete(raw: string): boolean {
  let n = raw.length;
  while (n > 0 && raw.charCodeAt(n - 1) === 46) n--;
  const host = raw.slice(0, n);
  if (host.length === 0 || host.endsWith('-')) return false;
  if (host.startsWith('[') || parseIPv4(host) >= 0) return true;
  if (!host.includes('.')) return false;
  const ascii = toAsciiHost(host);
  if (ascii === null || hostLabelsProblem(ascii) !== null) return false;
  const info = knownSuffix(ascii);
  return info !== null && info.registrableDomain !== null;
}

function authorityOf(candidate: string, schemeLength: number): { authority: string; hasPath: boolean } {
  let i = schemeLength;
  while (i < candidate.length) {
    const c = candidate.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35)
      return { authority: candidate.slice(schemeLength, i), hasPath: true };
    i++;
  }
  return { authority: candidate.slice(schemeLength), hasPath: false };
}

/** Trailing punctuation / unbalanced closing brackets that belong to the prose, not the URL. */
function trimmedLength(s: string, min: number): number {
  let end = s.length;
  let parens = 0;
  let brackets = 0;
  let counted = false;
  while (end > min) {
    const ch = s[end - 1] as string;
    if (TRAILING_PUNCT.includes(ch)) {
      end--;
      continue;
    }
    if (ch === ')' || ch === ']') {
      if (!counted) {
        for (let i = 0; i < end; i++) {
          const x = s.charCodeAt(i);
          if (x === 40) parens++;
          else if (x === 41) parens--;
          else if (x === 91) brackets++;
          else if (x === 93) brackets--;
        }
        counted = true;
      }
      if (ch === ')' && parens < 0) {
        parens++;
        end--;
        continue;
      }
      if (ch === ']' && brackets < 0) {
        brackets++;
        end--;
        continue;
      }
    }
    break;
  }
  return end;
}

/** Emits a URL and its host (domain or IP) when the URL is acceptable for extraction. */
function emitUrl(ctx: ExtractContext, url: NormalizeResult, start: number, end: number): boolean {
  if (!url.ok) return false;
  const a = url.indicator.attributes;
  const host = a.host as string;
  let hostResult: NormalizeResult | null;
  if (a.hostIsIp === true) hostResult = ipFromHost(host);
  else if (a.registrableDomain !== undefined) hostResult = domainFromAsciiHost(host);
  else return false;
  record(ctx, url, start, end);
  record(ctx, hostResult, start, end);
  claim(ctx, start, end);
  return true;
}

/** Tries to join a whitespace-broken URL; returns the new candidate and end, or null. */
function joinContinuation(t: string, candidate: string, schemeLength: number, end: number) {
  let w = end;
  while (w < t.length && w - end < 3 && isWhitespace(t.charCodeAt(w))) w++;
  if (w === end || w >= t.length || !isPathChar(t.charCodeAt(w))) return null;
  const { authority, hasPath } = authorityOf(candidate, schemeLength);
  if (!hasPath && !hostComplete(hostOf(authority))) {
    let contEnd = scanAuthority(t, w, false).end;
    if (contEnd === w) return null;
    const c = t.charCodeAt(contEnd);
    if (c === 47 || c === 63 || c === 35) contEnd = scanPath(t, contEnd);
    const joined = candidate + t.slice(w, contEnd);
    if (!hostComplete(hostOf(authorityOf(joined, schemeLength).authority))) return null;
    return { candidate: joined, end: contEnd };
  }
  if (!candidate.endsWith('/')) return null;
  const contEnd = scanPath(t, w);
  const raw = t.slice(w, contEnd);
  const cont = raw.slice(0, trimmedLength(raw, 0));
  if (cont.length === 0 || !JOIN_TAIL_RE.test(cont) || cont.includes('://') || cont.includes('@'))
    return null;
  if (looksLikeHostStart(cont)) return null;
  return { candidate: candidate + t.slice(w, contEnd), end: contEnd };
}

/** Pass 1: URLs introduced by a scheme (`https://`, `http://`, `ftp://`, and h-less `ttp(s)://`). */
export function extractSchemeUrls(ctx: ExtractContext): void {
  const t = ctx.text;
  SCHEME_RE.lastIndex = 0;
  let m = SCHEME_RE.exec(t);
  while (m !== null) {
    const start = m.index;
    const schemeLength = m[0].length;
    const scan = scanAuthority(t, start + schemeLength, true);
    const hostEnd = scan.sawUnicode ? truncateUnicodeHost(t, start + schemeLength, scan.end) : scan.end;
    let candidate = hostEnd > start + schemeLength ? t.slice(start, hostEnd) : '';
    let end = hostEnd;
    if (candidate !== '' && !hostComplete(hostOf(candidate.slice(schemeLength)))) {
      const j = hostEnd === scan.end ? joinContinuation(t, candidate, schemeLength, end) : null;
      candidate = j === null ? '' : j.candidate;
      end = j === null ? end : j.end;
    } else if (candidate !== '' && hostEnd === scan.end) {
      const c = t.charCodeAt(end);
      if (c === 47 || c === 63 || c === 35) {
        end = scanPath(t, end);
        candidate = t.slice(start, end);
      }
    }
    if (candidate !== '') {
      for (let joins = 0; joins < 3; joins++) {
        const j = joinContinuation(t, candidate, schemeLength, end);
        if (j === null) break;
        candidate = j.candidate;
        end = j.end;
      }
      const keep = trimmedLength(candidate, schemeLength);
      end -= candidate.length - keep;
      emitUrl(ctx, normalizeUrl(candidate.slice(0, keep)), start, end);
      SCHEME_RE.lastIndex = Math.max(SCHEME_RE.lastIndex, end);
    }
    m = SCHEME_RE.exec(t);
  }
}

const HOST_TOKEN_RE = /(?<![A-Za-z0-9_\-.@/\\])[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+/g;
const TLD_SHAPE_RE = /^(?:[A-Za-z]{2,63}|[Xx][Nn]--[A-Za-z0-9-]{1,59})$/;
const CAPITALIZED_RE = /^[A-Z][a-z]+$/;

/** TLDs that are also common file extensions: bare `name.ext` is a file unless written `www.` or with a scheme. */
const FILE_EXTENSION_TLDS: ReadonlySet<string> = new Set(
  'zip mov py sh pl rs md cc so ps ai pm mk ml do sc gs gd cab app java one pub tf sb cat bz la am properties'.split(
    ' ',
  ),
);

/** Pass 2: scheme-less URLs (`www.foo.com/x`, `foo-bar.top/login`) and bare domains (ASCII / punycode). */
export function extractBareHosts(ctx: ExtractContext): void {
  const t = ctx.text;
  HOST_TOKEN_RE.lastIndex = 0;
  let m = HOST_TOKEN_RE.exec(t);
  while (m !== null) {
    const s = m.index;
    let e = s + m[0].length;
    while (e > s && (t.charCodeAt(e - 1) === 45 || t.charCodeAt(e - 1) === 95)) e--;
    const token = t.slice(s, e);
    const tld = token.slice(token.lastIndexOf('.') + 1);
    const lower = token.toLowerCase();
    const www = lower.startsWith('www.');
    if (
      !isClaimed(ctx, s, e) &&
      TLD_SHAPE_RE.test(tld) &&
      !CAPITALIZED_RE.test(tld) &&
      (www || !FILE_EXTENSION_TLDS.has(tld.toLowerCase()))
    ) {
      const domain = domainFromAsciiHost(lower);
      if (domain.ok) {
        let end = e;
        let c = t.charCodeAt(end);
        if (c === 58 && end + 1 < t.length && t.charCodeAt(end + 1) >= 48 && t.charCodeAt(end + 1) <= 57) {
          end++;
          while (end < t.length && t.charCodeAt(end) >= 48 && t.charCodeAt(end) <= 57) end++;
          c = t.charCodeAt(end);
        }
        if (c === 47 || c === 63 || c === 35) end = scanPath(t, end);
        const hasUrlTail = end > e;
        end = s + trimmedLength(t.slice(s, end), e - s);
        if ((hasUrlTail || www) && emitUrl(ctx, normalizeUrl(t.slice(s, end)), s, end)) {
          HOST_TOKEN_RE.lastIndex = Math.max(HOST_TOKEN_RE.lastIndex, end);
        } else if (record(ctx, domain, s, e)) {
          claim(ctx, s, e);
        }
      }
    }
    m = HOST_TOKEN_RE.exec(t);
  }
}
