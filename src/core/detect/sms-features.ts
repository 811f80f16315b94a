/**
 * Features of an SMS text for the message model: words (English), character bigrams (Japanese),
 * and the structure spam relies on — links, call-back numbers, short codes, money, shouting.
 * Features are emitted as FNV hashes computed straight from the text (no substring per word),
 * because this runs on every message a carrier delivers.
 */
import type { KeywordAutomaton, KeywordHit } from './keyword-automaton.js';
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
const WORD_SEED = featureHash('w:');
const WORD_PAIR = featureHash('ww:');
const JA_PAIR = featureHash('j:');
const UNDERSCORE = 95;
const FNV_PRIME = 0x01000193;
const EMPTY_U16 = new Uint16Array(0);
const EMPTY_U8 = new Uint8Array(0);

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

/** Classes of CHAR_CLASS; 0 is every other character. */
const WORD = 1;
const DIGIT = 2;
const CJK = 3;
const EXCLAIM_MARK = 4;
const MONEY_SIGN = 5;
const SPACE = 6;

/** Class of every UTF-16 code unit (an immutable table): one load per character in the scan. */
const CHAR_CLASS: Uint8Array = (() => {
  const t = new Uint8Array(65536);
  for (let c = 97; c <= 122; c++) t[c] = WORD;
  // Capitals are word characters hashed as their lowercase (`c | 32`), so no lowercased copy is made.
  for (let c = 65; c <= 90; c++) t[c] = WORD;
  t[39] = WORD;
  for (let c = 48; c <= 57; c++) t[c] = DIGIT;
  t.fill(CJK, 0x3041, 0x30ff + 1);
  t.fill(CJK, 0x4e00, 0x9fff + 1);
  t.fill(CJK, 0x3400, 0x4dbf + 1);
  t[33] = EXCLAIM_MARK;
  for (const c of [163, 36, 165, 8364, 0x5186]) t[c] = MONEY_SIGN;
  t[32] = SPACE;
  return t;
})();

function bucket(n: number, edges: readonly number[]): number {
  let i = 0;
  while (i < edges.length && n > (edges[i] as number)) i++;
  return i;
}

function ignoreHit(): void {}

/** A keyword automaton to step in the same pass as the text features, and where its hits go. */
export interface KeywordPass<T> {
  automaton: KeywordAutomaton<T>;
  onHit: (hit: KeywordHit<T>) => void;
}

/** Features of what the analysis found (links, phones, brand, lure categories) and of the length. */
export function smsFactFeatures(textLength: number, facts: SmsTextFacts, emit: HashSink): void {
  emit(BIAS);
  emit(LEN[bucket(textLength, [20, 40, 70, 110, 160, 250])] as number);
  emit(URLS[bucket(facts.urlCount, [0, 1])] as number);
  emit(PHONES[bucket(facts.phoneCount, [0, 1])] as number);
  if (facts.brandMentioned) emit(BRAND_URLS[bucket(facts.urlCount, [0])] as number);
  for (const c of facts.lureCategories) emit(fnvRange(LURE, c, 0, c.length));
}

/**
 * Features of the text itself (prepared, NFKC), case-insensitively: words and word pairs (the
 * lowercase, `c | 32`: every character that lowercases into a feature class is ASCII after
 * NFKC), Japanese character bigrams, digit runs, capitalized words, `!` and money signs.
 * With `keywords`, the automaton is stepped in the same pass (one read of each character for
 * both); its hits cover the whole text, the features its first MAX_SCAN characters.
 */
