import { describe, expect, it } from 'vitest';
import { normalizeDomain } from './domain.js';
import { reason, value } from './testing.js';

describe('normalizeDomain: canonicalization', () => {
  it.each([
    ['EXAMPLE.co.jp.', 'example.co.jp'],
    ['Example.COM', 'example.com'],
    ['  example.com  ', 'example.com'],
    ['例え.jp', 'xn--r8jz45g.jp'],
    ['XN--R8JZ45G.JP', 'xn--r8jz45g.jp'],
    ['ｅｘａｍｐｌｅ．ｃｏｍ', 'example.com'],
    ['evil[.]example[.]com', 'evil.example.com'],
    ['evil(dot)example(dot)com', 'evil.example.com'],
    ['sagawa-xq。top', 'sagawa-xq.top'],
    ['_dmarc.example.com', '_dmarc.example.com'],
    ['a.b.c.example.com', 'a.b.c.example.com'],
    ['xn--tckwe.xn--tckwe', 'xn--tckwe.xn--tckwe'],
    ['foo.github.io', 'foo.github.io'],
  ])('%s → %s', (input, expected) => {
    expect(value(normalizeDomain(input))).toBe(expected);
  });
});

describe('normalizeDomain: attributes', () => {
  it('npa.go.jp is registrable under go.jp', () => {
    const r = normalizeDomain('npa.go.jp');
    expect(r.ok && r.indicator.attributes).toEqual({
      registrableDomain: 'npa.go.jp',
      publicSuffix: 'go.jp',
      unicode: 'npa.go.jp',
      isRegistrable: true,
    });
  });

  it('www.example.co.jp belongs to example.co.jp', () => {
    const r = normalizeDomain('www.example.co.jp');
    expect(r.ok && r.indicator.attributes).toEqual({
      registrableDomain: 'example.co.jp',
      publicSuffix: 'co.jp',
      unicode: 'www.example.co.jp',
      isRegistrable: false,
    });
  });

  it('IDN keeps its unicode form as an attribute', () => {
    const r = normalizeDomain('例え.jp');
    expect(r.ok && r.indicator.attributes.unicode).toBe('例え.jp');
  });

  it('uses the ICANN section for registrableDomain even under a private suffix', () => {
    const r = normalizeDomain('foo.github.io');
    expect(r.ok && r.indicator.attributes.registrableDomain).toBe('github.io');
    expect(r.ok && r.indicator.attributes.publicSuffix).toBe('io');
  });
});

describe('normalizeDomain: rejections', () => {
  it.each([
    ['localhost', /single-label/],
    ['com', /single-label/],
    ['intranet', /single-label/],
    ['example.invalidtld', /unknown public suffix/],
    ['report.pdf', /unknown public suffix/],
    ['co.jp', /public suffix/],
    ['https://example.com/', /use.*url|type url/],
    ['example.com/path', /type url/],
    ['user@example.com', /email/],
    ['example.com:8080', /port/],
    ['1.2.3.4', /IP address/],
    ['2001:db8::1', /colon/],
    ['exa mple.com', /whitespace/],
    ['a..example.com', /empty label/],
    ['-bad.example.com', /hyphen/],
    ['bad-.example.com', /hyphen/],
    [`${'a'.repeat(64)}.com`, /63/],
    [`${'abcdefghij.'.repeat(23)}com`, /253/],
    ['exa$mple.com', /invalid/],
    ['xn--zz.com', /internationalized/],
    ['example.123', /IP address/],
    ['', /empty/],
  ])('%s', (input, re) => {
    expect(reason(normalizeDomain(input))).toMatch(re);
  });
});
