import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlocklistBuilder } from './blocklist/index.js';
import { BrandIndex } from './brand-index.js';
import { createSmsChecker, createUrlChecker } from './checkers.js';
import { defangHost, defangUrl } from './defang.js';
import { DEFAULT_BRANDS } from './default-brands.js';
import { Evidence } from './evidence.js';
import { KeywordAutomaton } from './keyword-automaton.js';
import { tableLists } from './table-lists.js';
import type { UrlLists } from './url-check.js';

const sms = createSmsChecker();
const urls = createUrlChecker();

function codes(r: { reasons: Array<{ code: string }> }): string[] {
  return r.reasons.map((x) => x.code);
}

describe('keyword automaton', () => {
  it('finds overlapping keywords in one pass, Japanese and ASCII', () => {
    const a = new KeywordAutomaton<string>([
      ['he', 'he'],
      ['she', 'she'],
      ['hers', 'hers'],
      ['佐川', 'sagawa'],
      ['佐川急便', 'sagawa-full'],
    ]);
    const hits: string[] = [];
    a.scan('ushers 佐川急便です', (h) => hits.push(h.value));
    expect(hits.sort()).toEqual(['he', 'hers', 'sagawa', 'sagawa-full', 'she']);
    expect(a.test('no match')).toBe(false);
    expect(a.test('there')).toBe(true);
  });

  it('agrees with a naive search on random input', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({
            minLength: 1,
            maxLength: 4,
            unit: fc.constantFrom('a', 'b', 'c', 'B', 'É', '佐', '川'),
          }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        fc.string({
          maxLength: 40,
          unit: fc.constantFrom('a', 'b', 'c', 'A', 'B', 'é', 'É', '佐', '川', 'x', 'K', '\u0000'),
        }),
        fc.boolean(),
        fc.boolean(),
        (keywords, text, sparse, foldCase) => {
          // A zero budget forces the sparse tables that very large keyword sets use.
          const a = new KeywordAutomaton(
            keywords.map((k) => [k, k] as const),
            { foldCase, ...(sparse ? { denseBudget: 0 } : {}) },
          );
          const found: string[] = [];
          a.scan(text, (h) => found.push(`${h.end}:${h.value}`));
          // Folding compares lowercase forms; K (Kelvin) lowercases to an ASCII k.
          const norm = (s: string) => (foldCase ? s.toLowerCase() : s);
          const expected: string[] = [];
          for (let end = 1; end <= text.length; end++) {
            for (const k of keywords)
              if (end >= k.length && norm(text.slice(end - k.length, end)) === norm(k))
                expected.push(`${end}:${k}`);
          }
          expect(found.sort()).toEqual(expected.sort());
          expect(a.test(text)).toBe(expected.length > 0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('brand index', () => {
  const index = new BrandIndex(DEFAULT_BRANDS);
  it('matches short tokens only as whole parts of a host', () => {
    expect(index.tokensIn('my-jcb-card.com').map((h) => h.brand)).toContain('jcb');
    expect(index.tokensIn('australia.com')).toEqual([]);
    expect(index.tokensIn('beauty-salon.jp')).toEqual([]);
    expect(index.tokensIn('kuronekoyamato-xq.top').map((h) => h.brand)).toContain('yamato');
  });
  it('knows official domains and their subdomains', () => {
    expect(index.officialBrandOf('www.kuronekoyamato.co.jp')).toBe('yamato');
    expect(index.officialBrandOf('kuronekoyamato.co.jp.evil.com')).toBeUndefined();
  });
  it('finds brand names in Japanese and English text with word boundaries for ASCII', () => {
    const text = '【佐川急便】お荷物の件。au PAYをご利用の方';
    const m = index.mentions(text).map((x) => x.brand);
    expect(m).toEqual(expect.arrayContaining(['sagawa', 'au']));
    const en = 'Because the beauty salon is closed';
    expect(index.mentions(en)).toEqual([]);
  });
});

describe('defanging and evidence', () => {
  it('never leaves a live link', () => {
    expect(defangUrl('https://evil.example.com/a.b?x=1.2')).toBe('hxxps[://]evil[.]example[.]com/a.b?x=1.2');
    expect(defangHost('a.b.c')).toBe('a[.]b[.]c');
  });
  it('combines evidence as a noisy-OR and subtracts benign evidence', () => {
    const ev = new Evidence();
    ev.add({ code: 'lure_phrase', weight: 50, ja: '', en: '' });
    ev.add({ code: 'suspicious_tld', weight: 50, ja: '', en: '' });
    expect(ev.score()).toBe(75);
    ev.add({ code: 'official_domain', weight: -100, ja: '', en: '' });
    expect(ev.result().verdict).toBe('allow');
  });
});

describe('URL check', () => {
  it('allows official domains of protected brands', () => {
    const r = urls.checkUrl('https://www.kuronekoyamato.co.jp/ytc/customer/');
    expect('verdict' in r && r.verdict).toBe('allow');
    expect('reasons' in r && codes(r)).toContain('official_domain');
  });
  it('flags brand tokens on foreign domains with an explanation naming the official domain', () => {
    const r = urls.checkUrl('https://kuronekoyamato-xq.top/login');
    if (!('verdict' in r)) throw new Error('expected a result');
    expect(r.verdict).not.toBe('allow');
    const brand = r.reasons.find((x) => x.code === 'brand_token_in_host');
    expect(brand?.en).toContain('kuronekoyamato.co.jp');
    expect(brand?.ja).toContain('ヤマト運輸');
    expect(r.subject).toBe('hxxps[://]kuronekoyamato-xq[.]top/login');
  });
  it('blocks list hits and reports the list', () => {
    const lists: UrlLists = {
      matchUrl: (p) =>
        p.host === 'bad.example.com' ? { list: 'test-feed', severity: 'block', match: 'host' } : undefined,
    };
    const checker = createUrlChecker({ lists });
    const r = checker.checkUrl('hxxp://bad[.]example[.]com/x');
    expect('verdict' in r && r.verdict).toBe('block');
    expect('reasons' in r && r.reasons[0]?.en).toContain('test-feed');
  });
  it('reads the compact blocklist table: domains cover subdomains, prefixes cover deeper paths', () => {
    const b = new BlocklistBuilder();
    b.add('domain', 'evil-feed.com', { source: 'jpcert' });
    b.add('url_prefix', 'https://kit.example-kit.net/wp/phish/', { source: 'openphish', severity: 'warn' });
    const lists = tableLists(b.build());
    const checker = createSmsChecker({ lists });
    const r = checker.check({ body: '至急ご確認ください https://a.b.evil-feed.com/login' });
    expect(r.verdict).toBe('block');
    expect(r.reasons.find((x) => x.code === 'blocklisted_domain')?.en).toContain('jpcert');
    const u = createUrlChecker({ lists }).checkUrl('https://kit.example-kit.net/wp/phish/x/login.php');
    expect('reasons' in u && u.reasons.map((x) => x.code)).toContain('blocklisted');
  });
  it('rejects what is not a URL with a reason', () => {
    const r = urls.checkUrl('javascript:alert(1)');
    expect(r).toEqual({ ok: false, reason: expect.stringContaining('scheme') });
  });
  it('treats well-known domains as benign when the snapshot lists them', () => {
    const checker = createUrlChecker({ benignDomains: ['example-popular.com'] });
    const r = checker.checkDomain('example-popular.com');
    expect('verdict' in r && r.verdict).toBe('allow');
  });
});

describe('SMS check', () => {
  it('blocks parcel smishing that names a carrier and links elsewhere', () => {
    const r = sms.check({
      sender: '+8613000000417',
      body: '【佐川急便】お荷物のお届けにあがりましたが不在の為持ち帰りました。ご確認ください。https://sagawa-xq.top/abc',
    });
    expect(r.verdict).toBe('block');
    expect(r.brands).toContain('sagawa');
    expect(codes(r)).toEqual(
      expect.arrayContaining(['brand_impersonation', 'sender_international', 'lure_phrase']),
    );
    const impersonation = r.reasons.find((x) => x.code === 'brand_impersonation');
    expect(impersonation?.ja).toContain('sagawa-exp.co.jp');
    expect(r.links[0]?.url).toBe('hxxps[://]sagawa-xq[.]top/abc');
  });
  it('finds links written in full-width characters, with 。 and defanged', () => {
    for (const body of [
      '【ヤマト運輸】お荷物の住所不備です。ｈｔｔｐｓ：／／ｙａｍａｔｏ－ｊｐ．ｃｙｏｕ',
      'ヤマト運輸です。不在のため持ち帰りました yamato-jp。cyou/x',
      'ヤマト運輸：再配達はこちら hxxps://yamato-jp[.]cyou/x',
    ]) {
      const r = sms.check({ body });
      expect(r.links.length, body).toBe(1);
      expect(r.verdict, body).not.toBe('allow');
    }
  });
  it('allows a genuine notice that links to the official domain', () => {
    const r = sms.check({
      sender: 'YAMATO',
      body: 'ヤマト運輸です。お荷物のお届け予定をお知らせします。https://www.kuronekoyamato.co.jp/ytc/customer/',
    });
    expect(r.verdict).toBe('allow');
  });
  it('allows ordinary conversation that mentions paying or checking', () => {
    for (const body of [
      '明日の支払いは私がするね。確認しておいて',
      '会議は10時からです。よろしくお願いします。',
      'OK see you at 7. Sleep well.you need rest',
    ]) {
      expect(sms.check({ sender: '09000001234', body }).verdict, body).toBe('allow');
    }
  });
  it('answers in bounded time for hostile input and marks truncation', () => {
    const huge = `${'a.'.repeat(2_000_000)}https://x.top/`;
    const t = performance.now();
    const r = sms.check({ body: huge });
    expect(performance.now() - t).toBeLessThan(500);
    expect(codes(r)).toContain('input_truncated');
    const bait = `${'['.repeat(5000)}.${'('.repeat(5000)}dot${')'.repeat(5000)}`;
    expect(() => sms.check({ body: bait, sender: '\u0000\uffff' })).not.toThrow();
  });
  it('never throws and always returns a valid verdict and score', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 30 }), (body, sender) => {
        const r = sms.check({ body, sender });
        expect(['block', 'warn', 'allow']).toContain(r.verdict);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(100);
        for (const l of r.links) expect(l.url).not.toMatch(/https?:\/\//);
      }),
      { numRuns: 500 },
    );
  });
});

describe('private suffixes from one PSL walk', () => {
  it('agrees with a separate private-suffix walk for fresh and stored attributes', async () => {
    const { partsFromCanonicalUrl, urlParts } = await import('./url-parts.js');
    const cases: Array<[string, string | null]> = [
      ['https://evil.github.io/login', 'github.io'],
      ['http://a.b.duckdns.org/x', 'duckdns.org'],
      ['https://github.io/', 'github.io'],
      ['https://www.example.co.jp/a', null],
      ['https://sagawa-xq.top/r', null],
      ['http://192.0.2.1/x', null],
    ];
    for (const [raw, expected] of cases) {
      const r = urlParts(raw);
      if (!r.ok) throw new Error(`${raw}: ${r.reason}`);
      expect(r.parts.privateSuffix, raw).toBe(expected);
      // Attributes stored by an older normalizer (no privateSuffix key) still get the walk.
      const { privateSuffix: _dropped, ...stored } = { ...r.parts, host: r.parts.host } as Record<
        string,
        unknown
      >;
      const again = partsFromCanonicalUrl(r.parts.url as string, { ...stored, hostIsIp: r.parts.hostIsIp });
      expect(again.privateSuffix, raw).toBe(expected);
    }
  });
});
