import { describe, expect, it } from 'vitest';
import { bankAccountFromParts, normalizeBankAccount, parseLabelledAccount, yuchoToZengin } from './bank.js';
import { ind, reason } from './testing.js';

describe('normalizeBankAccount', () => {
  it.each([
    ['0009-123-1234567', '0009-123-1234567'],
    ['0009 123 1234567', '0009-123-1234567'],
    ['0009-123-12345', '0009-123-0012345'],
    ['０００９－１２３－１２３４５６７', '0009-123-1234567'],
    ['0009ー123ー1234567', '0009-123-1234567'],
    ['普通 0009-123-1234567', '0009-123-1234567'],
    ['0009-123-1234567 (当座)', '0009-123-1234567'],
    ['銀行コード0009 支店123 普通 1234567', '0009-123-1234567'],
    ['金融機関コード：0009 支店コード：123 口座番号：1234567', '0009-123-1234567'],
    ['三井住友銀行 新宿支店（店番号 123） 普通預金 1234567', '0009-123-1234567'],
    ['みずほ銀行 支店番号:456 口座番号 7654321', '0001-456-7654321'],
    ['Bank code 0005 branch 001 ordinary account number 1234567', '0005-001-1234567'],
  ])('%s → %s', (input, expected) => {
    expect(ind(normalizeBankAccount(input)).value).toBe(expected);
  });

  it('attributes include the account type when given', () => {
    expect(ind(normalizeBankAccount('普通 0009-123-1234567')).attributes).toEqual({
      bankCode: '0009',
      branchCode: '123',
      accountNumber: '1234567',
      accountType: 'ordinary',
    });
    expect(ind(normalizeBankAccount('当座 0009-123-1234567')).attributes.accountType).toBe('current');
    expect(ind(normalizeBankAccount('貯蓄 0009-123-1234567')).attributes.accountType).toBe('savings');
    expect(ind(normalizeBankAccount('0009-123-1234567')).attributes.accountType).toBeUndefined();
  });

  it('converts ゆうちょ 記号-番号 to the Zengin form', () => {
    const i = ind(normalizeBankAccount('12345-12345671'));
    expect(i.value).toBe('9900-238-1234567');
    expect(i.attributes).toEqual({
      bankCode: '9900',
      branchCode: '238',
      accountNumber: '1234567',
      accountType: 'ordinary',
      yucho: true,
      yuchoSymbol: '12345',
      yuchoNumber: '12345671',
    });
    expect(ind(normalizeBankAccount('ゆうちょ銀行 記号 10170 番号 1234561')).value).toBe('9900-018-0123456');
    expect(ind(normalizeBankAccount('00120-1-123456')).value).toBe('9900-019-0123456');
  });

  it.each([
    ['0009-12-1234567', /not a Japanese bank account/],
    ['0009-123-12345678', /not a Japanese bank account/],
    ['009-123-1234567', /not a Japanese bank account/],
    ['0009-123-0000000', /all zeros/],
    ['hello', /not a Japanese bank account/],
    ['', /empty/],
    ['22345-12345671', /記号 must start/],
    ['支店123 普通 1234567', /not a Japanese bank account/],
  ])('rejects %s', (input, re) => {
    expect(reason(normalizeBankAccount(input))).toMatch(re);
  });
});

describe('bankAccountFromParts', () => {
  it('builds and pads', () => {
    const i = ind(bankAccountFromParts('0009', '123', '1234', '普通'));
    expect(i.value).toBe('0009-123-0001234');
    expect(i.attributes.accountType).toBe('ordinary');
    expect(ind(bankAccountFromParts('０００５', '００１', '１２３４５６７')).value).toBe('0005-001-1234567');
    expect(ind(bankAccountFromParts('0005', '001', '1234567', 'savings')).attributes.accountType).toBe(
      'savings',
    );
  });

  it.each([
    [['009', '123', '1234567'], /bank code/],
    [['0009', '12', '1234567'], /branch code/],
    [['0009', '123', '12345678'], /account number/],
    [['0009', '123', 'abc'], /account number/],
    [['0009', '123', '1234567', 'gold'], /account type/],
  ] as const)('rejects %j', (parts, re) => {
    const [b, br, n, t] = parts as readonly [string, string, string, string?];
    expect(reason(bankAccountFromParts(b, br, n, t))).toMatch(re);
  });
});

describe('yuchoToZengin / parseLabelledAccount', () => {
  it('validates 記号 and 番号', () => {
    expect(reason(yuchoToZengin('1234', '12345671'))).toMatch(/5 digits/);
    expect(reason(yuchoToZengin('12345', '123456789'))).toMatch(/1-8 digits/);
    expect(reason(yuchoToZengin('01234', '12345678'))).toMatch(/at most 7/);
  });

  it('reports the span of the labelled elements', () => {
    const text = '振込先は 三井住友銀行 渋谷支店(店番123) 普通 7654321 です';
    const found = parseLabelledAccount(text);
    expect(found?.result.ok && found.result.indicator.value).toBe('0009-123-7654321');
    expect(text.slice(found?.start, found?.end)).toBe('三井住友銀行 渋谷支店(店番123) 普通 7654321');
  });

  it('returns null without the required labels', () => {
    expect(parseLabelledAccount('お客様の口座が凍結されました')).toBeNull();
    expect(parseLabelledAccount('普通 1234567')).toBeNull();
  });
});
