import { describe, expect, it } from 'vitest';
import { fnvChar } from './linear-model.js';
import { smsFeatures } from './sms-features.js';

/**
 * The shipped message model's weights are indexed by these hashes: any change to how features are
 * computed must leave them identical (or come with a retrained model). Digests recorded when the
 * one-pass word hashing replaced the straightforward version, after a property test held the two
 * equal on random text. Digests are of the hashes as a multiset (order changed when the text
 * features moved into the keyword pass).
 */
const facts = { urlCount: 1, phoneCount: 0, brandMentioned: true, lureCategories: ['delivery'] };
const GOLDEN: Array<[string, number, number]> = [
  [
    'URGENT! You have won a 1 week FREE membership in our £100,000 Prize Jackpot! Txt the word: CLAIM to No: 81010',
    39,
    1710861160,
  ],
  [
    '【佐川急便】お荷物のお届けにあがりましたが不在の為持ち帰りました。配送物は下記よりご確認ください',
    51,
    3336262408,
  ],
  ["hello world don't stop a i  12345 STOP Txt", 20, 1655894749],
  [`${'x'.repeat(30)} ok ${'word '.repeat(70)}`, 128, 803345431],
  [`Call 0120-444-555 NOW!! 円€$ ｶﾀｶﾅ漢字かな ${'ab '.repeat(700)}12345 tail`, 131, 847936612],
  ["It's ＦＲＥＥ：don't miss 90000 1234 12 !!!! Ünïcode ΣΑΣ 【ヤマト】ok", 19, 4110380782],
];

/** Count and digest of the emitted hashes as a multiset: the model sums them, so order is free. */
function digest(text: string): [number, number] {
  const hashes: number[] = [];
  smsFeatures(text, facts, (h) => hashes.push(h));
  hashes.sort((a, b) => a - b);
  let d = 0x811c9dc5;
  for (const h of hashes)
    d = fnvChar(fnvChar(fnvChar(fnvChar(d, h & 255), (h >>> 8) & 255), (h >>> 16) & 255), h >>> 24);
  return [hashes.length, d];
}

describe('smsFeatures', () => {
  it.each(GOLDEN)('emits the hashes the shipped model was trained on: %s', (text, count, d) => {
    expect(digest(text)).toEqual([count, d]);
  });
});
