import fc from 'fast-check';
import { parse } from 'tldts';
import { describe, expect, it } from 'vitest';
import { domainFromAsciiHost } from '../../indicators/domain.js';
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
