import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAY_HAVE_CAPITALS, MAY_HOLD_LINK, MAY_HOLD_PHONE, prepareWithFacts, scanText } from './prescan.js';
import { prepareText } from './text.js';

/** The slow definitions the one-pass scan must agree with. */
function reference(text: string) {
  const label = (c: number) =>
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 45 || c === 95;
  let link = false;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 && i > 0 && label(text.charCodeAt(i - 1)) && label(text.charCodeAt(i + 1))) link = true;
    if (c >= 48 && c <= 57) digits++;
  }
  return { link, phone: digits >= 8, lowerChanges: text.toLowerCase() !== text };
}

// Characters that exercise every branch: defang brackets and words, full-width forms, 。, dashes,
// combining marks, half-width kana with voiced marks, zero-width characters, capitals.
const pieces = [
  'a',
  'Z',
  '0',
  '7',
  '.',
  '-',
  '_',
  ' ',
  '[',
  ']',
  '(',
  ')',
  '{',
  '}',
  '\\',
  '@',
  ':',
  '/',
  'h',
  'x',
  'X',
  'H',
  'f',
  'F',
  'p',
  't',
  's',
  '*',
  'dot',
  'DOT',
  ' dot ',
  'at',
  'hxxp',
  'hXXps',
  '[.]',
  '(dot)',
  '{at}',
  'com',
  'jp',
  '。',
  'ー',
  '−',
  '‐',
  '—',
  'ｈｔｔｐｓ',
  '：／／',
  '．',
  'Ａ',
  '\u0301',
  'ｶ',
  'ﾞ',
  '\u200b',
  '\u00ad',
  '£',
  'É',
  'Σ',
  'İ',
  'の',
  '漢',
  'カ',
  '\u3099',
  '佐川急便',
];
const messages = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((xs) => xs.join(''));

describe('prepareWithFacts', () => {
  it('prepares text exactly like prepareText and reports the facts of the prepared text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          messages,
          fc.string({ maxLength: 60 }),
          fc.string({ unit: 'grapheme', maxLength: 30 }),
          fc.string({ unit: 'binary', maxLength: 30 }),
        ),
        (raw) => {
          const { text, facts } = prepareWithFacts(raw);
          expect(text).toBe(prepareText(raw));
          const ref = reference(text);
          expect((facts & MAY_HOLD_LINK) !== 0).toBe(ref.link);
          expect((facts & MAY_HOLD_PHONE) !== 0).toBe(ref.phone);
          // May over-approximate capitals (outside ASCII), never miss them.
          if (ref.lowerChanges) expect(facts & MAY_HAVE_CAPITALS).not.toBe(0);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('returns the caller string unchanged (no copy) when nothing needs rewriting', () => {
    const raw = 'お荷物のお届けにあがりました https://example.com/a 09012345678';
    const r = prepareWithFacts(raw);
    expect(r.text).toBe(raw);
    expect(r.facts & (MAY_HOLD_LINK | MAY_HOLD_PHONE)).toBe(MAY_HOLD_LINK | MAY_HOLD_PHONE);
    expect(scanText('plain words, no link.')).toBe(0);
  });
});
