import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isGenericSegment } from './campaign-shape-stoplist.js';
import { CampaignShapes, domainUnit, type ShapeKind, shapeKeys } from './campaign-shapes.js';
import { createUrlChecker } from './checkers.js';
import { domainParts, type UrlParts, urlParts } from './url-parts.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 4, 1);

function parts(url: string): UrlParts {
  const r = urlParts(url);
  if (!r.ok) throw new Error(`bad fixture ${url}`);
  return r.parts;
}

function kindsOf(url: string): ShapeKind[] {
  const out: ShapeKind[] = [];
  shapeKeys(parts(url), (_key, kind) => out.push(kind));
  return out;
}

function memory(urls: readonly string[], at = T0, options = {}): CampaignShapes {
  const shapes = new CampaignShapes(options);
  urls.forEach((u, i) => {
    expect(shapes.add(u, at + i * 60_000)).toBe(true);
  });
  return shapes;
}

describe('shape keys', () => {
  it('kit paths and first segments, but not generic ones', () => {
    expect(kindsOf('https://eglny.cn/sdnz')).toContain('first_segment');
    expect(kindsOf('https://eglny.cn/eorico/login/')).toEqual(
      expect.arrayContaining(['first_segment', 'path']),
    );
    expect(kindsOf('https://shop.example.com/login/')).not.toContain('first_segment');
    expect(kindsOf('https://shop.example.com/news/2025/01/15/')).not.toContain('path');
    expect(kindsOf('https://shop.example.com/index.php')).not.toContain('first_segment');
  });

  it('host templates and query templates', () => {
    expect(kindsOf('https://ybrjaouww.com/')).toContain('host_template');
    expect(kindsOf('https://www.flsf.cn/?lcglpmki')).toContain('query_template');
    expect(kindsOf('https://www.flsf.cn/?id=3')).not.toContain('query_template');
    expect(kindsOf('https://www.flsf.cn/?1612345678')).not.toContain('query_template');
    expect(kindsOf('https://www.example.cn/')).not.toContain('query_template');
  });

  it('stoplist: words, short codes, numbers and page names', () => {
    for (const s of ['login', 'login.php', 'jp', '2025', '20250115', 'index.html', 'wp-admin', 'user_login'])
      expect(isGenericSegment(s), s).toBe(true);
    for (const s of ['sdnz', 'oiuew', 'jcblogin', 'aeondsjkjkfd9834jkhkj'])
      expect(isGenericSegment(s), s).toBe(false);
  });

  it('the domain unit is the registrable domain, or the name under a private suffix', () => {
    expect(domainUnit(parts('https://a.b.example.co.jp/x'))).toBe('example.co.jp');
    expect(domainUnit(parts('https://foo.bar.github.io/x'))).toBe('bar.github.io');
  });
});

