/**
 * Which UTF-16 code units text preparation may leave as they are: NFKC maps them to themselves,
 * they never compose with a neighbour (no combining marks, no Hangul jamo) and they are not among
 * the invisible characters preparation removes. Latin-1 letters, curly quotes, `£`, `→`, `★` and
 * U+FFFD are common in SMS and stable; knowing that skips the NFKC pass for those messages.
 */

/** Removed by preparation (zero-width characters, soft hyphen, BOM). */
export function isInvisible(c: number): boolean {
  return c === 0x200b || c === 0x200c || c === 0x200d || c === 0x2060 || c === 0xfeff || c === 0xad;
}

const MARK = /\p{M}/u;

/** One byte per code unit of `[from, to)`: 1 when stable. Immutable once built. */
function stableTable(from: number, to: number): Uint8Array {
  const t = new Uint8Array(to - from);
  for (let c = from; c < to; c++) {
    if (isInvisible(c) || (c >= 0x1100 && c <= 0x11ff)) continue;
    const s = String.fromCharCode(c);
    if (s.normalize('NFKC') === s && !MARK.test(s)) t[c - from] = 1;
  }
  return t;
}

// Latin, Greek, Cyrillic, punctuation and symbols; then half- and full-width forms and specials.
const LOW_END = 0x3000;
const HIGH_START = 0xff00;
const STABLE_LOW = stableTable(0x80, LOW_END);
const STABLE_HIGH = stableTable(HIGH_START, 0x10000);

/** Code units NFKC leaves untouched and that never compose with a neighbour. */
export function isNfkcStable(c: number): boolean {
  if (c < 0x80) return true;
  if (c < LOW_END) return STABLE_LOW[c - 0x80] === 1;
  if (c >= HIGH_START) return STABLE_HIGH[c - HIGH_START] === 1;
  return isKanaOrKanji(c);
}

/** Kana, kanji and CJK punctuation that NFKC leaves alone and that have no case. */
export function isKanaOrKanji(c: number): boolean {
  if (c >= 0x4e00) return c <= 0x9fff;
  if (c >= 0x3400) return c <= 0x4dbf;
  if (c >= 0x30a1) return c <= 0x30fe;
  if (c >= 0x3041) return c <= 0x3096;
  return c >= 0x3001 && c <= 0x3011;
}
