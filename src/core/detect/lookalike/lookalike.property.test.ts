import fc from 'fast-check';
import { parse } from 'tldts';
import { describe, expect, it } from 'vitest';
import { domainFromAsciiHost } from '../../indicators/domain.js';
import { boundedOsa, deletionHashes, deletionNeighbourhood, hashString } from './distance.js';
import { SAMPLE_BRANDS } from './fixtures.js';
import { type Fuzzer, generateLookalikes } from './generate.js';
import { createLookalikeMatcher, MIN_FREE_TOKEN } from './matcher.js';

const SUFFIXES = ['com', 'jp', 'co.jp', 'ne.jp', 'net', 'top', 'com.cn'];
const label = fc
  .stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,18}[a-z0-9])?$/)
  .filter((l) => l.slice(2, 4) !== '--');
const domain = fc
  .tuple(
    fc.option(fc.constantFrom('www', 'post', 'my-page'), { nil: undefined }),
    label,
    fc.constantFrom(...SUFFIXES),
  )
  .map(([sub, l, s]) => (sub === undefined ? `${l}.${s}` : `${sub}.${l}.${s}`));

/** Classes that imitate the label itself; each variant is within the matcher's reach by design. */
const LABEL_CLASSES: ReadonlySet<Fuzzer> = new Set([
  'addition',
  'bitsquatting',
  'cyrillic',
  'homoglyph',
  'hyphenation',
  'insertion',
  'omission',
  'plural',
  'repetition',
  'replacement',
  'transposition',
  'vowel-swap',
]);

/** Textbook optimal-string-alignment distance, full matrix: the reference for the banded one. */
function osa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => i + j * (i === 0 ? 1 : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

describe('distance primitives', () => {
  const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 12 });

  it('the banded, bounded OSA agrees with the full matrix', () => {
    fc.assert(
      fc.property(word, word, fc.integer({ min: 0, max: 3 }), (a, b, max) => {
        expect(boundedOsa(a, b, max)).toBe(Math.min(osa(a, b), max + 1));
      }),
      { numRuns: 2000 },
    );
  });

  it('deletion hashes are the hashes of the deletion neighbourhood', () => {
    const out = new Int32Array(200);
    fc.assert(
      fc.property(word, fc.integer({ min: 0, max: 2 }), (s, k) => {
        const got = new Set(out.subarray(0, deletionHashes(s, k, out)));
        expect(got).toEqual(new Set([...deletionNeighbourhood(s, k)].map(hashString)));
      }),
    );
  });
});

describe('lookalike properties', () => {
  it('generation only emits unique, valid hostnames other than the input', () => {
    fc.assert(
      fc.property(domain, (d) => {
        const names = generateLookalikes(d).map((r) => r.domain);
        expect(new Set(names).size).toBe(names.length);
        expect(names).not.toContain(d);
        for (const n of names) expect(domainFromAsciiHost(n).ok, n).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  // Brands whose official label is long enough for typo matching (`au`, `jcb`, `nta` are whole-token only).
  const brands = SAMPLE_BRANDS.filter(
    (b) => (parse(b.officialDomains[0] as string).domainWithoutSuffix ?? '').length >= MIN_FREE_TOKEN,
  );
  const matcher = createLookalikeMatcher(SAMPLE_BRANDS);
  const variants = brands.flatMap((b) =>
    generateLookalikes(b.officialDomains[0] as string)
      .filter((v) => LABEL_CLASSES.has(v.fuzzer))
      .map((v) => ({ brand: b.id, ...v })),
  );

  it('the matcher flags the typo and homoglyph variants of every sampled brand', () => {
    fc.assert(
      fc.property(fc.constantFrom(...variants), (v) => {
        expect(
          matcher.match(v.domain).map((m) => m.brand),
          `${v.fuzzer} ${v.domain}`,
        ).toContain(v.brand);
      }),
      { numRuns: 2000 },
    );
  });
});
