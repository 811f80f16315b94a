/**
 * One pass over a message that answers what the later passes would each ask on their own: does
 * NFKC or refanging change it, could it hold a link or a phone number, may it have capitals.
 * On the hot path (a carrier checks every message) most texts need none of the rewriting, so
 * `prepareWithFacts` returns the caller's string and the facts without a second look.
 */
import { isKanaOrKanji, isNfkcStable } from './nfkc-stable.js';
import { bracketMayDefang, nfkcMapped, refangMapped } from './text.js';

/** NFKC would change the text, or a character may compose with its neighbour. */
const NEEDS_NFKC = 1;
/** A refang rule could apply (`hxxp`, `[.]`, `(dot)`, `example。com`, `090ー1234`, ` dot `). */
const MAY_REFANG = 2;
/** `x.y` with label characters on both sides of the dot. */
export const MAY_HOLD_LINK = 4;
/** At least eight ASCII digits. */
export const MAY_HOLD_PHONE = 8;
/** An ASCII capital, or a character outside ASCII, kana and kanji: lowercasing may change the text. */
export const MAY_HAVE_CAPITALS = 16;

const LABEL = 1;
const DIGIT = 2;
const UPPER = 4;
const REFANG_START = 8;

/** Class bits of each ASCII character, built once per module as an immutable table. */
const ASCII_CLASS: Uint8Array = (() => {
  const t = new Uint8Array(128);
  for (let c = 48; c <= 57; c++) t[c] = LABEL | DIGIT;
  for (let c = 65; c <= 90; c++) t[c] = LABEL | UPPER;
  for (let c = 97; c <= 122; c++) t[c] = LABEL;
  t[45] = LABEL; // -
  t[95] = LABEL; // _
  for (const ch of '[({\\ ') t[ch.charCodeAt(0)] = (t[ch.charCodeAt(0)] as number) | REFANG_START;
  for (const ch of 'hHfF') t[ch.charCodeAt(0)] = (t[ch.charCodeAt(0)] as number) | REFANG_START;
  return t;
})();

function isAsciiLabel(c: number): boolean {
  return c < 128 && ((ASCII_CLASS[c] as number) & LABEL) !== 0 && c !== 95;
}

function asciiMayRefang(t: string, i: number, c: number): boolean {
  if (c === 32) {
    const d = t.charCodeAt(i + 1);
    return (d === 100 || d === 68) && (t.startsWith('dot ', i + 1) || t.startsWith('DOT ', i + 1));
  }
  if (c === 91 || c === 40 || c === 123) return bracketMayDefang(t, i + 1);
  if (c === 92) return t.charCodeAt(i + 1) === 46;
  const d = t.charCodeAt(i + 1);
  return d === 120 || d === 88 || ((c === 104 || c === 72) && d === 42);
}

/**
 * Fact bits of `t`, one character at a time with a branch per kind; the exact answer for text
 * with brackets, `。` or characters NFKC may change (see scanText).
 */
function scanTextExact(t: string): number {
  let facts = 0;
  let digits = 0;
  const n = t.length;
  for (let i = 0; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c < 128) {
      const cls = ASCII_CLASS[c] as number;
      if (cls === LABEL) continue;
      if ((cls & DIGIT) !== 0) {
        if (++digits >= 8) facts |= MAY_HOLD_PHONE;
      } else if ((cls & UPPER) !== 0) {
        facts |= MAY_HAVE_CAPITALS;
        if ((cls & REFANG_START) !== 0 && asciiMayRefang(t, i, c)) facts |= MAY_REFANG;
      } else if (c === 46) {
        if (i > 0 && (facts & MAY_HOLD_LINK) === 0) {
          const p = t.charCodeAt(i - 1);
          const q = t.charCodeAt(i + 1);
          if (p < 128 && q < 128 && ((ASCII_CLASS[p] as number) & (ASCII_CLASS[q] as number) & LABEL) !== 0)
            facts |= MAY_HOLD_LINK;
        }
      } else if ((cls & REFANG_START) !== 0 && asciiMayRefang(t, i, c)) facts |= MAY_REFANG;
    } else if (!isKanaOrKanji(c)) {
      // Outside kana and kanji a lowercase form may differ (Σ, É); NFKC may change it (Ａ, ①).
      facts |= MAY_HAVE_CAPITALS;
      if (!isNfkcStable(c)) facts |= NEEDS_NFKC;
      // Dashes (−, ‐ … ―) are refanged between digits (`090−1234`), whether or not NFKC folds them.
      if (c === 0x2212 || (c >= 0x2010 && c <= 0x2015)) {
        const p = t.charCodeAt(i - 1);
        if (p >= 48 && p <= 57) facts |= MAY_REFANG;
      }
    } else if (c === 0x3002) {
      if (i > 0 && isAsciiLabel(t.charCodeAt(i - 1)) && isAsciiLabel(t.charCodeAt(i + 1)))
        facts |= MAY_REFANG;
    } else if (c === 0x30fc) {
      const p = t.charCodeAt(i - 1);
      if (p >= 48 && p <= 57) facts |= MAY_REFANG;
    }
  }
  return facts;
}

