import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceptsMention, BrandIndex } from './brand-index.js';
import { DEFAULT_BRANDS } from './default-brands.js';
import { LureIndex } from './lures.js';
import { MessageKeywords } from './message-keywords.js';

const brands = new BrandIndex(DEFAULT_BRANDS);
const lures = new LureIndex();
const keywords = new MessageKeywords(brands, lures);

// Pieces of brand names and lure phrases next to word characters, so boundaries and case matter.
const pieces = [
  ...DEFAULT_BRANDS.slice(0, 20).flatMap((b) => [...b.namesJa.slice(0, 1), ...b.namesEn.slice(0, 1)]),
  ...lures.lures.slice(0, 40).map((l) => l.phrase),
  'au',
  'AU',
  'Au',
  'LINE',
  'line',
  'Apple',
  'apple',
  'visa',
  'urgent',
  'URGENT',
  'x',
  'a',
  '1',
  ' ',
  '。',
  '【',
  '】',
  'の',
  'お客様',
  'click',
  'clicks',
  'pin',
  'spin',
];
const text = fc.array(fc.constantFrom(...pieces), { maxLength: 25 }).map((xs) => xs.join(''));

describe('MessageKeywords', () => {
  it('finds exactly the brand mentions and lures of the two separate scans', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ maxLength: 40 })), (t) => {
        const both = keywords.scan(t);
        expect(both.mentions).toEqual(brands.mentions(t));
        expect(new Set(both.lures)).toEqual(new Set(lures.find(t)));
        expect(both.lures.length).toBe(lures.find(t).length);
      }),
      { numRuns: 3000 },
    );
  });

  it('matches names in any case, exactly where a search of the lowercased text finds them', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          text,
          text.map((t) => t.toUpperCase()),
        ),
        (t) => {
          const lowered = t.toLowerCase();
          fc.pre(lowered.length === t.length);
          const expected: string[] = [];
          for (const [name, entry] of brands.nameEntries) {
            const needle = name.toLowerCase();
            for (let at = lowered.indexOf(needle); at >= 0; at = lowered.indexOf(needle, at + 1)) {
              if (acceptsMention(t, at, at + needle.length, entry))
                expected.push(`${at}:${entry.brand}:${entry.name}`);
            }
          }
          const found = keywords.scan(t).mentions.map((m) => `${m.start}:${m.brand}:${m.name}`);
          expect(found.sort()).toEqual(expected.sort());
        },
      ),
      { numRuns: 2000 },
    );
  });
});
