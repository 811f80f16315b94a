import { describe, expect, it } from 'vitest';
import { confusable, skeletonHost, skeletonLabel } from './skeleton.js';

describe('skeletonLabel', () => {
  it.each([
    ['ѕmbc', 'smbc'], // Cyrillic dze
    ['аmazon', 'amazon'], // Cyrillic a
    ['аррӏе', 'apple'], // all Cyrillic
    ['αpple', 'apple'], // Greek alpha
    ['ｓｍｂｃ', 'smbc'], // full-width
    ['ＡＭＡＺＯＮ', 'amazon'],
    ['arnazon', 'amazon'], // rn → m
    ['vvestjr', 'westjr'], // vv → w
    ['clocomo', 'docomo'], // cl → d
    ['g00gle', 'google'], // 0 → o
    ['paypa1', 'paypal'], // 1 → l
    ['Iine', 'line'], // capital I → l
    ['rakutén', 'rakuten'], // diacritics stripped
    ['mızuho', 'mizuho'], // dotless i
    ['ѕаіѕоn', 'saison'],
    ['հօme', 'home'], // Armenian
    ['smbcーcard', 'smbc-card'], // katakana prolonged sound mark
    ['mercari', 'mercari'],
  ])('%s → %s', (input, skeleton) => {
    expect(skeletonLabel(input)).toBe(skeleton);
  });

  it('returns plain lowercase ASCII without foldable sequences unchanged', () => {
    const label = 'kuronekoyamato';
    expect(skeletonLabel(label)).toBe(label);
  });

  it('keeps different-looking labels apart', () => {
    expect(skeletonLabel('smbc')).not.toBe(skeletonLabel('smbe'));
    expect(skeletonLabel('ѕмbс')).not.toBe('smbc'); // Cyrillic em is a small capital, not m
  });
});

describe('skeletonHost', () => {
  it('decodes punycode labels before folding them', () => {
    expect(skeletonHost('xn--mbc-ehd.co.jp')).toBe('smbc.co.jp');
    expect(skeletonHost('xn--80ak6aa92e.com')).toBe('apple.com');
    expect(skeletonHost('WWW.SMBC.CO.JP.')).toBe('www.smbc.co.jp');
  });

  it('compares hosts', () => {
    expect(confusable('xn--80ak6aa92e.com', 'apple.com')).toBe(true);
    expect(confusable('arnazon.co.jp', 'amazon.co.jp')).toBe(true);
    expect(confusable('amazon.co.jp', 'amazon.com')).toBe(false);
  });
});
