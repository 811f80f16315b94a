import { describe, expect, it } from 'vitest';
import { lookupDomain, lookupUrl } from './lookup.js';
import { BlocklistBuilder, type BlocklistTable } from './table.js';

const parts = (url: string, host: string, registrableDomain: string | null) => {
  const after = url.slice(url.indexOf('://') + 3);
  const slash = after.indexOf('/');
  const path = slash < 0 ? '/' : after.slice(slash).split(/[?#]/)[0]!;
  return { url, host, registrableDomain, path };
};

function table(): BlocklistTable {
  return new BlocklistBuilder()
    .add('url', 'https://shop.example.com/pay?id=7', { source: 'exact' })
    .add('url', 'https://shop.example.com/cart', { source: 'noquery' })
    .add('url_prefix', 'shop.example.com/kit', { source: 'prefix-1' })
    .add('url_prefix', 'shop.example.com/kit/admin', { source: 'prefix-2', severity: 'warn' })
    .add('host', 'login.example.com', { source: 'host' })
    .add('domain', 'evil.co.jp', { source: 'domain' })
    .add('domain', 'co.jp', { source: 'suffix' })
    .add('domain', 'jp', { source: 'tld' })
    .add('domain', '203.0.113.9', { source: 'ip' })
    .build();
}

describe('lookupUrl', () => {
  const t = table();
  const at = (url: string, host = 'shop.example.com', reg: string | null = 'example.com') =>
    lookupUrl(t, parts(url, host, reg));

  it('matches the exact URL first, then the URL without query', () => {
    expect(at('https://shop.example.com/pay?id=7')).toEqual({
      kind: 'url',
      value: 'https://shop.example.com/pay?id=7',
      source: 'exact',
      severity: 'block',
    });
    expect(at('https://shop.example.com/pay?id=8')).toBeUndefined();
    expect(at('https://shop.example.com/cart?x=1')?.source).toBe('noquery');
    expect(at('https://shop.example.com/cart#top')?.source).toBe('noquery');
  });

  it('matches path prefixes on segment boundaries, deepest first', () => {
    expect(at('https://shop.example.com/kit')?.source).toBe('prefix-1');
    expect(at('https://shop.example.com/kit/')?.source).toBe('prefix-1');
    expect(at('http://shop.example.com/kit/x/y.php?a=b')).toMatchObject({
      kind: 'url_prefix',
      value: 'shop.example.com/kit',
    });
    expect(at('https://shop.example.com/kit/admin/panel')).toMatchObject({
      source: 'prefix-2',
      severity: 'warn',
    });
    expect(at('https://shop.example.com/kitten')).toBeUndefined();
    expect(at('https://shop.example.com/ki')).toBeUndefined();
    expect(at('https://shop.example.com/kit2/x')).toBeUndefined();
    // Paths are compared as canonicalized: the normalizer keeps `//`, so this is another path.
    expect(at('https://shop.example.com//kit/x')).toBeUndefined();
    expect(at('https://user:pw@shop.example.com/kit/x')?.source).toBe('prefix-1');
    expect(
      at('https://shop.example.com@other.example/kit', 'other.example', 'other.example'),
    ).toBeUndefined();
    expect(at('https://shop.example.com:8443/kit')).toBeUndefined();
    expect(at('https://shop.example.com/x/kit')).toBeUndefined();
    expect(at('https://other.example.com/kit', 'other.example.com')).toBeUndefined();
  });

  it('only tries the first 8 path segments', () => {
    const deep = new BlocklistBuilder()
      .add('url_prefix', 'x.example/1/2/3/4/5/6/7/8', { source: 's' })
      .build();
    const p = (path: string) => lookupUrl(deep, parts(`https://x.example${path}`, 'x.example', 'x.example'));
    expect(p('/1/2/3/4/5/6/7/8')?.source).toBe('s');
    expect(p('/1/2/3/4/5/6/7/8/9/10')?.source).toBe('s');
    expect(p('/1/2/3/4/5/6/7')).toBeUndefined();
  });

  it('falls through to host and domain entries', () => {
    expect(at('https://login.example.com/', 'login.example.com')?.kind).toBe('host');
    expect(at('https://a.login.example.com/', 'a.login.example.com')).toBeUndefined();
    expect(at('https://a.b.evil.co.jp/x', 'a.b.evil.co.jp', 'evil.co.jp')).toEqual({
      kind: 'domain',
      value: 'evil.co.jp',
      source: 'domain',
      severity: 'block',
    });
    expect(
      lookupUrl(t, { url: null, host: 'evil.co.jp', registrableDomain: 'evil.co.jp', path: '' })?.source,
    ).toBe('domain');
  });
});

describe('lookupDomain', () => {
  const t = table();

  it('never climbs above the registrable domain', () => {
    // `co.jp` and `jp` entries exist but are public suffixes: only the registrable domain may match.
    expect(lookupDomain(t, 'good.co.jp', 'good.co.jp')).toBeUndefined();
    expect(lookupDomain(t, 'www.good.co.jp', 'good.co.jp')).toBeUndefined();
    expect(lookupDomain(t, 'x.evil.co.jp', 'evil.co.jp')?.value).toBe('evil.co.jp');
    expect(lookupDomain(t, 'notevil.co.jp', 'notevil.co.jp')).toBeUndefined();
  });

  it('checks only the host itself without a usable registrable domain', () => {
    expect(lookupDomain(t, '203.0.113.9', null)?.source).toBe('ip');
    expect(lookupDomain(t, 'x.evil.co.jp', null)).toBeUndefined();
    // Inconsistent input (registrable domain not a label suffix of the host) does not widen the walk.
    expect(lookupDomain(t, 'x.evil.co.jp', 'il.co.jp')).toBeUndefined();
    expect(lookupDomain(t, 'x.evil.co.jp', 'other.jp')).toBeUndefined();
    expect(lookupDomain(t, '', null)).toBeUndefined();
  });

  it('prefers the exact host entry over a domain entry', () => {
    const u = new BlocklistBuilder()
      .add('host', 'a.example', { source: 'h', severity: 'warn' })
      .add('domain', 'a.example', { source: 'd' })
      .build();
    expect(lookupDomain(u, 'a.example', 'a.example')?.source).toBe('h');
    expect(lookupDomain(u, 'b.a.example', 'a.example')?.source).toBe('d');
  });
});
