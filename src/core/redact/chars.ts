/**
 * Character classes the detectors share. They work on prepared text (NFKC), so full-width digits,
 * letters and spaces are already ASCII and half-width katakana is already full-width.
 */

export function isKanji(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || c === 0x3005 || c === 0xf929;
}

export function isHiragana(c: number): boolean {
  return c >= 0x3041 && c <= 0x3096;
}

/** Katakana letters and the long-vowel mark (not the middle dot, which separates words). */
export function isKatakana(c: number): boolean {
  return (c >= 0x30a1 && c <= 0x30fa) || c === 0x30fc || c === 0x30fd || c === 0x30fe;
}

export function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** True when the text is (mostly) Japanese: any kana or kanji decides. */
export function looksJapanese(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isHiragana(c) || isKatakana(c) || isKanji(c)) return true;
  }
  return false;
}

/** Horizontal whitespace only: a name or an address never continues across a line break. */
export function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/** Index of the first character at or after `i` that is not a blank (bounded by `limit`). */
export function skipBlanks(t: string, i: number, limit = 3): number {
  let j = i;
  while (j < t.length && j - i < limit && isBlank(t.charCodeAt(j))) j++;
  return j;
}
