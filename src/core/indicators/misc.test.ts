import { describe, expect, it } from 'vitest';
import { normalizeDeviceFingerprint, normalizeHash, normalizeSmsSender } from './misc.js';
import { ind, reason } from './testing.js';

describe('normalizeDeviceFingerprint', () => {
  it.each([
    ['  ABCDEF0123456789  ', 'abcdef0123456789', true],
    ['{3F2504E0-4F89-11D3-9A0C-0305E82C3301}', '3f2504e0-4f89-11d3-9a0c-0305e82c3301', true],
    ['3F2504E0-4F89-11D3-9A0C-0305E82C3301', '3f2504e0-4f89-11d3-9a0c-0305e82c3301', true],
    ['AA:BB:CC:DD:EE:FF', 'aa:bb:cc:dd:ee:ff', true],
    ['Mozilla/5.0  (iPhone;   CPU)', 'Mozilla/5.0 (iPhone; CPU)', false],
    ['ユーザー端末 ABC', 'ユーザー端末 ABC', false],
  ])('%s → %s', (input, expected, hexLike) => {
    const i = ind(normalizeDeviceFingerprint(input));
    expect(i.type).toBe('device_fingerprint');
    expect(i.value).toBe(expected);
    expect(i.attributes.hexLike).toBe(hexLike);
  });

  it.each([
    ['abc', /shorter than 4/],
    ['   ', /shorter than 4/],
    ['x'.repeat(513), /longer than 512/],
    ['abcd\u0000efgh', /non-printable/],
    ['abcd\u200befgh', /non-printable/],
  ])('rejects %j', (input, re) => {
    expect(reason(normalizeDeviceFingerprint(input))).toMatch(re);
  });
});

describe('normalizeSmsSender', () => {
  it('phone senders become E.164', () => {
    const i = ind(normalizeSmsSender('090-1234-5678'));
    expect(i.type).toBe('sms_sender');
    expect(i.value).toBe('+819012345678');
    expect(i.attributes).toEqual({ kind: 'phone', country: 'JP', lineType: 'mobile' });
    expect(ind(normalizeSmsSender('＋８１９０１２３４５６７８')).value).toBe('+819012345678');
    expect(ind(normalizeSmsSender('+1 202 555 0100')).attributes.lineType).toBe('international');
  });

  it('alphanumeric senders keep case after NFKC', () => {
    const i = ind(normalizeSmsSender('  ＳＭＢＣ  '));
    expect(i.value).toBe('SMBC');
    expect(i.attributes).toEqual({ kind: 'alphanumeric' });
    expect(ind(normalizeSmsSender('Amazon')).value).toBe('Amazon');
    expect(ind(normalizeSmsSender('ヤマト運輸')).value).toBe('ヤマト運輸');
    expect(ind(normalizeSmsSender('ｻｶﾞﾜ')).value).toBe('サガワ');
    expect(ind(normalizeSmsSender('21212')).attributes).toEqual({ kind: 'alphanumeric', numeric: true });
  });

  it.each([
    ['', /empty/],
    ['TwelveChars!', /longer than 11/],
    ['あいうえおかきくけこさしすせそたちつてとな', /longer than 20/],
    ['090-1234', /invalid phone sender/],
    ['Bad\u0007', /non-printable/],
  ])('rejects %j', (input, re) => {
    expect(reason(normalizeSmsSender(input))).toMatch(re);
  });
});

describe('normalizeHash', () => {
  const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
  const sha1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
  const sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

  it('infers the type from the length and lowercases', () => {
    expect(ind(normalizeHash(md5.toUpperCase()))).toMatchObject({
      type: 'md5',
      value: md5,
      key: `md5:${md5}`,
    });
    expect(ind(normalizeHash(` ${sha1} `))).toMatchObject({ type: 'sha1', value: sha1 });
    expect(ind(normalizeHash(sha256))).toMatchObject({ type: 'sha256', value: sha256 });
  });

  it('accepts an explicit type and algorithm prefixes', () => {
    expect(ind(normalizeHash(sha256, 'sha256')).type).toBe('sha256');
    expect(ind(normalizeHash(`SHA-256: ${sha256}`)).value).toBe(sha256);
    expect(ind(normalizeHash(`md5=${md5}`)).type).toBe('md5');
    expect(ind(normalizeHash(`sha1:${sha1}`, 'sha1')).value).toBe(sha1);
  });

  it.each([
    [md5, 'sha1', /sha1 must be 40/],
    [`sha1:${sha1}`, 'sha256', /prefix says sha1/],
  ] as const)('rejects type mismatch %s as %s', (input, type, re) => {
    expect(reason(normalizeHash(input, type))).toMatch(re);
  });

  it.each([
    ['abc', /no supported hash/],
    [`${md5}0`, /no supported hash/],
    [`${md5.slice(0, 31)}g`, /hexadecimal/],
    ['', /hexadecimal/],
  ])('rejects %s', (input, re) => {
    expect(reason(normalizeHash(input))).toMatch(re);
  });
});