describe('CampaignShapes', () => {
  const kit = ['https://eglny.cn/sdnz', 'https://cgjuy.cn/sdnz/', 'https://lihongli9.cn/sdnz/'];

  it('matches a new domain repeating a path reported on three other domains', () => {
    const m = memory(kit).match(parts('https://qwxzt.cn/sdnz/'));
    expect(m).toMatchObject({ kind: 'first_segment', shape: '/sdnz/', otherDomains: 3, windowDays: 30 });
  });

  it('never counts the checked URL’s own domain', () => {
    // Two other domains only: below the default three.
    expect(memory(kit).match(parts('https://cgjuy.cn/sdnz/'))).toBeUndefined();
    const sameDomain = memory(['https://a.evil.cn/sdnz', 'https://b.evil.cn/sdnz', 'https://c.evil.cn/sdnz']);
    expect(sameDomain.match(parts('https://other.cn/sdnz'))).toBeUndefined();
  });

  it('forgets reports older than the window, and bounds its entries', () => {
    const shapes = memory(kit);
    shapes.add('https://unrelated.top/abcdefg', T0 + 31 * DAY);
    expect(shapes.match(parts('https://qwxzt.cn/sdnz/'))).toBeUndefined();
    const small = new CampaignShapes({ maxEntries: 10 });
    for (let i = 0; i < 100; i++) small.add(`https://d${i}x.top/kit${i}`, T0 + i);
    expect(small.size).toBeLessThanOrEqual(10);
  });

  it('shows pages without and folders with a trailing slash', () => {
    const pages = memory([
      'https://aqzx.com/kitz/login.htm',
      'https://bqzx.com/kitz/login.htm',
      'https://cqzx.com/kitz/login.htm',
    ]);
    expect(pages.match(parts('https://dqzx.com/kitz/login.htm'))?.shape).toBe('/kitz/login.htm');
    expect(memory(kit).match(parts('https://qwxzt.cn/sdnz'))?.shape).toBe('/sdnz/');
  });

  it('host templates need the same prefix, length and suffix', () => {
    const shapes = memory(['https://ybrjaomka.com/', 'https://ybrjaouww.com/', 'https://ybrjaoqzt.com/']);
    expect(shapes.match(parts('https://ybrjaopls.com/'))?.kind).toBe('host_template');
    expect(shapes.match(parts('https://ybrjaopl.com/'))).toBeUndefined();
    expect(shapes.match(parts('https://ybrjaopls.net/'))).toBeUndefined();
    const bare = domainParts('ybrjaopls.com');
    expect(bare.ok && shapes.match(bare.parts)?.kind).toBe('host_template');
  });

  it('property: a URL never matches on entries of its own domain', () => {
    const label = fc.stringMatching(/^[a-z][a-z0-9]{2,9}$/);
    const segment = fc.stringMatching(/^[a-z]{4,8}$/);
    fc.assert(
      fc.property(
        label,
        fc.array(label, { minLength: 1, maxLength: 6 }),
        fc.uniqueArray(label, { maxLength: 4 }),
        segment,
        (domain, subs, others, seg) => {
          const shapes = new CampaignShapes({ minDomains: 1, minHostDomains: 1 });
          let t = T0;
          for (const s of subs) shapes.add(`https://${s}.${domain}.com/${seg}/`, t++);
          const strangers = others.filter((o) => o !== domain);
          for (const o of strangers) shapes.add(`https://${o}.com/${seg}/`, t++);
          for (const m of shapes.matchAll(parts(`https://new.${domain}.com/${seg}/?q`)))
            expect(m.otherDomains).toBeLessThanOrEqual(strangers.length);
          if (strangers.length === 0)
            expect(shapes.match(parts(`https://new.${domain}.com/${seg}/`))).toBeUndefined();
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: adds and lookups never throw on arbitrary strings', () => {
    const shapes = memory(kit, T0, { minDomains: 1, minHostDomains: 1 });
    fc.assert(
      fc.property(fc.string(), fc.double(), (s, ms) => {
        shapes.add(s, ms);
        shapes.add(`https://${s}`, T0);
        const r = urlParts(`https://${s}/`);
        if (r.ok) shapes.match(r.parts);
        const p = urlParts(s);
        if (p.ok) shapes.match(p.parts);
      }),
      { numRuns: 500 },
    );
  });
});

describe('in the URL check', () => {
  const recentPhishing = [
    'https://eglny.cn/sdnz',
    'https://cgjuy.cn/sdnz/',
    'https://lihongli9.cn/sdnz/',
    'https://kqzvb.cn/sdnz/',
  ].map((url, i) => ({ url, reportedAt: new Date(T0 + i * 60_000).toISOString() }));

  it('a new domain with the kit path warns or blocks, with a reason in both languages', () => {
    const checker = createUrlChecker({ recentPhishing });
    const r = checker.checkUrl('https://plmzq.cn/sdnz/');
    if (!('verdict' in r)) throw new Error(r.reason);
    expect(r.verdict).not.toBe('allow');
    const reason = r.reasons.find((x) => x.code === 'campaign_shape');
    expect(reason?.ja).toBe(
      '同じ形のURL（パス /sdnz/）が直近30日に別の4ドメインでフィッシングとして報告されています',
    );
    expect(reason?.en).toContain('on 4 other domains in the last 30 days');
  });

  it('benign and official domains never get the reason', () => {
    const checker = createUrlChecker({ recentPhishing, benignDomains: ['example-news.jp'] });
    for (const u of ['https://example-news.jp/sdnz/', 'https://www.kuronekoyamato.co.jp/sdnz/']) {
      const r = checker.checkUrl(u);
      if (!('reasons' in r)) throw new Error(r.reason);
      expect(r.reasons.map((x) => x.code)).not.toContain('campaign_shape');
    }
  });
});
