import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import { CSV_COLUMNS, csvDocument, csvField, isZoneName, plainList, rpzZone } from './blocklists.js';

/** The record grammar the zone uses, checked line by line (the shape `named-checkzone` accepts). */
const ZONE_LINE = [
  /^\$TTL \d+$/,
  /^@ IN SOA \S+\. \S+\. \( \d+ \d+ \d+ \d+ \d+ \)$/,
  /^@ IN NS \S+\.$/,
  /^;.*$/,
  /^(\*\.)?[a-z0-9_-]+(\.[a-z0-9_-]+)* CNAME \.$/,
];

describe('blocklist formats', () => {
  it('writes a valid RPZ zone: SOA, NS, then the name and its wildcard per domain', () => {
    const zone = rpzZone(['evil.example.com', 'xn--80ak6aa92e.com', 'bad name.com', 'evil.example.com'], {
      serial: 1_790_000_000,
    });
    const lines = zone.trimEnd().split('\n');
    for (const line of lines)
      expect(
        ZONE_LINE.some((re) => re.test(line)),
        line,
      ).toBe(true);
    expect(lines[0]).toBe('$TTL 300');
    expect(lines[1]).toContain('1790000000');
    expect(lines.slice(4)).toEqual([
      'evil.example.com CNAME .',
      '*.evil.example.com CNAME .',
      'xn--80ak6aa92e.com CNAME .',
      '*.xn--80ak6aa92e.com CNAME .',
    ]);
    expect(zone.endsWith('\n')).toBe(true);
  });

  it('accepts only names a zone can hold', () => {
    expect(isZoneName('a.example.jp')).toBe(true);
    expect(isZoneName('-bad.example')).toBe(false);
    expect(isZoneName(`${'a'.repeat(64)}.example`)).toBe(false);
    expect(isZoneName('semi;colon.example')).toBe(false);
  });

  it('escapes CSV per RFC 4180 and defuses formula injection', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+819012345678')).toBe("'+819012345678");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('plain.example.com')).toBe('plain.example.com');
    const doc = csvDocument([
      {
        type: 'url',
        value: 'https://x.example/?a=1,2',
        role: 'r',
        report_id: 'i',
        report_kind: 'k',
        tlp: 'GREEN',
        reported_at: 't',
      },
    ]);
    expect(doc).toBe(`${CSV_COLUMNS.join(',')}\r\nurl,"https://x.example/?a=1,2",r,i,k,GREEN,t\r\n`);
  });

  it('writes one sorted, unique value per line', () => {
    expect(plainList(['b', 'a', 'b', 'bad\nvalue'])).toBe('a\nb\n');
    expect(plainList([])).toBe('');
  });
});

describe('blocklists over HTTP', () => {
  let t: TestKoban;
  let bank: { orgId: string; key: string };
  let carrier: { orgId: string; key: string };

  const post = async (key: string, body: object) => {
    const r = await t.app.inject({ method: 'POST', url: '/v1/reports', headers: bearer(key), payload: body });
    expect(r.statusCode, r.body).toBe(201);
    return r.json();
  };
  const get = (url: string, key: string) => t.app.inject({ method: 'GET', url, headers: bearer(key) });

  beforeAll(async () => {
    t = await startTestKoban();
    bank = await createOrgWithKey(t, 'Example Bank', 'bank');
    carrier = await createOrgWithKey(t, 'Example Carrier', 'carrier');
    await post(bank.key, {
      kind: 'phishing_site',
      tlp: 'GREEN',
      description: 'fake bank login, see also https://mentioned-only.example.org/',
      details: { url: 'https://login.fake-bank.example.com/jp', ip: '198.51.100.23' },
    });
    await post(bank.key, {
      kind: 'abuse',
      tlp: 'RED',
      description: 'internal',
      details: { category: 'phishing', domain: 'red-only.example.net', sourceIp: '203.0.113.66' },
    });
    await post(bank.key, {
      kind: 'fraud_case',
      tlp: 'GREEN',
      description: 'victim contact data must not be listed',
      details: { fraudType: 'other', email: 'victim@example.jp', phone: '090-1111-2222' },
    });
  });
  afterAll(() => t.close());

  it('lists malicious values of visible reports only', async () => {
    const domains = await get('/v1/interop/blocklist/domains.txt', carrier.key);
    expect(domains.statusCode).toBe(200);
    expect(domains.headers['content-type']).toMatch(/^text\/plain/);
    expect(domains.body).toBe('login.fake-bank.example.com\n');
    expect((await get('/v1/interop/blocklist/urls.txt', carrier.key)).body).toBe(
      'https://login.fake-bank.example.com/jp\n',
    );
    expect((await get('/v1/interop/blocklist/ips.txt', carrier.key)).body).toBe('198.51.100.23\n');
    // the reporter sees its own RED report
    expect((await get('/v1/interop/blocklist/ips.txt', bank.key)).body).toBe('198.51.100.23\n203.0.113.66\n');
    const zone = (await get('/v1/interop/blocklist/rpz.zone', carrier.key)).body;
    expect(zone).toContain('\nlogin.fake-bank.example.com CNAME .\n*.login.fake-bank.example.com CNAME .\n');
    expect(zone).not.toContain('red-only');
    const csv = (await get('/v1/interop/blocklist/indicators.csv', carrier.key)).body;
    expect(csv.startsWith(`${CSV_COLUMNS.join(',')}\r\n`)).toBe(true);
    expect(csv).not.toMatch(/red-only|203\.0\.113\.66|victim@|mentioned-only/);
  });

  it('filters by ?since= and rejects a bad one', async () => {
    const future = await get('/v1/interop/blocklist/domains.txt?since=2999-01-01T00:00:00Z', carrier.key);
    expect(future.body).toBe('');
    const past = await get('/v1/interop/blocklist/domains.txt?since=2000-01-01', carrier.key);
    expect(past.body).toBe('login.fake-bank.example.com\n');
    const bad = await get('/v1/interop/blocklist/urls.txt?since=yesterday', carrier.key);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('since');
  });

  it('needs an API key', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/v1/interop/blocklist/rpz.zone' });
    expect(r.statusCode).toBe(401);
  });
});
