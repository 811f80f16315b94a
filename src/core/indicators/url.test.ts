import { describe, expect, it } from 'vitest';
import { reason, value } from './testing.js';
import { normalizeUrl } from './url.js';

describe('normalizeUrl: canonicalization', () => {
  it.each([
    ['https://example.com', 'https://example.com/'],
    ['HTTPS://EXAMPLE.COM/Path/To?Q=AbC', 'https://example.com/Path/To?Q=AbC'],
    ['https://example.com:443/a', 'https://example.com/a'],
    ['http://example.com:80/a', 'http://example.com/a'],
    ['http://example.com:8080/a', 'http://example.com:8080/a'],
    ['ftp://files.example.com:21/pub/x.zip', 'ftp://files.example.com/pub/x.zip'],
    ['https://example.com/a#fragment', 'https://example.com/a'],
    ['https://example.com./a', 'https://example.com/a'],
    ['https://example.com/a?', 'https://example.com/a'],
    ['https://例え.jp/パス', 'https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9'],
    ['hxxps://sagawa-xq[.]top/abc', 'https://sagawa-xq.top/abc'],
    ['hxxp://evil[.]example[.]com', 'http://evil.example.com/'],
    ['ｈｔｔｐｓ：／／ｓｍｂｃ－ｌｏｇｉｎ．ｃｏｍ／ｖｅｒｉｆｙ', 'https://smbc-login.com/verify'],
    ['ttps://example.com/a', 'https://example.com/a'],
    ['  <https://example.com/a>  ', 'https://example.com/a'],
    ['https://user:pw@example.com/', 'https://user:pw@example.com/'],
    ['http://0x7f.1/', 'http://127.0.0.1/'],
    ['http://[2001:DB8::1]:8080/x', 'http://[2001:db8::1]:8080/x'],
    ['https://example.com/a%20b?x=%41', 'https://example.com/a%20b?x=%41'],
    ['https://example.com/a/../b', 'https://example.com/b'],
  ])('%s → %s', (input, expected) => {
    expect(value(normalizeUrl(input))).toBe(expected);
  });

  it('adds http:// when the input clearly is host/path', () => {
    expect(value(normalizeUrl('www.example.com/x'))).toBe('http://www.example.com/x');
    expect(value(normalizeUrl('foo-bar.top/login'))).toBe('http://foo-bar.top/login');
    expect(value(normalizeUrl('example.co.jp'))).toBe('http://example.co.jp/');
    expect(value(normalizeUrl('example.com:8080/x'))).toBe('http://example.com:8080/x');
    expect(value(normalizeUrl('192.0.2.1/admin'))).toBe('http://192.0.2.1/admin');
    expect(value(normalizeUrl('//example.com/x'))).toBe('http://example.com/x');
    expect(value(normalizeUrl('sagawa-xq[.]top/abc'))).toBe('http://sagawa-xq.top/abc');
  });

  it('keeps path and query byte-for-byte (no re-ordering, no case change)', () => {
    const u = 'https://example.com/Login.PHP?b=2&a=1&A=%2F';
    expect(value(normalizeUrl(u))).toBe(u);
  });
});

describe('normalizeUrl: attributes', () => {
  it('reports host facts for domains', () => {
    const r = normalizeUrl('https://WWW.Example.CO.JP/x');
    expect(r.ok && r.indicator.attributes).toEqual({
      scheme: 'https',
      host: 'www.example.co.jp',
      hostUnicode: 'www.example.co.jp',
      registrableDomain: 'example.co.jp',
      publicSuffix: 'co.jp',
    });
  });

  it('reports the unicode host for IDNs', () => {
    const r = normalizeUrl('https://例え.jp/');
    expect(r.ok && r.indicator.attributes.hostUnicode).toBe('例え.jp');
    expect(r.ok && r.indicator.attributes.host).toBe('xn--r8jz45g.jp');
  });

  it('uses the ICANN section only (private suffixes ignored)', () => {
    const r = normalizeUrl('https://evil.github.io/');
    expect(r.ok && r.indicator.attributes.registrableDomain).toBe('github.io');
    expect(r.ok && r.indicator.attributes.publicSuffix).toBe('io');
  });

  it('flags IP hosts', () => {
    const r = normalizeUrl('http://203.0.113.9/login');
    expect(r.ok && r.indicator.attributes).toEqual({
      scheme: 'http',
      host: '203.0.113.9',
      hostUnicode: '203.0.113.9',
      hostIsIp: true,
    });
    const v6 = normalizeUrl('http://[::1]/');
    expect(v6.ok && v6.indicator.attributes.host).toBe('::1');
    expect(v6.ok && v6.indicator.attributes.hostIsIp).toBe(true);
  });

  it('accepts hosts with unknown suffixes when a scheme is given, without suffix attributes', () => {
    const r = normalizeUrl('http://intranet.local/x');
    expect(r.ok).toBe(true);
    expect(r.ok && r.indicator.attributes.registrableDomain).toBeUndefined();
  });

  it('builds the key from type and value', () => {
    const r = normalizeUrl('https://example.com/a');
    expect(r.ok && r.indicator.key).toBe('url:https://example.com/a');
    expect(r.ok && r.indicator.type).toBe('url');
  });
});

describe('normalizeUrl: rejections', () => {
  it.each([
    ['javascript:alert(1)', /unsupported scheme: javascript/],
    ['mailto:foo@example.com', /unsupported scheme: mailto/],
    ['data:text/html,hi', /unsupported scheme: data/],
    ['ws://example.com/', /unsupported scheme: ws/],
    ['', /empty/],
    ['   ', /empty/],
    ['hello world', /not a URL/],
    ['report.pdf', /not a URL/],
    ['http://', /unparseable|missing host/],
    ['http://exa mple.com/', /unparseable/],
    ['http://a..b/', /invalid host/],
    ['http://-bad-.example.com/', /invalid host/],
    ['http://a!b.com/', /invalid host/],
    ['http://example.com:99999/', /unparseable/],
  ])('%s', (input, re) => {
    expect(reason(normalizeUrl(input))).toMatch(re);
  });

  it('rejects overly long input and non-strings', () => {
    expect(reason(normalizeUrl(`https://example.com/${'a'.repeat(9000)}`))).toMatch(/too long/);
    expect(reason(normalizeUrl(42 as unknown as string))).toMatch(/not a string/);
  });
});
