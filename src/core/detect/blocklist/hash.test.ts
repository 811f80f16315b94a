import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  Hash64,
  hash64,
  hashPrefixes,
  hashRange,
  hashRangeReverse,
  hashSuffixes,
  KIND_WORDS,
} from './hash.js';

const popcount = (x: number): number => {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) n++;
  return n;
};

describe('hash64', () => {
  it('is pinned: snapshots persist these values', () => {
    // Literal values so a change to the function (which invalidates snapshots) fails loudly.
    expect(hash64('a')).toEqual([3051511496, 3127495742]);
    expect(hash64('example.com', KIND_WORDS[1])).toEqual([4229208848, 3275342838]);
    expect(hash64('ドメイン.jp')).toEqual([550452454, 3776954332]);
  });

  it('hashes a range the same as the sliced string', () => {
    const s = 'https://a.b.example.co.jp/x/y?z=1';
    const out = new Hash64();
    for (const [start, end] of [
      [0, s.length],
      [8, 25],
      [3, 4],
      [10, 10],
    ] as const) {
      hashRange(out, s, 7, start, end);
      expect([out.hi, out.lo]).toEqual(hash64(s.slice(start, end), 7));
    }
  });

  it('gives every boundary of a one-pass prefix or suffix walk the same hash as a single call', () => {
    // Ends may repeat (a path prefix that is also the URL without query) with different words.
    const out = new Hash64();
    fc.assert(
      fc.property(
        fc.string({ maxLength: 40, unit: 'binary' }),
        fc.array(fc.nat(40), { maxLength: 9 }),
        fc.array(fc.nat(), { minLength: 9, maxLength: 9 }),
        (s, cuts, kindWords) => {
          const points = cuts.filter((c) => c <= s.length).sort((x, y) => x - y);
          const n = points.length;
          const his = new Uint32Array(n + 1);
          const los = new Uint32Array(n + 1);
          const ws = Uint32Array.from(kindWords);
          const start = Math.min(2, ...points, s.length);
          hashPrefixes(s, start, Int32Array.from(points), ws, n, his, los);
          points.forEach((e, j) => {
            hashRange(out, s, ws[j]!, start, e);
            expect([his[j], los[j]]).toEqual([out.hi, out.lo]);
          });
          const starts = Int32Array.from(points.reverse());
          if (n === 0) return;
          const [w, last] = [ws[0]!, ws[1]!];
          hashSuffixes(s, s.length, starts, n, w, last, his, los);
          starts.forEach((b, j) => {
            hashRangeReverse(out, s, w, b, s.length);
            expect([his[j], los[j]]).toEqual([out.hi, out.lo]);
          });
          hashRangeReverse(out, s, last, starts[n - 1]!, s.length);
          expect([his[n], los[n]]).toEqual([out.hi, out.lo]);
        },
      ),
    );
  });

  it('reverse hashing is hashing the reversed string', () => {
    const out = new Hash64();
    hashRangeReverse(out, 'abc.example', 3, 0, 11);
    expect([out.hi, out.lo]).toEqual(hash64('elpmaxe.cba', 3));
    expect(hash64('abc.example', 3)).not.toEqual(hash64('elpmaxe.cba', 3));
  });

  it('separates kinds, lengths and odd tails', () => {
    expect(hash64('x', 1)).not.toEqual(hash64('x', 2));
    expect(hash64('', KIND_WORDS[0])).not.toEqual(hash64('', KIND_WORDS[3]));
    expect(hash64('x')).not.toEqual(hash64('x\0'));
    expect(hash64('')).not.toEqual(hash64('\0'));
    expect(hash64('ab')).not.toEqual(hash64('ba'));
  });

  it('has no collisions and even buckets over 200k similar strings', () => {
    const seen = new Set<string>();
    const buckets = 1024;
    const hiCounts = new Uint32Array(buckets);
    const loCounts = new Uint32Array(buckets);
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const [hi, lo] = hash64(`https://host${i % 97}.example/p/${i}`);
      seen.add(`${hi}:${lo}`);
      hiCounts[hi >>> 22]!++;
      loCounts[lo & (buckets - 1)]!++;
    }
    expect(seen.size).toBe(n);
    // Chi-square with 1023 degrees of freedom: mean 1023, sd ≈ 45; 1250 is ~5 sd.
    const expected = n / buckets;
    for (const counts of [hiCounts, loCounts]) {
      let chi = 0;
      for (const c of counts) chi += (c - expected) ** 2 / expected;
      expect(chi).toBeLessThan(1250);
    }
  });

  it('avalanches: one flipped input bit changes about half of the 64 output bits', () => {
    let total = 0;
    let trials = 0;
    let worst = 64;
    for (let i = 0; i < 2_000; i++) {
      const s = `evil-${i}.example/path`;
      const [hi, lo] = hash64(s);
      const pos = i % s.length;
      const bit = 1 << (i % 7);
      const t = s.slice(0, pos) + String.fromCharCode(s.charCodeAt(pos) ^ bit) + s.slice(pos + 1);
      const [hi2, lo2] = hash64(t);
      const d = popcount(hi ^ hi2) + popcount(lo ^ lo2);
      total += d;
      worst = Math.min(worst, d);
      trials++;
    }
    const mean = total / trials;
    expect(mean).toBeGreaterThan(30);
    expect(mean).toBeLessThan(34);
    expect(worst).toBeGreaterThan(10);
  });
});
