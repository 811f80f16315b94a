import { domainToASCII, domainToUnicode } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SAMPLE_DOMAINS } from './fixtures.js';
import { generateLookalikes } from './generate.js';
import { punycodeLabel, punycodeSwap } from './punycode.js';
import { GLYPHS } from './skeleton.js';

/** The glyphs the generator may use: those IDNA leaves unchanged. */
const stableGlyphs = Object.values(GLYPHS)
  .flatMap((groups) => [...groups.join('')])
  .filter((g) => domainToUnicode(domainToASCII(`${g}.jp`)) === `${g}.jp`);

/** The name under .jp, or '' when the label is invalid (what domainToASCII answers then). */
const asJp = (label: string) => (label === '' ? '' : `${label}.jp`);

describe('punycodeLabel', () => {
  it('matches known encodings and leaves ASCII alone', () => {
    expect(punycodeLabel('bücher')).toBe('xn--bcher-kva');
    expect(punycodeLabel('例え')).toBe('xn--r8jz45g');
    expect(punycodeLabel('аррӏе')).toBe('xn--80ak6aa92e'); // all Cyrillic: no ASCII part, no delimiter
    expect(punycodeLabel('smbc')).toBe('smbc');
  });

  it('agrees with domainToASCII for ASCII labels with stable look-alike glyphs anywhere', () => {
    const glyphRun = fc.array(fc.constantFrom(...stableGlyphs), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9-]{0,12}$/), glyphRun, fc.nat(), (ascii, glyphs, at) => {
        const i = at % (ascii.length + 1);
        const label = ascii.slice(0, i) + glyphs.join('') + ascii.slice(i);
        expect(asJp(punycodeLabel(label))).toBe(domainToASCII(`${label}.jp`));
      }),
      { numRuns: 3000 },
    );
  });

  it('punycodeSwap equals punycodeLabel of the substituted label', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z0-9-]{1,20}$/),
        fc.constantFrom(...stableGlyphs),
        fc.nat(),
        (ascii, g, at) => {
          const i = at % ascii.length;
          const swapped = punycodeSwap(ascii, i, g);
          expect(swapped).toBe(punycodeLabel(ascii.slice(0, i) + g + ascii.slice(i + 1)));
          expect(asJp(swapped)).toBe(domainToASCII(`${ascii.slice(0, i)}${g}${ascii.slice(i + 1)}.jp`));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('every generated IDN name is the canonical ACE form of its Unicode spelling', () => {
    for (const d of SAMPLE_DOMAINS) {
      for (const { domain } of generateLookalikes(d)) {
        if (domain.includes('xn--')) expect(domainToASCII(domainToUnicode(domain))).toBe(domain);
      }
    }
  });
});
