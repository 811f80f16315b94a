/**
 * Features of an SMS text for the message model: words (English), character bigrams (Japanese),
 * and the structure spam relies on — links, call-back numbers, short codes, money, shouting.
 * Features are emitted as FNV hashes computed straight from the text (no substring per word),
 * because this runs on every message a carrier delivers.
 */
import { featureHash, fnvChar, fnvRange } from './linear-model.js';

export type HashSink = (hash: number) => void;

export interface SmsTextFacts {
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
export function smsFeatures(text: string, lowered: string, facts: SmsTextFacts, emit: HashSink): void {
  const named = (name: string) => emit(featureHash(name));
  named('bias');
  named(`len:${bucket(text.length, [20, 40, 70, 110, 160, 250])}`);
  named(`urls:${bucket(facts.urlCount, [0, 1])}`);
  named(`phones:${bucket(facts.phoneCount, [0, 1])}`);
  if (facts.brandMentioned) named(`brand|urls:${bucket(facts.urlCount, [0])}`);
  for (const c of facts.lureCategories) named(`lure:${c}`);
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
        named(`digits:${bucket(j - i, [4, 5, 6, 9, 11])}`);
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
  named(`upper:${bucket(upperWords, [0, 1, 3])}`);
  named(`digitruns:${bucket(digitRuns, [0, 1, 2])}`);
  named(`excl:${bucket(exclaim, [0, 1, 3])}`);
  if (money > 0) named('money');
}
