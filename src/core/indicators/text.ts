/**
 * Text preparation: NFKC normalization (full-width → ASCII), removal of invisible characters,
 * and refanging of defanged indicators. Every step keeps an optional offset map back to the
 * original string so that extraction can report spans in the caller's coordinates.
 */

import { isInvisible, isNfkcStable } from './nfkc-stable.js';
import { addConstant, addLinear, mapRange, type OffsetMap } from './offsets.js';
import { isIcannTld } from './psl.js';

/** Prepared text plus the offset maps (oldest first) leading back to the original string. */
export interface MappedText {
  text: string;
  /** Empty when the text is unchanged or when no map was requested. */
  maps: OffsetMap[];
}

const MARK_AT = /\p{M}/uy;

/** Code units that are not followed-by-composition hazards: a character before them can be normalized alone. */
function startsNewCluster(c: number): boolean {
  if (c < 0x300) return true;
  if (isNfkcStable(c)) return true;
  if (c >= 0xff01 && c <= 0xff5e) return true;
  return c === 0x3000;
}

/** Characters that may combine with (or compose into) the preceding character under NFKC. */
function isJoinerAt(s: string, j: number): boolean {
  const c = s.charCodeAt(j);
  if (startsNewCluster(c)) return false;
  if (c >= 0x1100 && c <= 0x11ff) return c >= 0x1160;
  if ((c >= 0x3131 && c <= 0x318e) || (c >= 0xffa0 && c <= 0xffdc)) return true;
  if (c === 0xff9e || c === 0xff9f) return true;
  MARK_AT.lastIndex = j;
  return MARK_AT.test(s);
}

function cpLength(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return 2;
  }
  return 1;
}

/** NFKC with an offset map; zero-width characters and soft hyphens are removed. */
export function nfkcMapped(s: string, wantMap: boolean): MappedText {
  const n = s.length;
  let i = 0;
  while (i < n && isNfkcStable(s.charCodeAt(i)) && (i + 1 >= n || !isJoinerAt(s, i + 1))) i++;
  if (i === n) return { text: s, maps: [] };
  const segs: number[] = [];
  let out = '';
  let runStart = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    const simple = i + 1 >= n || !isJoinerAt(s, i + 1);
    if (simple && isNfkcStable(c)) {
      i++;
      continue;
    }
    if (i > runStart) {
      if (wantMap) addLinear(segs, out.length, runStart, i - runStart);
      out += s.slice(runStart, i);
    }
    if (simple && ((c >= 0xff01 && c <= 0xff5e) || c === 0x3000)) {
      if (wantMap) addLinear(segs, out.length, i, 1);
      out += c === 0x3000 ? ' ' : String.fromCharCode(c - 0xfee0);
      i++;
    } else if (isInvisible(c)) {
      i++;
    } else {
      let j = i + cpLength(s, i);
      while (j < n && isJoinerAt(s, j)) j += cpLength(s, j);
      const seg = s.slice(i, j).normalize('NFKC');
      if (wantMap) addConstant(segs, out.length, i, j);
      out += seg;
      i = j;
    }
    runStart = i;
  }
  if (n > runStart) {
    if (wantMap) addLinear(segs, out.length, runStart, n - runStart);
    out += s.slice(runStart);
  }
  return { text: out, maps: wantMap ? [{ segs, outLength: out.length, srcLength: n }] : [] };
}

/*
 * Refanging. One alternation whose branches all start with a concrete character (so the regex
 * engine can skip quickly through Japanese prose); the context a branch needs on its left is
 * matched as its first character and kept. Branch → capture group:
 *  1 hxxp / hXXp / h**p (+s) before ':'   2 fxp before ':'   3 [:] [/] [://] [//]
 *  4 [.] (.) {.} [dot] (dot) \. between label characters (IDN letters included)  5 [@] [at] (at) {at}
 *  6 " dot " between labels (only when followed by a real TLD) 7 。 between ASCII labels
 *  8 dash-like characters between digits (ー − ‐ – —)
 */
