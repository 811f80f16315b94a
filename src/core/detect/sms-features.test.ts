import { describe, expect, it } from 'vitest';
import { fnvChar } from './linear-model.js';
import { smsFeatures } from './sms-features.js';

/**
 * The shipped message model's weights are indexed by these hashes: any change to how features are
 * computed must leave them identical (or come with a retrained model). Digests recorded when the
 * one-pass word hashing replaced the straightforward version, after a property test held the two
 * equal on random text.
 */
const facts = { urlCount: 1, phoneCount: 0, brandMentioned: true, lureCategories: ['delivery'] };
const GOLDEN: Array<[string, number, number]> = [
  [
    'URGENT! You have won a 1 week FREE membership in our £100,000 Prize Jackpot! Txt the word: CLAIM to No: 81010',
    39,
    3861127936,
  ],
  [
    '【佐川急便】お荷物のお届けにあがりましたが不在の為持ち帰りました。配送物は下記よりご確認ください',
    51,
    2628571284,
  ],
  ["hello world don't stop a i  12345 STOP Txt", 20, 2310013169],
  [`${'x'.repeat(30)} ok ${'word '.repeat(70)}`, 128, 1048764435],
];

function digest(text: string): [number, number] {
  let d = 0x811c9dc5;
  let n = 0;
  smsFeatures(text, facts, (h) => {
    d = fnvChar(fnvChar(fnvChar(fnvChar(d, h & 255), (h >>> 8) & 255), (h >>> 16) & 255), h >>> 24);
    n++;
  });
  return [n, d];
}

describe('smsFeatures', () => {
  it.each(GOLDEN)('emits the hashes the shipped model was trained on: %s', (text, count, d) => {
    expect(digest(text)).toEqual([count, d]);
  });
});
