/**
 * Text preparation: NFKC normalization (full-width → ASCII), removal of invisible characters,
 * and refanging of defanged indicators. Every step keeps an optional offset map back to the
 * original string so that extraction can report spans in the caller's coordinates.
 */
import { isIcannTld } from './psl.js';

/** Prepared text plus `map[i]` = offset in the original of prepared char `i` (`map[len]` = original length). */
export interface MappedText {
  text: string;
  /** null means identity (prepared text === original). */
  map: number[] | null;
}

const MARK_AT = /\p{M}/uy;

/** Code units that NFKC leaves untouched and that never compose with a neighbour. */
function isStable(c: number): boolean {
  if (c < 0x80) return true;
  if (c >= 0x4e00) return c <= 0x9fff;
  if (c >= 0x3400) return c <= 0x4dbf;
  if (c >= 0x30a1) return c <= 0x30fe;
  if (c >= 0x3041) return c <= 0x3096;
  return c >= 0x3001 && c <= 0x3011;
}

/** Code units that are not followed-by-composition hazards: a character before them can be normalized alone. */
function startsNewCluster(c: number): boolean {
  if (c < 0x300) return true;
  if (isStable(c)) return true;
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

function isInvisible(c: number): boolean {
  return c === 0x200b || c === 0x200c || c === 0x200d || c === 0x2060 || c === 0xfeff || c === 0xad;
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
  while (i < n && isStable(s.charCodeAt(i)) && (i + 1 >= n || !isJoinerAt(s, i + 1))) i++;
  if (i === n) return { text: s, map: null };
  let out = s.slice(0, i);
  let map: number[] | null = null;
  if (wantMap) {
    map = new Array<number>(i);
    for (let k = 0; k < i; k++) map[k] = k;
  }
  while (i < n) {
    const c = s.charCodeAt(i);
    const simple = i + 1 >= n || !isJoinerAt(s, i + 1);
    if (simple && isStable(c)) {
      out += s[i];
      map?.push(i);
      i++;
    } else if (simple && c >= 0xff01 && c <= 0xff5e) {
      out += String.fromCharCode(c - 0xfee0);
      map?.push(i);
      i++;
    } else if (simple && c === 0x3000) {
      out += ' ';
      map?.push(i);
      i++;
    } else if (isInvisible(c)) {
      i++;
    } else {
      let j = i + cpLength(s, i);
      while (j < n && isJoinerAt(s, j)) j += cpLength(s, j);
      const seg = s.slice(i, j).normalize('NFKC');
      out += seg;
      if (map) for (let k = 0; k < seg.length; k++) map.push(i);
      i = j;
    }
  }
  map?.push(n);
  return { text: out, map };
}

/*
 * Refanging. One alternation whose branches all start with a concrete character (so the regex
 * engine can skip quickly through Japanese prose); the context a branch needs on its left is
 * matched as its first character and kept. Branch → capture group:
 *  1 hxxp / hXXp / h**p (+s) before ':'   2 fxp before ':'   3 [:] [/] [://] [//]
 *  4 [.] (.) {.} [dot] (dot) \. between label characters     5 [@] [at] (at) {at}
 *  6 " dot " between labels (only when followed by a real TLD) 7 。 between ASCII labels
 *  8 dash-like characters between digits (ー − ‐ – —)
 */
const REFANG_RE =
  /([hH][xX*]{2}[pP][sS]?)(?=\[?:)|([fF][xX][pP])(?=\[?:)|\[(:|\/|:\/\/|\/\/)\]|[A-Za-z0-9-]( ?[[({] ?(?:\.|dot|DOT|Dot) ?[\])}] ?|\\\.)(?=[A-Za-z0-9])|[A-Za-z0-9._%+-]( ?[[({] ?(?:@|at|AT|At) ?[\])}] ?)(?=[A-Za-z0-9])|[A-Za-z0-9]( (?:dot|DOT) )(?=[A-Za-z])|[A-Za-z0-9-](。)(?=[a-z0-9])|[0-9]([\u2010-\u2015\u2212\u30fc])(?=[0-9])/g;

const LABEL_AT = /[A-Za-z0-9-]{1,63}(?![A-Za-z0-9-])/y;

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Replacement for the part of the match after its first `keep` characters, or null to leave it. */
function refangReplacement(m: RegExpExecArray, text: string): { keep: number; rep: string } | null {
  if (m[1] !== undefined || m[2] !== undefined) {
    if (m.index > 0 && isWordChar(text.charCodeAt(m.index - 1))) return null;
    if (m[2] !== undefined) return { keep: 0, rep: 'ftp' };
    return { keep: 0, rep: m[1].length === 5 ? 'https' : 'http' };
  }
  if (m[3] !== undefined) return { keep: 0, rep: m[3] };
  if (m[4] !== undefined || m[7] !== undefined) return { keep: 1, rep: '.' };
  if (m[5] !== undefined) return { keep: 1, rep: '@' };
  if (m[6] !== undefined) {
    LABEL_AT.lastIndex = m.index + m[0].length;
    const label = LABEL_AT.exec(text);
    if (!label || !isIcannTld(label[0].toLowerCase())) return null;
    return { keep: 1, rep: '.' };
  }
  return { keep: 1, rep: '-' };
}

/** Applies refanging to already-NFKC'd text, composing the offset map. */
export function refangMapped(input: MappedText, wantMap: boolean): MappedText {
  const text = input.text;
  REFANG_RE.lastIndex = 0;
  let m = REFANG_RE.exec(text);
  if (m === null) return input;
  const srcMap = input.map;
  const at = (k: number): number => (srcMap === null ? k : (srcMap[k] as number));
  let out = '';
  const map: number[] | null = wantMap ? [] : null;
  let last = 0;
  while (m !== null) {
    const r = refangReplacement(m, text);
    if (r !== null) {
      const from = m.index + r.keep;
      out += text.slice(last, from) + r.rep;
      if (map) {
        for (let k = last; k < from; k++) map.push(at(k));
        const origin = at(from);
        for (let k = 0; k < r.rep.length; k++) map.push(origin);
      }
      last = m.index + m[0].length;
    }
    if (m[0].length === 0) REFANG_RE.lastIndex++;
    m = REFANG_RE.exec(text);
  }
  if (last === 0) return input;
  out += text.slice(last);
  if (map) for (let k = last; k <= text.length; k++) map.push(at(k));
  return { text: out, map };
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

/** Maps a prepared-text range `[start, end)` back to original offsets. */
export function mapSpan(mt: MappedText, start: number, end: number): [number, number] {
  const map = mt.map;
  if (map === null) return [start, end];
  const s = map[start] as number;
  if (end <= start) return [s, s];
  const prev = map[end - 1] as number;
  let j = end;
  while (j < map.length - 1 && (map[j] as number) <= prev) j++;
  return [s, map[j] as number];
}
