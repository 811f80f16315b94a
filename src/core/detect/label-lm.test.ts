import { describe, expect, it } from 'vitest';
import { LabelLm, LM_SYMBOLS, trainLabelLm } from './label-lm.js';
import { URL_MODEL } from './models/url-model.js';

describe('label language model', () => {
  it('scores names made of familiar letter pairs below keyboard mashes', () => {
    const lm = new LabelLm(
      trainLabelLm(['tokyo', 'osaka', 'yamato', 'sakura', 'mountain', 'station', 'kyoto']),
    );
    expect(lm.bitsPerChar('tokaido')).toBeLessThan(lm.bitsPerChar('xqzkvb'));
    // A range of a longer string scores like the label alone.
    expect(lm.bitsPerChar('www.osaka.jp', 4, 9)).toBeCloseTo(lm.bitsPerChar('osaka'), 10);
  });

  it('ships with the URL model and separates real names from JPCERT/CC-style random ones', () => {
    expect(URL_MODEL.labelLm).toBeDefined();
    const lm = LabelLm.fromBase64(URL_MODEL.labelLm ?? '');
    for (const [word, mash] of [
      ['kuronekoyamato', 'mhnbkq'],
      ['rakuten', 'ua4nzx'],
      ['weather', 'xqig'],
    ] as const)
      expect(lm.bitsPerChar(word)).toBeLessThan(lm.bitsPerChar(mash));
  });

  it('rejects a table of the wrong size', () => {
    expect(() => new LabelLm(new Uint8Array(LM_SYMBOLS))).toThrow();
  });
});
