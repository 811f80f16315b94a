/**
 * Features of an SMS text for the message model: words (English), character bigrams (Japanese),
 * and the structure spam relies on — links, call-back numbers, short codes, money, shouting.
 * Same hashing as the URL model; the lure and brand rules add explainable evidence on top.
 */
import type { FeatureGroup } from './url-features.js';

export type SmsFeatureSink = (name: string, group: FeatureGroup | 'text') => void;

export interface SmsTextFacts {
  urlCount: number;
  phoneCount: number;
  brandMentioned: boolean;
  lureCategories: readonly string[];
}

const MAX_WORDS = 60;
const MAX_BIGRAMS = 80;

function isCjk(c: number): boolean {
  return (c >= 0x3041 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

function bucket(n: number, edges: readonly number[]): number {
  let i = 0;
  while (i < edges.length && n > (edges[i] as number)) i++;
  return i;
}

/** Emits features of prepared (NFKC) text; `lowered` is its lowercase form. */
export function smsFeatures(text: string, lowered: string, facts: SmsTextFacts, emit: SmsFeatureSink): void {
  emit('bias', 'text');
  emit(`len:${bucket(text.length, [20, 40, 70, 110, 160, 250])}`, 'text');
  emit(`urls:${bucket(facts.urlCount, [0, 1])}`, 'text');
  emit(`phones:${bucket(facts.phoneCount, [0, 1])}`, 'text');
  if (facts.brandMentioned) emit(`brand|urls:${bucket(facts.urlCount, [0])}`, 'text');
  for (const c of facts.lureCategories) emit(`lure:${c}`, 'text');
  let words = 0;
  let bigrams = 0;
  let prevWord = '';
  let upperWords = 0;
  let digitRuns = 0;
  let exclaim = 0;
  let money = 0;
  let i = 0;
  const n = Math.min(text.length, 2000);
  while (i < n) {
    const c = lowered.charCodeAt(i);
    if ((c >= 97 && c <= 122) || c === 39) {
      let j = i + 1;
      while (j < n) {
        const d = lowered.charCodeAt(j);
        if (!((d >= 97 && d <= 122) || d === 39)) break;
        j++;
      }
      if (words < MAX_WORDS && j - i >= 2 && j - i <= 20) {
        const w = lowered.slice(i, j);
        emit(`w:${w}`, 'text');
        if (prevWord !== '') emit(`ww:${prevWord}_${w}`, 'text');
        prevWord = w;
        words++;
        if (j - i >= 3 && text.slice(i, j) === text.slice(i, j).toUpperCase()) upperWords++;
      }
      i = j;
      continue;
    }
    if (c >= 48 && c <= 57) {
      let j = i + 1;
      while (j < n && lowered.charCodeAt(j) >= 48 && lowered.charCodeAt(j) <= 57) j++;
      if (j - i >= 4) {
        digitRuns++;
        emit(`digits:${bucket(j - i, [4, 5, 6, 9, 11])}`, 'text');
      }
      i = j;
      continue;
    }
    if (isCjk(c)) {
      const d = lowered.charCodeAt(i + 1);
      if (bigrams < MAX_BIGRAMS && i + 1 < n && isCjk(d)) {
        emit(`j:${lowered.slice(i, i + 2)}`, 'text');
        bigrams++;
      }
    } else if (c === 33) exclaim++;
    else if (c === 163 || c === 36 || c === 165 || c === 8364 || c === 0x5186) money++;
    prevWord = c === 32 ? prevWord : '';
    i++;
  }
  emit(`upper:${bucket(upperWords, [0, 1, 3])}`, 'text');
  emit(`digitruns:${bucket(digitRuns, [0, 1, 2])}`, 'text');
  emit(`excl:${bucket(exclaim, [0, 1, 3])}`, 'text');
  if (money > 0) emit('money', 'text');
}
