import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlocklistBuilder, type BlocklistKind, BlocklistTable } from './index.js';
import { lookupDomain, lookupUrl } from './lookup.js';

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

describe('lookups against a reference of sliced keys', () => {
  // The reference slices every candidate and asks table.get, so it checks the one-pass hashing.
  function reference(t: BlocklistTable, host: string, reg: string | null): string | undefined {
    if (t.has('host', host)) return `host ${host}`;
    let stop = 0;
    if (reg !== null && reg.length < host.length && host.endsWith(`.${reg}`)) stop = host.length - reg.length;
    for (let i = 0; i <= stop; i++) {
      if ((i === 0 || host[i - 1] === '.') && t.has('domain', host.slice(i)))
        return `domain ${host.slice(i)}`;
    }
    return undefined;
  }

  it('property: lookupDomain agrees with the reference on odd hosts', () => {
    const label = fc.string({ maxLength: 3, unit: fc.constantFrom('a', 'b', '.') });
    fc.assert(
      fc.property(fc.array(label, { maxLength: 20 }), label, label, (entries, host, regTail) => {
        const b = new BlocklistBuilder();
        entries.forEach((e, i) => {
          if (e.length > 0) b.add(i % 3 === 0 ? 'host' : 'domain', e, { source: 's' });
        });
        const t = b.build();
        const h = `${host}${regTail}`;
        for (const reg of [null, regTail, h, regTail.slice(1)]) {
          const got = lookupDomain(t, h, reg);
          expect(got === undefined ? undefined : `${got.kind} ${got.value}`).toBe(
            h.length === 0 ? undefined : reference(t, h, reg),
          );
        }
      }),
      { numRuns: 500 },
    );
  });

  it('handles leading dots, empty labels and very many labels', () => {
    const t = new BlocklistBuilder().add('domain', 'x.com', { source: 's' }).build();
    expect(lookupDomain(t, '.x.com', 'x.com')?.value).toBe('x.com');
    expect(lookupDomain(t, 'a..x.com', 'x.com')?.value).toBe('x.com');
    expect(lookupDomain(t, '.', null)).toBeUndefined();
    const many = `${'a.'.repeat(300)}x.com`;
    expect(lookupDomain(t, many, 'x.com')?.value).toBe('x.com');
    t.add('domain', many, { source: 'deep' });
    expect(lookupDomain(t, many, 'x.com')?.source).toBe('deep');
  });
});

describe('URL keys and the authority gate', () => {
  it('ignores userinfo but keeps the scheme in url keys', () => {
    const t = new BlocklistBuilder().add('url', 'https://evil.example/x?a=1', { source: 's' }).build();
    const at = (url: string) => lookupUrl(t, parts(url, 'evil.example', 'evil.example'));
    expect(at('https://paypal.example@evil.example/x?a=1')?.kind).toBe('url');
    expect(t.has('url', 'https://u:p@evil.example/x?a=1')).toBe(true);
    expect(at('http://evil.example/x?a=1')).toBeUndefined();
    expect(at('https://evil.example/x?a=2')).toBeUndefined();
  });

  it('admits URL entries added live and after a snapshot round trip', () => {
    const t = new BlocklistBuilder().add('domain', 'a.example', { source: 's' }).build();
    for (let i = 0; i < 5_000; i++) t.add('url', `https://h${i}.example/p/${i}`, { source: 'live' });
    t.add('url_prefix', 'z.example/kit', { source: 'live' });
    const u = BlocklistTable.fromBuffer(t.toBuffer());
    for (const tbl of [t, u]) {
      for (let i = 0; i < 5_000; i += 7) {
        expect(
          lookupUrl(tbl, parts(`https://h${i}.example/p/${i}`, `h${i}.example`, `h${i}.example`))?.kind,
        ).toBe('url');
      }
      expect(lookupUrl(tbl, parts('https://z.example/kit/x', 'z.example', 'z.example'))?.kind).toBe(
        'url_prefix',
      );
    }
  });

  it('property: lookupUrl agrees with a reference that slices every candidate', () => {
    const seg = fc.constantFrom('a', 'b', 'ab', '');
    const urlArb = fc.record({
      scheme: fc.constantFrom('http', 'https'),
      user: fc.constantFrom('', 'u@', 'x.example@'),
      host: fc
        .array(fc.constantFrom('a', 'b', 'c'), { minLength: 1, maxLength: 3 })
        .map((l) => `${l.join('.')}.example`),
      path: fc.array(seg, { maxLength: 10 }).map((s) => `/${s.join('/')}`),
      tail: fc.constantFrom('', '?q=1', '#f', '?q#f'),
    });
    const render = (u: { scheme: string; user: string; host: string; path: string; tail: string }) =>
      `${u.scheme}://${u.user}${u.host}${u.path}${u.tail}`;
    const kinds = fc.constantFrom<BlocklistKind>('url', 'url_prefix', 'host', 'domain');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(kinds, urlArb, fc.nat(6)), { maxLength: 30 }),
        urlArb,
        (entries, probe) => {
          const b = new BlocklistBuilder();
          for (const [kind, u, depth] of entries) {
            const segs = u.path.split('/').filter((x) => x !== '');
            if (kind === 'url') b.add(kind, render(u), { source: 's' });
            else if (kind === 'url_prefix' && segs.length > 0) {
              b.add(kind, `${u.host}/${segs.slice(0, 1 + (depth % segs.length)).join('/')}`, { source: 's' });
            } else if (kind === 'host' || kind === 'domain')
              b.add(kind, u.host.slice(depth % 3), { source: 's' });
          }
          const t = b.build();
          const url = render(probe);
          const reg = probe.host.split('.').slice(-2).join('.');
          const got = lookupUrl(t, parts(url, probe.host, reg));
          expect(got === undefined ? undefined : `${got.kind} ${got.value}`).toBe(
            referenceUrl(t, url, probe.host, reg),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});

function referenceUrl(t: BlocklistTable, url: string, host: string, reg: string): string | undefined {
  if (t.has('url', url)) return `url ${url}`;
  const end = url.search(/[?#]/);
  if (end >= 0 && t.has('url', url.slice(0, end))) return `url ${url.slice(0, end)}`;
  const noQuery = end < 0 ? url : url.slice(0, end);
  const afterScheme = noQuery.slice(noQuery.indexOf('://') + 3);
  const pathAt = afterScheme.indexOf('/');
  const authority = afterScheme.slice(0, pathAt).split('@').pop()!;
  const path = afterScheme.slice(pathAt);
  const prefixes: string[] = [];
  for (let i = 1; i <= path.length && prefixes.length < 8; i++) {
    if ((i === path.length || path[i] === '/') && path[i - 1] !== '/') prefixes.push(path.slice(0, i));
  }
  for (const p of prefixes.reverse()) {
    if (path.length > 1 && t.has('url_prefix', `${authority}${p}`)) return `url_prefix ${authority}${p}`;
  }
  const d = lookupDomain(t, host, reg);
  return d === undefined ? undefined : `${d.kind} ${d.value}`;
}
