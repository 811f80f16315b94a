/**
 * Character-level URL scanning for the extractor: authority / path scans (bounded so hostile
 * input stays linear), IDN host truncation before Japanese prose, trailing-punctuation trimming.
 */
import { hostLabelsProblem, toAsciiHost } from './domain.js';
import { isAuthorityChar, isPathChar } from './extract-context.js';
import { parseIPv4 } from './ip.js';
import { isIcannTld, knownSuffix } from './psl.js';

const UNICODE_HOST_CHAR = /[\p{L}\p{N}\p{M}]/uy;
const TRAILING_PUNCT = '.,;:!?\'"*';
const MAX_AUTHORITY_SCAN = 300;
const MAX_PATH_SCAN = 4096;

/** Scans a URL authority from `i`; non-ASCII letters are accepted only when `unicode` is allowed. */
export function scanAuthority(t: string, i: number, unicode: boolean): { end: number; sawUnicode: boolean } {
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
export function truncateUnicodeHost(t: string, start: number, end: number): number {
  let dot = end - 1;
  while (dot >= start && t.charCodeAt(dot) !== 46) dot--;
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

export function hostOf(authority: string): string {
  const at = authority.lastIndexOf('@');
  const h = at >= 0 ? authority.slice(at + 1) : authority;
  if (h.startsWith('[')) return h;
  const colon = h.indexOf(':');
  return colon >= 0 ? h.slice(0, colon) : h;
}

/** True when the host is an IP literal or a registrable domain under a known suffix. */
export function hostComplete(raw: string): boolean {
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

export function authorityOf(
  candidate: string,
  schemeLength: number,
): { authority: string; hasPath: boolean } {
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
export function trimmedLength(s: string, min: number): number {
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
  return cutUnclosed(s, min, end);
}

/** An opening bracket never closed inside the URL is prose (`…/signin（24時間以内）`): cut before it. */
function cutUnclosed(s: string, min: number, end: number): number {
  let firstOpen = -1;
  let depth = 0;
  for (let i = min; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 40) {
      if (depth === 0) firstOpen = i;
      depth++;
    } else if (c === 41 && depth > 0) depth--;
  }
  if (depth === 0 || firstOpen < 0) return end;
  let cut = firstOpen;
  while (cut > min && TRAILING_PUNCT.includes(s[cut - 1] as string)) cut--;
  return cut;
}

export function hasLineBreak(t: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = t.charCodeAt(i);
    if (c === 10 || c === 13) return true;
  }
  return false;
}