// The fast scan reads one FAST_CLASS byte per character: a category (low four bits) and flags.
// It ORs the flags together, counts digits, and looks up the last three categories in PATTERNS,
// so there is no branch per character (a branch per word boundary costs more than the whole
// loop body on ordinary prose).
// Category 0: every other character.
const C_LABEL = 1; // letters other than those below, `-`: label and host characters
const C_UNDERSCORE = 2; // a label character but not a host character
const C_DIGIT = 3;
const C_DOT = 4;
const C_SPACE = 5;
const C_D = 6;
const C_H = 7;
const C_F = 8;
const C_X = 9;
const C_STAR = 10;
const C_DASH = 11; // ー − ‐…―: refanged after a digit
const C_STOP = 12; // 。: refanged between host characters
const F_DIGIT = 16;
const F_CAPS = 32; // lowercasing may change it
const F_RARE = 64; // needs the exact scan: [ ( { \\ and characters NFKC may change

const FAST_CLASS: Uint8Array = (() => {
  const t = new Uint8Array(65536);
  const set = (chars: string, value: number) => {
    for (const ch of chars) t[ch.charCodeAt(0)] = value;
  };
  for (let c = 97; c <= 122; c++) t[c] = C_LABEL;
  for (let c = 65; c <= 90; c++) t[c] = C_LABEL | F_CAPS;
  for (let c = 48; c <= 57; c++) t[c] = C_DIGIT | F_DIGIT;
  set('-', C_LABEL);
  set('_', C_UNDERSCORE);
  set('.', C_DOT);
  set(' ', C_SPACE);
  set('d', C_D);
  set('D', C_D | F_CAPS);
  set('h', C_H);
  set('H', C_H | F_CAPS);
  set('f', C_F);
  set('F', C_F | F_CAPS);
  set('x', C_X);
  set('X', C_X | F_CAPS);
  set('*', C_STAR);
  set('[({\\', F_RARE);
  for (let c = 128; c < 65536; c++) {
    if (!isKanaOrKanji(c)) t[c] = F_CAPS | (isNfkcStable(c) ? 0 : F_RARE);
  }
  set('\u2212\u2010\u2012\u2013\u2014\u2015', C_DASH | F_CAPS);
  set('\u30fc', C_DASH);
  set('\u3002', C_STOP);
  return t;
})();

const P_LINK = 1;
const P_REFANG = 2;
/** ` d` or ` D`: ` dot ` is checked with a search afterwards. */
const P_SPACE_D = 4;

/** Pattern bits for the last three categories, indexed by `first << 8 | second << 4 | third`. */
const PATTERNS: Uint8Array = (() => {
  const t = new Uint8Array(4096);
  const label = (c: number) => c === C_LABEL || c === C_UNDERSCORE || c === C_DIGIT || (c >= C_D && c <= C_X);
  const host = (c: number) => label(c) && c !== C_UNDERSCORE;
  for (let a = 0; a < 16; a++) {
    for (let b = 0; b < 16; b++) {
      for (let c = 0; c < 16; c++) {
        let p = 0;
        if (label(a) && b === C_DOT && label(c)) p |= P_LINK;
        if ((b === C_H || b === C_F) && c === C_X) p |= P_REFANG;
        if (b === C_H && c === C_STAR) p |= P_REFANG;
        if (b === C_DIGIT && c === C_DASH) p |= P_REFANG;
        if (host(a) && b === C_STOP && host(c)) p |= P_REFANG;
        if (b === C_SPACE && c === C_D) p |= P_SPACE_D;
        t[(a << 8) | (b << 4) | c] = p;
      }
    }
  }
  return t;
})();

/** Fact bits of `t` (see the exported constants). */
export function scanText(t: string): number {
  const classOf = FAST_CLASS;
  const patterns = PATTERNS;
  const n = t.length;
  let flags = 0;
  let digits = 0;
  let hits = 0;
  let window = 0;
  for (let i = 0; i < n; i++) {
    const f = classOf[t.charCodeAt(i)] as number;
    flags |= f;
    digits += (f >>> 4) & 1;
    window = ((window << 4) | (f & 15)) & 0xfff;
    hits |= patterns[window] as number;
  }
  if ((flags & F_RARE) !== 0) return scanTextExact(t);
  let facts = 0;
  if ((flags & F_CAPS) !== 0) facts |= MAY_HAVE_CAPITALS;
  if ((hits & P_LINK) !== 0) facts |= MAY_HOLD_LINK;
  if ((hits & P_REFANG) !== 0) facts |= MAY_REFANG;
  else if ((hits & P_SPACE_D) !== 0 && (t.includes(' dot ') || t.includes(' DOT '))) facts |= MAY_REFANG;
  if (digits >= 8) facts |= MAY_HOLD_PHONE;
  return facts;
}

export interface PreparedText {
  /** NFKC'd, invisible characters removed, refanged (see `prepareText`). */
  text: string;
  /** Fact bits of `text`. */
  facts: number;
}

/**
 * `prepareText` plus the facts of the prepared text, in one pass when nothing needs rewriting.
 * NFKC and refanging run only when the scan says they may change the text (full-width text is
 * common in Japanese SMS; defanged links are rare), and the text after NFKC is scanned again
 * because folding can create what refanging looks for (`ｈｘｘｐ`, `［．］`).
 */
export function prepareWithFacts(raw: string): PreparedText {
  let facts = scanText(raw);
  if ((facts & (NEEDS_NFKC | MAY_REFANG)) === 0) return { text: raw, facts };
  let text = raw;
  if ((facts & NEEDS_NFKC) !== 0) {
    text = nfkcMapped(raw, false).text;
    facts = scanText(text);
  }
  if ((facts & MAY_REFANG) !== 0) {
    text = refangMapped({ text, maps: [] }, false).text;
    facts = scanText(text);
  }
  return { text, facts };
}
