import { describe, expect, it } from 'vitest';
import { diff, renderDiff } from './diff.js';
import { redact } from './redact.js';

/** Hostile inputs must finish in bounded time: no detector may backtrack super-linearly. */
function timed(text: string): { ms: number; spans: number } {
  const t0 = performance.now();
  const r = redact(text, { alsoRedact: ['山田一郎'], keep: ['090-0000-0000'] });
  const ms = performance.now() - t0;
  diff(text, r);
  return { ms, spans: r.spans.length };
}

const MB = 1 << 20;
// Generous on a shared 2-core machine; a quadratic pattern would take minutes on these inputs.
const BUDGET_MS = 8000;

describe('redact on hostile input', () => {
  const cases: [string, () => string][] = [
    ['1 MB of kanji', () => '山田太郎東京都新宿区'.repeat(MB / 10)],
    ['1 MB of honorifics after names', () => '山田さん'.repeat(MB / 4)],
    ['1 MB of digits and dashes', () => '090-1234-'.repeat(MB / 9)],
    ['10,000 consecutive digits', () => '7'.repeat(10_000)],
    ['1 MB of consecutive digits', () => '4'.repeat(MB)],
    ['1 MB of spaced digits', () => '1 '.repeat(MB / 2)],
    ['1 MB of capitalised words', () => 'Taro Yamada Mr. '.repeat(MB / 16)],
    ['1 MB of brackets and placeholders', () => '［氏名1］[name2]（(['.repeat(MB / 16)],
    ['1 MB of labels with nothing after them', () => '氏名：被害者名義普通口座番号記号'.repeat(MB / 16)],
    ['1 MB of address heads', () => '東京都千代田区1-'.repeat(MB / 9)],
    [
      'lone surrogates and RTL overrides',
      () => '\ud800山田\u202e太郎\udc00さん\u202d090-1234-5678\u2066'.repeat(20_000),
    ],
    ['1 MB of at-signs and dots', () => 'a@b.'.repeat(MB / 4)],
  ];
  for (const [name, make] of cases) {
    it(`${name} finishes in bounded time`, () => {
      const { ms } = timed(make());
      expect(ms).toBeLessThan(BUDGET_MS);
    });
  }

  it('keeps lone surrogates and bidi controls intact outside the spans', () => {
    const text = '\ud800被害者山田太郎さん\u202e';
    const r = redact(text);
    expect(r.text).toBe('\ud800被害者［氏名1］さん\u202e');
    expect(renderDiff(diff(text, r))).toContain('[-山田太郎-]');
  });

  it('answers empty results for empty or non-string input', () => {
    expect(redact('').spans).toEqual([]);
    expect(redact(undefined as unknown as string).text).toBe('');
  });
});
