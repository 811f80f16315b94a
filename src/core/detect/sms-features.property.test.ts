import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BrandIndex } from './brand-index.js';
import { DEFAULT_BRANDS } from './default-brands.js';
import { featureHash } from './linear-model.js';
import { LureIndex } from './lures.js';
import { MessageKeywords } from './message-keywords.js';
import { smsTextFeatures } from './sms-features.js';

/** The text features spelled out with substrings and featureHash: what the one-pass scan must equal. */
function reference(text: string): number[] {
  const out: number[] = [];
  const s = text.slice(0, 2000);
  const kind = (c: number): string => {
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 39) return 'word';
    if (c >= 48 && c <= 57) return 'digit';
    if ([163, 36, 165, 8364, 0x5186].includes(c)) return 'money'; // 円 is a money sign, not a kanji here
    if ((c >= 0x3041 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf))
      return 'cjk';
    if (c === 33) return '!';
    return c === 32 ? 'space' : 'other';
  };
  const bucket = (n: number, edges: number[]) => edges.filter((e) => n > e).length;
  let words = 0;
  let bigrams = 0;
  let upper = 0;
  let runs = 0;
  let exclaim = 0;
  let money = 0;
  let prev: string | null = null;
  let i = 0;
  while (i < s.length) {
    const k = kind(s.charCodeAt(i));
    let j = i + 1;
    if (k === 'word' || k === 'digit') while (j < s.length && kind(s.charCodeAt(j)) === k) j++;
    const piece = s.slice(i, j);
    if (k === 'word') {
      if (words < 60 && piece.length >= 2 && piece.length <= 20) {
        const w = piece.toLowerCase();
        out.push(featureHash(`w:${w}`));
        if (prev !== null) out.push(featureHash(`ww:${prev}_${w}`));
        prev = w;
        words++;
        if (piece.length >= 3 && !/[a-z]/.test(piece)) upper++;
      }
    } else if (k === 'digit') {
      if (piece.length >= 4) {
        runs++;
        out.push(featureHash(`digits:${bucket(piece.length, [4, 5, 6, 9, 11])}`));
      }
      prev = null;
    } else {
      if (k === 'cjk' && bigrams < 80 && j < s.length && kind(s.charCodeAt(j)) === 'cjk') {
        out.push(featureHash(`j:${s.slice(i, i + 2)}`));
        bigrams++;
      }
      if (k === '!') exclaim++;
      if (k === 'money') money++;
      if (k !== 'space') prev = null;
    }
    i = j;
  }
  out.push(featureHash(`upper:${bucket(upper, [0, 1, 3])}`));
  out.push(featureHash(`digitruns:${bucket(runs, [0, 1, 2])}`));
  out.push(featureHash(`excl:${bucket(exclaim, [0, 1, 3])}`));
  if (money > 0) out.push(featureHash('money'));
  return out.sort((a, b) => a - b);
}

const pieces = [
  'a',
  'Z',
  "'",
  'free',
  'FREE',
  'Txt',
  '0',
  '1234',
  '090',
  ' ',
  '  ',
  '!',
  '£',
  '円',
  '$',
  '.',
  '佐川急便',
  'お荷物',
  'ー',
  'ｶ',
  '。',
  'au',
  'Amazon',
  '本人確認',
  'verify your account',
  'x'.repeat(25),
];
const messages = fc.oneof(
  fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((xs) => xs.join('')),
  fc.string({ maxLength: 80 }),
  fc.array(fc.constantFrom(...pieces), { minLength: 500, maxLength: 700 }).map((xs) => xs.join('')),
);

function features(text: string, keywords?: MessageKeywords): number[] {
  const out: number[] = [];
  if (keywords === undefined) smsTextFeatures(text, (h) => out.push(h));
  else keywords.scan(text, (h) => out.push(h));
  return out.sort((a, b) => a - b);
}

describe('smsTextFeatures', () => {
  const keywords = new MessageKeywords(new BrandIndex(DEFAULT_BRANDS), new LureIndex());

  it('emits exactly the features of the spelled-out definition', () => {
    fc.assert(
      fc.property(messages, (text) => {
        expect(features(text)).toEqual(reference(text));
      }),
      { numRuns: 1500 },
    );
  });

  it('gives the same features and keyword hits when stepped together with the keyword automaton', () => {
    fc.assert(
      fc.property(messages, (text) => {
        expect(features(text, keywords)).toEqual(features(text));
        expect(keywords.scan(text, () => {})).toEqual(keywords.scan(text));
      }),
      { numRuns: 1500 },
    );
  });
});
