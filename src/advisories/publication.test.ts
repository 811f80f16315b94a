import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AdvisoryScenario,
  CHECKLIST,
  SCAM_NUMBER,
  SUSPECT,
  seedAdvisoryScenario,
  VICTIM_VALUES,
} from '../../test/helpers/advisories.js';
import { bearer, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import { xmlProblem } from '../../test/helpers/xml-wellformed.js';
import { TLP2_MARKING_IDS } from '../correlation/stix-primitives.js';

let t: TestKoban;
let s: AdvisoryScenario;
let published: string;
let draft: string;
const call = (key: string, url: string, payload: object) =>
  t.app.inject({ method: 'POST', url, headers: bearer(key), payload });
const open = (url: string) => t.app.inject({ method: 'GET', url });

async function publish(audience: string): Promise<string> {
  const created = await call(s.author, '/v1/advisories', { source: { campaignId: s.campaignId }, audience });
  const id = created.json().id as string;
  await call(s.author, `/v1/advisories/${id}/submit`, { version: 1 });
  await call(s.approver, `/v1/advisories/${id}/approve`, {
    version: 1,
    checklist: CHECKLIST,
    justification: '被害拡大防止のため公表する。被害者情報は除去済み。',
  });
  const r = await call(s.author, `/v1/advisories/${id}/publish`, { version: 1 });
  expect(r.statusCode, r.body).toBe(200);
  return id;
}

beforeAll(async () => {
  t = await startTestKoban({ KOBAN_PUBLIC_BASE_URL: 'https://koban.example.jp/' });
  s = await seedAdvisoryScenario(t);
  published = await publish('elderly');
  await publish('sme');
  draft = (
    await call(s.author, '/v1/advisories', { source: { campaignId: s.campaignId }, audience: 'public' })
  ).json().id;
});
afterAll(async () => t.close());

const OUTPUTS = [
  ['HTML', () => `/v1/public/advisories/${published}`],
  ['RSS', () => '/v1/public/advisories/rss.xml'],
  ['Atom', () => '/v1/public/advisories/atom.xml'],
  ['JSON Feed', () => '/v1/public/advisories/feed.json'],
  ['STIX', () => `/v1/public/advisories/${published}/stix`],
] as const;

describe('published outputs', () => {
  it.each(OUTPUTS)(
    '%s answers without an API key and holds no victim data and nothing withheld',
    async (_, url) => {
      const r = await open(url());
      expect(r.statusCode, r.body).toBe(200);
      for (const value of [...VICTIM_VALUES, SUSPECT, 'AMBERSECRET', 'REDSECRET'])
        expect(r.body).not.toContain(value);
      expect(r.body).toContain(SCAM_NUMBER);
      expect(r.body).toContain('sagawa-xq[.]top');
    },
  );

  it('renders the page inert: escaped hostile text, no script, no link to a reported URL, strict CSP', async () => {
    const r = await open(`/v1/public/advisories/${published}`);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; img-src 'none'/);
    expect(csp).not.toContain('unsafe');
    expect(r.body).not.toMatch(/<script|<img|<a\s|<iframe|https?:\/\/sagawa/i);
    expect(r.body).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;',
    );
    expect(r.body).toContain('<code>hxxps[://]sagawa-xq[.]top/abc</code>');
    expect(r.body.match(/<[a-z][a-z0-9]*/g)?.filter((tag) => !ALLOWED_TAGS.has(tag.slice(1)))).toEqual([]);
  });

  it('serves well-formed RSS 2.0 and Atom with their required elements, per audience too', async () => {
    const rss = await open('/v1/public/advisories/rss.xml');
    expect(rss.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
    expect(xmlProblem(rss.body)).toBeNull();
    expect(rss.body).toMatch(
      /<rss version="2.0"[^>]*>\n<channel>\n<title>[^<]+<\/title>\n<link>https:\/\/koban\.example\.jp\//,
    );
    expect(
      rss.body.match(/<item><title>[^<]+<\/title><link>[^<]+<\/link><guid [^>]+>[^<]+<\/guid><pubDate>/g),
    ).toHaveLength(2);
    expect(rss.body).toContain(`<link>https://koban.example.jp/v1/public/advisories/${published}</link>`);
    const atom = await open('/v1/public/advisories/atom.xml?audience=elderly');
    expect(xmlProblem(atom.body)).toBeNull();
    for (const required of [
      '<id>urn:koban:advisories:elderly</id>',
      '<updated>',
      '<title type="text">',
      'rel="self"',
    ]) {
      expect(atom.body).toContain(required);
    }
    expect(
      atom.body.match(/<entry><id>urn:koban:advisory:[^<]+<\/id><title type="text">[^<]+<\/title><updated>/g),
    ).toHaveLength(1);
    expect(xmlProblem((await open('/v1/public/advisories/rss.xml?audience=children')).body)).toBeNull();
    expect((await open('/v1/public/advisories/rss.xml?audience=nobody')).statusCode).toBe(400);
  });

  it('keeps the XML well-formed whatever the text holds', () => {
    expect(xmlProblem('<a><b>x</b></a>')).toBeNull();
    expect(xmlProblem('<a>]]&gt; &bogus;</a>')).toMatch(/entity/);
    expect(xmlProblem('<a><b></a>')).not.toBeNull();
  });

  it('serves JSON Feed 1.1 with display forms only', async () => {
    const r = await open('/v1/public/advisories/feed.json?audience=elderly');
    const feed = JSON.parse(r.body);
    expect(feed).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      items: [{ id: `urn:koban:advisory:${published}` }],
    });
    expect(r.body).not.toMatch(/https?:\/\/sagawa/);
    expect(feed.items[0]._koban.indicators[0]).toEqual({
      type: 'phone',
      display: '080-2222-3333',
      role: 'sender',
    });
  });

  it('exports a STIX 2.1 report with the published indicators, TLP:CLEAR, deterministic ids', async () => {
    const first = JSON.parse((await open(`/v1/public/advisories/${published}/stix`)).body);
    const again = JSON.parse((await open(`/v1/public/advisories/${published}/stix`)).body);
    expect(again).toEqual(first);
    expect(first.type).toBe('bundle');
    const report = first.objects.find((o: { type: string }) => o.type === 'report');
    const indicators = first.objects.filter((o: { type: string }) => o.type === 'indicator');
    expect(report.object_refs).toEqual(indicators.map((i: { id: string }) => i.id));
    expect(indicators.map((i: { pattern: string }) => i.pattern)).toContain(
      "[url:value = 'https://sagawa-xq.top/abc']",
    );
    for (const o of first.objects.filter((x: { type: string }) => x.type !== 'marking-definition')) {
      expect(o.object_marking_refs).toEqual([TLP2_MARKING_IDS.CLEAR]);
      expect(o.id).toMatch(/^[a-z-]+--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
  });

  it('answers 404 for drafts and unknown ids on every public route', async () => {
    for (const url of [
      `/v1/public/advisories/${draft}`,
      `/v1/public/advisories/${draft}/stix`,
      '/v1/public/advisories/nope',
    ]) {
      expect((await open(url)).statusCode).toBe(404);
    }
    const feed = await open('/v1/public/advisories/feed.json');
    expect(feed.body).not.toContain(draft);
    expect(JSON.parse(feed.body).items).toHaveLength(2);
  });
});

const ALLOWED_TAGS = new Set([
  'html',
  'head',
  'meta',
  'title',
  'link',
  'style',
  'body',
  'article',
  'p',
  'h1',
  'h2',
  'h3',
  'blockquote',
  'ul',
  'li',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
  'code',
  'footer',
]);
