import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mapRange } from './offsets.js';
import { mapSpan, nfkcMapped, prepareMapped, prepareText } from './text.js';

const INVISIBLE_RE = /\u200b|\u200c|\u200d|\u2060|\ufeff|\u00ad/g;

describe('prepareText: NFKC', () => {
  it('turns full-width ASCII into ASCII', () => {
    expect(prepareText('ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｃｏｍ')).toBe('https://example.com');
    expect(prepareText('０９０－１２３４－５６７８')).toBe('090-1234-5678');
    expect(prepareText('ＡＢＣ　ＤＥＦ')).toBe('ABC DEF');
  });

  it('composes half-width katakana with voiced marks', () => {
    expect(prepareText('ｶﾞｲﾄﾞ')).toBe('ガイド');
  });

  it('keeps ordinary Japanese text unchanged', () => {
    const s = 'お荷物のお届けにあがりましたが不在の為持ち帰りました。配送物は下記よりご確認ください。';
    expect(prepareText(s)).toBe(s);
    expect(prepareText('カスタマーセンター（０１２０）')).toBe('カスタマーセンター(0120)');
  });

  it('removes zero-width characters used to break links', () => {
    expect(prepareText('exa\u200bmple.c\u200dom')).toBe('example.com');
    expect(prepareText('\ufeffabc')).toBe('abc');
  });

  it('returns the same string instance when nothing changes', () => {
    const s = 'plain ascii text';
    expect(prepareText(s)).toBe(s);
  });
});

describe('prepareText: refanging', () => {
  it.each([
    ['hxxp://example.com', 'http://example.com'],
    ['hXXps://example.com', 'https://example.com'],
    ['HXXPS://example.com', 'https://example.com'],
    ['h**ps://example.com', 'https://example.com'],
    ['hxxps[:]//evil[.]example[.]com', 'https://evil.example.com'],
    ['fxp://files.example.com', 'ftp://files.example.com'],
    ['evil(.)example{.}com', 'evil.example.com'],
    ['evil[dot]example(dot)com', 'evil.example.com'],
    ['evil [.] example [.] com', 'evil.example.com'],
    ['evil\\.example\\.com', 'evil.example.com'],
    ['user[@]example.com', 'user@example.com'],
    ['user[at]example.com', 'user@example.com'],
    ['user(at)example.com', 'user@example.com'],
    ['https[://]example.com', 'https://example.com'],
    ['example.com[/]login', 'example.com/login'],
    ['evil dot example dot com', 'evil.example.com'],
    ['example。com', 'example.com'],
    ['sagawa-xq｡top', 'sagawa-xq.top'],
    ['090ー1234ー5678', '090-1234-5678'],
    ['03−1234−5678', '03-1234-5678'],
  ])('%s → %s', (input, expected) => {
    expect(prepareText(input)).toBe(expected);
  });

  it('does not corrupt Japanese prose', () => {
    const prose = '確認してください。詳しくはこちら。カスタマーサービス（平日）';
    expect(prepareText(prose)).toBe('確認してください。詳しくはこちら。カスタマーサービス(平日)');
    expect(prepareText('https://example.com/a。詳しくは')).toBe('https://example.com/a。詳しくは');
    expect(prepareText('ID。Apple')).toBe('ID。Apple');
  });

  it('does not corrupt English prose', () => {
    expect(prepareText('connect the dot with a line')).toBe('connect the dot with a line');
    expect(prepareText('meet at noon (at the station)')).toBe('meet at noon (at the station)');
    expect(prepareText('the xxp value')).toBe('the xxp value');
    expect(prepareText('ahxxp://x')).toBe('ahxxp://x');
  });
});

describe('offset mapping', () => {
  it('maps spans back through NFKC and refanging', () => {
    const original = 'ＵＲＬ：hxxps://evil[.]example[.]com です';
    const mt = prepareMapped(original);
    expect(mt.text).toBe('URL:https://evil.example.com です');
    const start = mt.text.indexOf('https');
    const end = start + 'https://evil.example.com'.length;
    const [s, e] = mapSpan(mt, start, end);
    expect(original.slice(s, e)).toBe('hxxps://evil[.]example[.]com');
  });

  it('maps expansions (one source char → several) to the whole source char', () => {
    const original = 'a㍿b';
    const mt = prepareMapped(original);
    expect(mt.text).toBe('a株式会社b');
    expect(mapSpan(mt, 2, 3)).toEqual([1, 2]);
    expect(mapSpan(mt, 0, mt.text.length)).toEqual([0, original.length]);
  });

  it('identity when nothing changes', () => {
    const mt = prepareMapped('abc');
    expect(mt.maps).toEqual([]);
    expect(mapSpan(mt, 1, 2)).toEqual([1, 2]);
    expect(mapRange([], 0, 0)).toEqual([0, 0]);
  });
});

describe('properties', () => {
  it('chunked NFKC equals whole-string NFKC (minus invisible characters)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (s) => {
        expect(nfkcMapped(s, true).text).toBe(s.normalize('NFKC').replace(INVISIBLE_RE, ''));
      }),
      { numRuns: 2000 },
    );
  });

  it('chunked NFKC equals whole-string NFKC on Latin, symbol and jamo text (the stability table)', () => {
    const units = fc.constantFrom(
      ...'£éüÜ‘’“…→★–—�ﬁⅷ¼µſ²\u00ad\u0301\u0308\u0327eEcC\u1100\u1161\u11a8ᄀ가ｶﾞ\uff9eＡ a.'.split(''),
    );
    fc.assert(
      fc.property(fc.string({ unit: units, maxLength: 40 }), (s) => {
        expect(nfkcMapped(s, true).text).toBe(s.normalize('NFKC').replace(INVISIBLE_RE, ''));
      }),
      { numRuns: 3000 },
    );
  });

  it('chunked NFKC equals whole-string NFKC on Japanese-heavy and combining-heavy text', () => {
    const units = fc.constantFrom(
      ...'あかがｶﾞﾟﾞ゙゚ｱ漢字。、「」【】（）ＡＺａｚ０９　ー－−㍿①ㄱㅏ가\u0301\u0308e\u200bAa1.-/:@[]'.split(''),
    );
    fc.assert(
      fc.property(fc.string({ unit: units, maxLength: 40 }), (s) => {
        expect(nfkcMapped(s, true).text).toBe(s.normalize('NFKC').replace(INVISIBLE_RE, ''));
      }),
      { numRuns: 3000 },
    );
  });

  it('the whole prepared text maps back to the whole original', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 50 }), (s) => {
        const mt = prepareMapped(s);
        const [a, b] = mapSpan(mt, 0, mt.text.length);
        expect(a).toBe(0);
        expect(b).toBe(mt.text.length === 0 ? 0 : s.length - trailingInvisible(s));
      }),
      { numRuns: 1000 },
    );
  });

  it('prepareText is idempotent on ASCII-ish input', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const once = prepareText(s);
        expect(prepareText(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });
});

function trailingInvisible(s: string): number {
  let n = 0;
  while (
    n < s.length &&
    /^(?:\u200b|\u200c|\u200d|\u2060|\ufeff|\u00ad)$/.test(s[s.length - 1 - n] as string)
  )
    n++;
  return n;
}