const REFANG_RE =
  /([hH][xX*]{2}[pP][sS]?)(?=\[?:)|([fF][xX][pP])(?=\[?:)|\[(:|\/|:\/\/|\/\/)\]|[A-Za-z0-9\-\u00c0-\u024f\u0370-\u04ff\u3041-\u30ff\u4e00-\u9fff\uac00-\ud7af]( ?[[({] ?(?:\.|dot|DOT|Dot) ?[\])}] ?|\\\.)(?=[A-Za-z0-9\u00c0-\u024f\u0370-\u04ff\u3041-\u30ff\u4e00-\u9fff\uac00-\ud7af])|[A-Za-z0-9._%+-]( ?[[({] ?(?:@|at|AT|At) ?[\])}] ?)(?=[A-Za-z0-9])|[A-Za-z0-9]( (?:dot|DOT) )(?=[A-Za-z])|[A-Za-z0-9-](。)(?=[a-z0-9])|[0-9]([\u2010-\u2015\u2212\u30fc])(?=[0-9])/g;

/** The rest of a ` dot `-separated name (`example dot co dot jp`); its last label must be a TLD. */
const DOT_CHAIN_AT = /[A-Za-z0-9-]{1,63}(?: (?:dot|DOT) [A-Za-z0-9-]{1,63}){0,8}(?![A-Za-z0-9-])/y;

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Replacement for the part of the match after its first `keep` characters, or null to leave it. */
function refangReplacement(m: RegExpExecArray, text: string): { keep: number; rep: string } | null {
  if (m[1] !== undefined || m[2] !== undefined) {
    if (m.index > 0 && isWordChar(text.charCodeAt(m.index - 1))) return null;
    if (m[2] !== undefined) return { keep: 0, rep: 'ftp' };
    return { keep: 0, rep: (m[1] ?? '').length === 5 ? 'https' : 'http' };
  }
  if (m[3] !== undefined) return { keep: 0, rep: m[3] };
  if (m[4] !== undefined || m[7] !== undefined) return { keep: 1, rep: '.' };
  if (m[5] !== undefined) return { keep: 1, rep: '@' };
  if (m[6] !== undefined) {
    DOT_CHAIN_AT.lastIndex = m.index + m[0].length;
    const chain = DOT_CHAIN_AT.exec(text);
    if (!chain) return null;
    const tld = chain[0].slice(chain[0].lastIndexOf(' ') + 1);
    if (!isIcannTld(tld.toLowerCase())) return null;
    return { keep: 1, rep: '.' };
  }
  return { keep: 1, rep: '-' };
}

/**
 * True when REFANG_RE could match: every branch needs one of these characters. Most messages
 * have none, and skipping the regex matters because its first character class accepts every
 * kana and kanji, so it would try a match at each character of Japanese prose.
 */
function mayNeedRefang(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 91 || c === 40 || c === 123) {
      if (bracketMayDefang(t, i + 1)) return true;
    } else if (c === 92) {
      if (t.charCodeAt(i + 1) === 46) return true;
    } else if (c === 0x3002) {
      // 。 only refangs between ASCII label characters (`example。com`), not after Japanese prose.
      if (i > 0 && isAsciiLabelChar(t.charCodeAt(i - 1)) && isAsciiLabelChar(t.charCodeAt(i + 1)))
        return true;
    } else if (c === 0x2212 || c === 0x30fc || (c >= 0x2010 && c <= 0x2015)) {
      const p = t.charCodeAt(i - 1);
      if (p >= 48 && p <= 57) return true;
    } else if (c === 104 || c === 72 || c === 102 || c === 70) {
      const d = t.charCodeAt(i + 1);
      if (d === 120 || d === 88 || ((c === 104 || c === 72) && d === 42)) return true;
    } else if (c === 32 && (t.startsWith('dot ', i + 1) || t.startsWith('DOT ', i + 1))) return true;
  }
  return false;
}

/**
 * After `[`, `(` or `{` (and an optional space), a defang needs `.`, `dot`, `@`, `at`, `:` or `/`:
 * `[.]`, `(dot)`, `[@]`, `{at}`, `[://]`. Ordinary parentheses in prose do not qualify.
 */
export function bracketMayDefang(t: string, k: number): boolean {
  if (t.charCodeAt(k) === 32) k++;
  const c = t.charCodeAt(k);
  if (c === 46 || c === 64 || c === 58 || c === 47) return true;
  const d = t.charCodeAt(k + 1) | 32;
  if ((c | 32) === 97) return d === 116; // at
  if ((c | 32) === 100) return d === 111 && (t.charCodeAt(k + 2) | 32) === 116; // dot
  return false;
}

function isAsciiLabelChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45;
}

/** Applies refanging to already-NFKC'd text, appending an offset map. */
export function refangMapped(input: MappedText, wantMap: boolean): MappedText {
  const text = input.text;
  if (!mayNeedRefang(text)) return input;
  REFANG_RE.lastIndex = 0;
  let m = REFANG_RE.exec(text);
  if (m === null) return input;
  const segs: number[] = [];
  let out = '';
  let last = 0;
  while (m !== null) {
    const r = refangReplacement(m, text);
    if (r !== null) {
      const from = m.index + r.keep;
      const to = m.index + m[0].length;
      if (wantMap && from > last) addLinear(segs, out.length, last, from - last);
      out += text.slice(last, from);
      if (wantMap) addConstant(segs, out.length, from, to);
      out += r.rep;
      last = to;
    }
    m = REFANG_RE.exec(text);
  }
  if (last === 0) return input;
  if (wantMap && text.length > last) addLinear(segs, out.length, last, text.length - last);
  out += text.slice(last);
  const maps = wantMap ? [...input.maps, { segs, outLength: out.length, srcLength: text.length }] : [];
  return { text: out, maps };
}

/** NFKC + invisible-character removal + refanging, with an optional map back to the original offsets. */
export function prepareMapped(s: string, wantMap = true): MappedText {
  return refangMapped(nfkcMapped(s, wantMap), wantMap);
}

/**
 * Normalizes free text for indicator handling: NFKC (full-width → ASCII), removal of zero-width
 * characters, and refanging (`hxxp`, `[.]`, `(dot)`, `[@]`, `[:]`, `example。com`, `090ー1234`).
 */
export function prepareText(s: string): string {
  return prepareMapped(s, false).text;
}

/** Maps a prepared-text range `[start, end)` back to offsets in the original string. */
export function mapSpan(mt: MappedText, start: number, end: number): [number, number] {
  return mapRange(mt.maps, start, end);
}
