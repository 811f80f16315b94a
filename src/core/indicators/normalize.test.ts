import { describe, expect, it } from 'vitest';
import * as api from './index.js';
import { detectIndicator, normalizeIndicator } from './normalize.js';
import { INDICATOR_TYPES, type IndicatorType } from './types.js';

describe('normalizeIndicator dispatch', () => {
  it.each([
    ['url', 'hxxps://Example[.]com/x', 'url:https://example.com/x'],
    ['domain', 'WWW.Example.co.jp.', 'domain:www.example.co.jp'],
    ['ipv4', '010.000.000.001', 'ipv4:10.0.0.1'],
    ['ipv6', '2001:DB8::0001', 'ipv6:2001:db8::1'],
    ['ipv6', '::ffff:192.0.2.1', 'ipv4:192.0.2.1'],
    ['cidr', '192.168.1.9/24', 'cidr:192.168.1.0/24'],
    ['cidr', '192.168.1.9/32', 'ipv4:192.168.1.9'],
    ['phone', '090-1234-5678', 'phone:+819012345678'],
    ['email', 'Foo[at]Example.com', 'email:foo@example.com'],
    ['btc', 'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', 'btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'],
    ['eth', '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'eth:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed'],
    ['bank_account', '0009 123 1234567', 'bank_account:0009-123-1234567'],
    ['device_fingerprint', 'ABCDEF012345', 'device_fingerprint:abcdef012345'],
    ['sms_sender', '０９０１２３４５６７８', 'sms_sender:+819012345678'],
    ['md5', 'D41D8CD98F00B204E9800998ECF8427E', 'md5:d41d8cd98f00b204e9800998ecf8427e'],
    ['sha1', 'da39a3ee5e6b4b0d3255bfef95601890afd80709', 'sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    [
      'sha256',
      'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855',
      'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    ],
  ] as const)('%s %s → %s', (type, raw, key) => {
    const r = normalizeIndicator(type, raw);
    expect(r.ok && r.indicator.key).toBe(key);
  });

  it('rejects type mismatches and bad input', () => {
    const v4asV6 = normalizeIndicator('ipv4', '2001:db8::1');
    expect(!v4asV6.ok && v4asV6.reason).toMatch(/expected ipv4/);
    const md5AsSha1 = normalizeIndicator('sha1', 'd41d8cd98f00b204e9800998ecf8427e');
    expect(md5AsSha1.ok).toBe(false);
    const unknown = normalizeIndicator('nope' as IndicatorType, 'x');
    expect(!unknown.ok && unknown.reason).toMatch(/unknown indicator type/);
    const notString = normalizeIndicator('url', null as unknown as string);
    expect(!notString.ok && notString.reason).toMatch(/string/);
  });

  it('handles every declared type', () => {
    for (const type of INDICATOR_TYPES) {
      const r = normalizeIndicator(type, '');
      expect(r.ok).toBe(false);
      expect(!r.ok && r.reason).not.toMatch(/unknown indicator type/);
    }
  });
});

describe('detectIndicator', () => {
  it.each([
    ['https://example.com/a', 'url:https://example.com/a'],
    ['hxxps://sagawa-xq[.]top/abc', 'url:https://sagawa-xq.top/abc'],
    ['ｈｔｔｐｓ：／／ｅｘａｍｐｌｅ．ｃｏｍ', 'url:https://example.com/'],
    ['ttps://example.com/', 'url:https://example.com/'],
    ['Foo@Example.com', 'email:foo@example.com'],
    ['foo[at]example[.]com', 'email:foo@example.com'],
    ['mailto:foo@example.com', 'email:foo@example.com'],
    ['192.0.2.1', 'ipv4:192.0.2.1'],
    ['1[.]2[.]3[.]4', 'ipv4:1.2.3.4'],
    ['2001:db8::1', 'ipv6:2001:db8::1'],
    ['[2001:db8::1]', 'ipv6:2001:db8::1'],
    ['10.1.2.3/8', 'cidr:10.0.0.0/8'],
    ['2001:db8::/32', 'cidr:2001:db8::/32'],
    ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', 'eth:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed'],
    ['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', 'btc:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa'],
    ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', 'btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4'],
    ['d41d8cd98f00b204e9800998ecf8427e', 'md5:d41d8cd98f00b204e9800998ecf8427e'],
    ['5d41402abc4b2a76b9719d911017c592', 'md5:5d41402abc4b2a76b9719d911017c592'],
    ['DA39A3EE5E6B4B0D3255BFEF95601890AFD80709', 'sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709'],
    [
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    ],
    ['0009-123-1234567', 'bank_account:0009-123-1234567'],
    ['12345-12345671', 'bank_account:9900-238-1234567'],
    ['銀行コード0009 支店123 普通 1234567', 'bank_account:0009-123-1234567'],
    ['090-1234-5678', 'phone:+819012345678'],
    ['０９０－１２３４－５６７８', 'phone:+819012345678'],
    ['+1 202-555-0100', 'phone:+12025550100'],
    ['(03) 1234-5678', 'phone:+81312345678'],
    ['0120-123-456', 'phone:+81120123456'],
    ['www.example.com/login', 'url:http://www.example.com/login'],
    ['foo-bar.top/login', 'url:http://foo-bar.top/login'],
    ['Example.co.jp', 'domain:example.co.jp'],
    ['例え.jp', 'domain:xn--r8jz45g.jp'],
    ['evil[.]example[.]com', 'domain:evil.example.com'],
  ])('%s → %s', (raw, key) => {
    expect(detectIndicator(raw)?.key).toBe(key);
  });

  it.each([
    '',
    '   ',
    'hello',
    'こんにちは',
    'report.pdf',
    '2024.11.22',
    '1.2.3',
    '¥1,234.56',
    'localhost',
    '12345',
    'javascript:alert(1)',
    'ftp',
  ])('%j → null', (raw) => {
    expect(detectIndicator(raw)).toBeNull();
  });
});

describe('public API surface', () => {
  it('exports every normalizer', () => {
    for (const name of [
      'normalizeUrl',
      'normalizeDomain',
      'normalizeIp',
      'normalizeCidr',
      'normalizePhone',
      'normalizeEmail',
      'normalizeBtc',
      'normalizeEth',
      'normalizeBankAccount',
      'bankAccountFromParts',
      'normalizeDeviceFingerprint',
      'normalizeSmsSender',
      'normalizeHash',
      'normalizeIndicator',
      'detectIndicator',
      'extractIndicators',
      'prepareText',
      'makeIndicator',
    ]) {
      expect(typeof (api as Record<string, unknown>)[name]).toBe('function');
    }
  });
});