export function smsTextFeatures<T>(text: string, emit: HashSink, keywords?: KeywordPass<T>): void {
  const tables = keywords === undefined ? null : keywords.automaton.denseTables();
  // A sparse automaton (a very large keyword set) scans on its own.
  if (keywords !== undefined && tables === null) keywords.automaton.scan(text, keywords.onHit);
  const stepping = tables !== null && keywords !== undefined;
  const dense = tables?.dense ?? EMPTY_U16;
  const column = tables?.column ?? EMPTY_U16;
  const width = tables?.width ?? 0;
  const hasOutput = tables?.hasOutput ?? EMPTY_U8;
  const classOf = CHAR_CLASS;
  const length = text.length;
  const n = Math.min(length, MAX_SCAN);
  const automaton = keywords?.automaton;
  const onHit = keywords?.onHit ?? ignoreHit;
  let node = 0;
  let words = 0;
  let bigrams = 0;
  let upperWords = 0;
  let digitRuns = 0;
  let exclaim = 0;
  let money = 0;
  /** A previous word a pair can start from, and its pair prefix `ww:<word>_` as an FNV state. */
  let hasPrev = false;
  let prevLeft = 0;
  let i = 0;
  // Runs of word and digit characters are read in inner loops (the common case, kept tight); each
  // loop steps the automaton for the characters it reads (the same two lines in three places).
  while (i < n) {
    let c = text.charCodeAt(i);
    const cls = classOf[c] as number;
    if (cls === WORD) {
      // One pass over the word feeds three FNV states: the word, the word as the left half of the
      // next pair, and the pair with the previous word (which would otherwise be hashed again).
      let word = WORD_SEED;
      let asLeft = WORD_PAIR;
      let pair = prevLeft;
      let lowerSeen = 0;
      let j = i;
      for (;;) {
        if (stepping) {
          node = dense[node * width + (column[c] as number)] as number;
          if (hasOutput[node] === 1) automaton?.reportAt(node, j + 1, onHit);
        }
        const lower = c | 32;
        word = Math.imul(word ^ lower, FNV_PRIME);
        asLeft = Math.imul(asLeft ^ lower, FNV_PRIME);
        pair = Math.imul(pair ^ lower, FNV_PRIME);
        // a–z have bits 5 and 6 set; A–Z and the apostrophe do not have both.
        lowerSeen |= (c >>> 5) & (c >>> 6) & 1;
        if (++j >= n) break;
        c = text.charCodeAt(j);
        if (classOf[c] !== WORD) break;
      }
      if (words < MAX_WORDS && j - i >= 2 && j - i <= 20) {
        emit(word >>> 0);
        if (hasPrev) emit(pair >>> 0);
        hasPrev = true;
        prevLeft = fnvChar(asLeft >>> 0, UNDERSCORE);
        words++;
        if (j - i >= 3 && lowerSeen === 0) upperWords++;
      }
      i = j;
      continue;
    }
    if (stepping) {
      node = dense[node * width + (column[c] as number)] as number;
      if (hasOutput[node] === 1) automaton?.reportAt(node, i + 1, onHit);
    }
    if (cls === DIGIT) {
      let j = i + 1;
      while (j < n) {
        c = text.charCodeAt(j);
        if (classOf[c] !== DIGIT) break;
        if (stepping) {
          node = dense[node * width + (column[c] as number)] as number;
          if (hasOutput[node] === 1) automaton?.reportAt(node, j + 1, onHit);
        }
        j++;
      }
      if (j - i >= 4) {
        digitRuns++;
        emit(DIGITS[bucket(j - i, [4, 5, 6, 9, 11])] as number);
      }
      i = j;
      hasPrev = false;
      continue;
    }
    if (cls === CJK) {
      if (bigrams < MAX_BIGRAMS && i + 1 < n && classOf[text.charCodeAt(i + 1)] === CJK) {
        const h = Math.imul(JA_PAIR ^ c, FNV_PRIME);
        emit(Math.imul(h ^ text.charCodeAt(i + 1), FNV_PRIME) >>> 0);
        bigrams++;
      }
    } else if (cls === EXCLAIM_MARK) exclaim++;
    else if (cls === MONEY_SIGN) money++;
    if (cls !== SPACE) hasPrev = false;
    i++;
  }
  if (stepping) {
    for (let k = n; k < length; k++) {
      node = dense[node * width + (column[text.charCodeAt(k)] as number)] as number;
      if (hasOutput[node] === 1) automaton?.reportAt(node, k + 1, onHit);
    }
  }
  emit(UPPER[bucket(upperWords, [0, 1, 3])] as number);
  emit(DIGIT_RUNS[bucket(digitRuns, [0, 1, 2])] as number);
  emit(EXCLAIM[bucket(exclaim, [0, 1, 3])] as number);
  if (money > 0) emit(MONEY);
}

/** Every feature of a message for the model (the text's and the analysis facts'). */
export function smsFeatures(text: string, facts: SmsTextFacts, emit: HashSink): void {
  smsFactFeatures(text.length, facts, emit);
  smsTextFeatures(text, emit);
}
