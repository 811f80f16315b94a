/**
 * The one-pass word hashing of `smsFeatures` must emit exactly the hashes of the straightforward
 * version below (the shipped model's weights are indexed by them).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { featureHash, fnvChar, fnvRange } from './linear-model.js';
import { smsFeatures } from './sms-features.js';

type HashSink = (hash: number) => void;

interface SmsTextFacts {
  urlCount: number;
  phoneCount: number;
  brandMentioned: boolean;
  lureCategories: readonly string[];
}

const MAX_WORDS = 60;
const MAX_BIGRAMS = 80;
const MAX_SCAN = 2000;
const WORD = featureHash('w:');
const WORD_PAIR = featureHash('ww:');
const JA_PAIR = featureHash('j:');
const UNDERSCORE = 95;

/** Hashes of the bucketed features, computed once: `table(name, n)[b]` = featureHash(`${name}:${b}`). */
function table(name: string, buckets: number): Uint32Array {
  return Uint32Array.from({ length: buckets }, (_, b) => featureHash(`${name}:${b}`));
}

const BIAS = featureHash('bias');
const LEN = table('len', 7);
const URLS = table('urls', 3);
const PHONES = table('phones', 3);
const BRAND_URLS = table('brand|urls', 2);
const DIGITS = table('digits', 6);
const UPPER = table('upper', 4);
const DIGIT_RUNS = table('digitruns', 4);
const EXCLAIM = table('excl', 4);
const MONEY = featureHash('money');
const LURE = featureHash('lure:');

function isCjk(c: number): boolean {
  return (c >= 0x3041 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

function bucket(n: number, edges: readonly number[]): number {
  let i = 0;
  while (i < edges.length && n > (edges[i] as number)) i++;
  return i;
}

function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || c === 39;
}

function isUpperWord(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
  }
  return true;
}

/** Emits feature hashes of prepared (NFKC) text; `lowered` is its lowercase form. */
function referenceSmsFeatures(text: string, lowered: string, facts: SmsTextFacts, emit: HashSink): void {
  emit(BIAS);
  emit(LEN[bucket(text.length, [20, 40, 70, 110, 160, 250])] as number);
  emit(URLS[bucket(facts.urlCount, [0, 1])] as number);
  emit(PHONES[bucket(facts.phoneCount, [0, 1])] as number);
  if (facts.brandMentioned) emit(BRAND_URLS[bucket(facts.urlCount, [0])] as number);
  for (const c of facts.lureCategories) emit(fnvRange(LURE, c, 0, c.length));
  let words = 0;
  let bigrams = 0;
  let prevStart = -1;
  let prevEnd = -1;
  let upperWords = 0;
  let digitRuns = 0;
  let exclaim = 0;
  let money = 0;
  let i = 0;
  const n = Math.min(lowered.length, MAX_SCAN);
  while (i < n) {
    const c = lowered.charCodeAt(i);
    if (isWordChar(c)) {
      let j = i + 1;
      while (j < n && isWordChar(lowered.charCodeAt(j))) j++;
      if (words < MAX_WORDS && j - i >= 2 && j - i <= 20) {
        emit(fnvRange(WORD, lowered, i, j));
        if (prevStart >= 0) {
          const left = fnvChar(fnvRange(WORD_PAIR, lowered, prevStart, prevEnd), UNDERSCORE);
          emit(fnvRange(left, lowered, i, j));
        }
        prevStart = i;
        prevEnd = j;
        words++;
        if (j - i >= 3 && isUpperWord(text, i, j)) upperWords++;
      }
      i = j;
      continue;
    }
    if (c >= 48 && c <= 57) {
      let j = i + 1;
      while (j < n && lowered.charCodeAt(j) >= 48 && lowered.charCodeAt(j) <= 57) j++;
      if (j - i >= 4) {
        digitRuns++;
        emit(DIGITS[bucket(j - i, [4, 5, 6, 9, 11])] as number);
      }
      i = j;
      prevStart = -1;
      continue;
    }
    if (isCjk(c)) {
      if (bigrams < MAX_BIGRAMS && i + 1 < n && isCjk(lowered.charCodeAt(i + 1))) {
        emit(fnvRange(JA_PAIR, lowered, i, i + 2));
        bigrams++;
      }
    } else if (c === 33) exclaim++;
    else if (c === 163 || c === 36 || c === 165 || c === 8364 || c === 0x5186) money++;
    if (c !== 32) prevStart = -1;
    i++;
  }
  emit(UPPER[bucket(upperWords, [0, 1, 3])] as number);
  emit(DIGIT_RUNS[bucket(digitRuns, [0, 1, 2])] as number);
  emit(EXCLAIM[bucket(exclaim, [0, 1, 3])] as number);
  if (money > 0) emit(MONEY);
}

const facts = { urlCount: 1, phoneCount: 0, brandMentioned: true, lureCategories: ['delivery'] };
const pieces = [
  'hello',
  'WORLD',
  'a',
  'i',
  "don't",
  '  ',
  ' ',
  '.',
  '!',
  '12345',
  '£',
  '佐川',
  'お荷物',
  'xxxxxxxxxxxxxxxxxxxxxx',
  'Txt',
  'STOP',
  '\n',
];

function both(text: string) {
  const lowered = text.toLowerCase();
  if (lowered.length !== text.length) return;
  const a: number[] = [];
  const b: number[] = [];
  smsFeatures(text, lowered, facts, (h) => a.push(h));
  referenceSmsFeatures(text, lowered, facts, (h) => b.push(h));
  expect(a).toEqual(b);
}

describe('smsFeatures', () => {
  it('emits the same hashes as the reference implementation', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(fc.constantFrom(...pieces), { maxLength: 80 }).map((x) => x.join('')),
          fc.string({ maxLength: 200 }),
        ),
        both,
      ),
      { numRuns: 2000 },
    );
    both(
      'URGENT! You have won a 1 week FREE membership in our £100,000 Prize Jackpot! Txt the word: CLAIM to No: 81010',
    );
  });
});
