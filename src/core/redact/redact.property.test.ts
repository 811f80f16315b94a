import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { REDACTION_TEST_SET } from './fixtures/ja-pii.js';
import { redact } from './redact.js';
import type { RedactionResult } from './types.js';

/** Pieces of case-note text: labels, honorifics, digits in both widths, brackets, placeholders. */
const fragment = fc.constantFrom(
  ...'山田太郎佐藤花子高橋鈴木ヤマダタロウ東京都新宿区西一二三丁目番地号0123456789０１２３-ー－()（）［］[] 　、。：@.'.split(
    '',
  ),
  '氏名：',
  '被害者',
  'さん',
  '様',
  '容疑者',
  '普通 ',
  '口座番号',
  '記号',
  '番号',
  '〒',
  '生年月日',
  '昭和',
  '090-',
  '+81 ',
  '1234',
  '5678',
  '4111 ',
  '@example.jp',
  'Mr. ',
  'Taro ',
  'Yamada',
  '［氏名1］',
  '[name1]',
  '\n',
  '\u202e',
  '\ud800',
  '\udc00',
  '\u200b',
);
const caseText = fc.array(fragment, { maxLength: 40 }).map((a) => a.join(''));
const anyText = fc.oneof(
  caseText,
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
);

function checkSpans(text: string, r: RedactionResult): void {
  let last = 0;
  let rebuilt = '';
  for (const s of r.spans) {
    expect(s.start).toBeGreaterThanOrEqual(last);
    expect(s.end).toBeGreaterThan(s.start);
    expect(text.slice(s.start, s.end)).toBe(s.original);
    rebuilt += text.slice(last, s.start) + s.replacement;
    last = s.end;
  }
  expect(rebuilt + text.slice(last)).toBe(r.text);
}

describe('redact properties', () => {
  it('never throws; spans are ordered, disjoint, map back to the original and rebuild the output', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        checkSpans(text, redact(text));
      }),
      { numRuns: 1500 },
    );
  });

  it('is idempotent: redacting the redacted text changes nothing', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = redact(text).text;
        expect(redact(once).text).toBe(once);
      }),
      { numRuns: 1500 },
    );
  });

  it('is idempotent on every sentence of the test set, with its keep and alsoRedact lists', () => {
    for (const s of REDACTION_TEST_SET) {
      const options = { keep: s.keep.map((k) => k.original), alsoRedact: s.alsoRedact };
      const once = redact(s.text, options);
      checkSpans(s.text, once);
      expect(redact(once.text, options).text).toBe(once.text);
    }
  });
});

const surname = fc.constantFrom(
  '山田',
  '佐藤',
  '高橋',
  '伊藤',
  '渡辺',
  '中村',
  '小林',
  '加藤',
  '吉田',
  '松本',
  '井上',
);
const given = fc.constantFrom('太郎', '花子', '一郎', '美咲', '健太', '由美', '誠', '陽子', '翔', '恵子');
const blank = fc.constantFrom('', ' ', '　');
const personName = fc.tuple(surname, blank, given).map(([s, b, g]) => `${s}${b}${g}`);
const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const toFullWidth = (s: string) =>
  s.replace(/[0-9-]/g, (c) => (c === '-' ? '－' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));
const phone = fc
  .tuple(
    fc.constantFrom('090', '080', '070', '050'),
    digits(4),
    digits(4),
    fc.constantFrom('-', ' ', ''),
    fc.boolean(),
  )
  .map(([p, a, b, sep, wide]) => {
    const s = `${p}${sep}${a}${sep}${b}`;
    return wide ? toFullWidth(s) : s;
  });
const account = digits(7).filter((d) => !/^0+$/.test(d));
const address = fc
  .tuple(
    fc.constantFrom(
      '東京都新宿区西新宿',
      '大阪府大阪市北区梅田',
      '神奈川県横浜市中区山下町',
      '福岡市博多区博多駅前',
    ),
    fc.integer({ min: 1, max: 9 }),
    fc.integer({ min: 1, max: 30 }),
    fc.integer({ min: 1, max: 20 }),
    fc.boolean(),
  )
  .map(([head, a, b, c, kanjiStyle]) =>
    kanjiStyle ? `${head}${a}丁目${b}番${c}号` : `${head}${a}-${b}-${c}`,
  );

describe('redact removes generated personal data in case-note templates', () => {
  it('names, phones, accounts and addresses never survive', () => {
    fc.assert(
      fc.property(personName, phone, account, address, (name, tel, acct, addr) => {
        const text = `相談者：${name}（72）は、${addr}在住。連絡先${tel}。振込先は三井住友銀行 新宿支店 普通 ${acct}。${name}さんは東京駅で50万円を渡した。`;
        const out = redact(text).text;
        for (const original of [name, tel, acct, addr]) expect(out).not.toContain(original);
        expect(out).toContain('三井住友銀行');
        expect(out).toContain('東京駅');
        expect(out).toContain('50万円');
      }),
      { numRuns: 500 },
    );
  });
});
