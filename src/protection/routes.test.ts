import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import { BATCH_BODY_LIMIT } from './schemas.js';

let t: TestKoban;
let carrier: { orgId: string; key: string };
let bank: { orgId: string; key: string };
let bankAnalystKey: string;

const post = (key: string, url: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url, headers: bearer(key), payload: payload as object });

async function memberKey(orgId: string, role: string): Promise<string> {
  const admin = await t.koban.auth.authenticate(`Bearer ${t.adminKey}`);
  const member = await t.koban.orgs.addMember(admin, orgId, {
    name: `${role} person`,
    role: role as 'analyst',
  });
  return (await t.koban.orgs.createKey(admin, orgId, { name: role, memberId: member.id })).apiKey;
}

beforeAll(async () => {
  t = await startTestKoban();
  carrier = await createOrgWithKey(t, 'Carrier', 'carrier');
  bank = await createOrgWithKey(t, 'Bank', 'bank');
  bankAnalystKey = await memberKey(bank.orgId, 'analyst');
});
afterAll(async () => t.close());

const smishing = {
  kind: 'smishing',
  tlp: 'GREEN',
  description: '不在通知SMS',
  details: {
    sender: '090-1234-5678',
    body: '【佐川急便】不在の為持ち帰りました。hxxps://sagawa-xq[.]top/abc',
  },
};

describe('check routes', () => {
  it('checks a URL with reasons in Japanese and English, defanged subjects', async () => {
    const r = await post(carrier.key, '/v1/check/url', { url: 'https://kuronekoyamato-xq.top/login' });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(['block', 'warn']).toContain(body.verdict);
    expect(body.subject).toBe('hxxps[://]kuronekoyamato-xq[.]top/login');
    expect(body.reasons.length).toBeGreaterThan(0);
    for (const reason of body.reasons) {
      expect(reason.ja).toBeTruthy();
      expect(reason.en).toBeTruthy();
      if (reason.subject) expect(reason.subject).not.toMatch(/https?:\/\//);
    }
    const official = await post(carrier.key, '/v1/check/domain', { domain: 'www.kuronekoyamato.co.jp' });
    expect(official.json()).toMatchObject({ verdict: 'allow', reasons: [{ code: 'official_domain' }] });
  });

  it('needs an API key; bad values are 400 naming the field', async () => {
    const anon = await t.app.inject({ method: 'POST', url: '/v1/check/url', payload: { url: 'x' } });
    expect(anon.statusCode).toBe(401);
    const bad = await post(carrier.key, '/v1/check/url', { url: 'not a url at all' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json()).toMatchObject({ code: 'invalid_indicator', errors: [{ field: '/url' }] });
    const missing = await post(carrier.key, '/v1/check/sms', { sender: 'x' });
    expect(missing.json()).toMatchObject({ status: 400, errors: [{ field: '/body' }] });
    const extra = await post(carrier.key, '/v1/check/domain', { domain: 'a.example', colour: 1 });
    expect(extra.json().errors[0].field).toBe('/colour');
  });

  it('reported URLs become list hits for those who may see the report', async () => {
    const before = await post(carrier.key, '/v1/check/sms', {
      sender: '+447700900123',
      body: 'hello https://plain-shop-example.top/x',
    });
    expect(before.json().reasons.some((r: { code: string }) => r.code === 'blocklisted')).toBe(false);
    const created = await post(carrier.key, '/v1/reports', {
      ...smishing,
      details: { sender: '090-1234-5678', body: '荷物のお知らせ https://plain-shop-example.top/x' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const red = await post(bank.key, '/v1/reports', {
      kind: 'phishing_site',
      tlp: 'RED',
      description: 'internal',
      details: { url: 'https://secret-bank-phish.example/login' },
    });
    expect(red.statusCode, red.body).toBe(201);
    await t.koban.protection.index.refresh();
    const after = await post(bank.key, '/v1/check/sms', { body: 'hello https://plain-shop-example.top/x' });
    expect(after.json().reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'blocklisted', subject: 'hxxps[://]plain-shop-example[.]top/x' }),
      ]),
    );
    expect(after.json().verdict).toBe('block');
    // The RED report's URL helps its reporter only: nobody else learns it through a verdict.
    const own = await post(bank.key, '/v1/check/url', { url: 'https://secret-bank-phish.example/login' });
    expect(own.json().reasons.map((r: { code: string }) => r.code)).toContain('blocklisted');
    const other = await post(carrier.key, '/v1/check/url', {
      url: 'https://secret-bank-phish.example/login',
    });
    expect(other.json().reasons.map((r: { code: string }) => r.code)).not.toContain('blocklisted');
    expect(other.json().reasons.map((r: { code: string }) => r.code)).not.toContain('blocklisted_domain');
  });

  it('batch: per-message results, bad items get their own error', async () => {
    const messages = [
      {
        sender: 'SAGAWA',
        body: '【佐川急便】お荷物をお届けにあがりましたが不在の為持ち帰りました。https://sagawa-xq.top/abc',
      },
      { body: '' },
      'junk',
      { body: 'ok\u0000binary' },
      { body: '明日の会議は10時からです' },
      { body: 'x', colour: 'red' },
    ];
    const r = await post(carrier.key, '/v1/check/sms:batch', { messages });
    expect(r.statusCode, r.body).toBe(200);
    const { summary, results } = r.json();
    expect(results).toHaveLength(6);
    expect(results[0].verdict).toBe('block');
    expect(results[0].brands).toContain('sagawa');
    expect(results[1].error).toEqual({ field: '/messages/1/body', reason: 'must not be empty' });
    expect(results[2].error.field).toBe('/messages/2');
    expect(results[3].error).toMatchObject({
      field: '/messages/3/body',
      reason: expect.stringMatching(/binary/),
    });
    expect(results[4].verdict).toBe('allow');
    expect(results[5].error.field).toBe('/messages/5/colour');
    expect(summary).toMatchObject({ invalid: 4 });
  });

  it('batch modes: full bilingual by default, one language, or codes only', async () => {
    const messages = [
      {
        sender: '+8613812345678',
        body: '【佐川急便】お荷物をお届けにあがりましたが不在の為持ち帰りました。https://sagawa-mode.top/abc',
      },
      { body: '' },
      { body: '明日の会議は10時からです' },
    ];
    const full = await post(carrier.key, '/v1/check/sms:batch', { messages });
    const explicit = await post(carrier.key, '/v1/check/sms:batch?reasons=full&lang=both', { messages });
    expect(full.statusCode, full.body).toBe(200);
    expect(explicit.json()).toEqual(full.json());
    const f = full.json();
    expect(f.results[0].reasons.length).toBeGreaterThan(0);
    for (const reason of f.results[0].reasons) {
      expect(reason.ja).toBeTruthy();
      expect(reason.en).toBeTruthy();
    }
    expect(
      f.results[0].reasons.find((r: { code: string }) => r.code === 'brand_impersonation'),
    ).toMatchObject({ brand: 'sagawa', subject: 'hxxps[://]sagawa-mode[.]top/abc' });
    expect(f.results[0].links).toEqual([
      { url: 'hxxps[://]sagawa-mode[.]top/abc', verdict: expect.any(String), score: expect.any(Number) },
    ]);

    const codes = await post(carrier.key, '/v1/check/sms:batch?reasons=codes', { messages });
    expect(codes.statusCode, codes.body).toBe(200);
    expect(codes.headers['content-type']).toContain('application/json');
    const c = codes.json();
    expect(c.summary).toEqual(f.summary);
    expect(c.results[0]).toEqual({
      verdict: f.results[0].verdict,
      score: f.results[0].score,
      reasons: f.results[0].reasons.map((r: { code: string; weight: number }) => ({
        code: r.code,
        weight: r.weight,
      })),
      brands: ['sagawa'],
    });
    expect(c.results[1]).toEqual(f.results[1]);
    expect(Object.keys(c.results[2]).sort()).toEqual(['brands', 'reasons', 'score', 'verdict']);
    expect(codes.body.length).toBeLessThan(full.body.length / 2);

    for (const lang of ['ja', 'en'] as const) {
      const one = await post(carrier.key, `/v1/check/sms:batch?lang=${lang}`, { messages });
      expect(one.statusCode, one.body).toBe(200);
      const o = one.json();
      const other = lang === 'ja' ? 'en' : 'ja';
      expect(o.results[0].links).toEqual(f.results[0].links);
      expect(o.results[0].reasons).toEqual(
        f.results[0].reasons.map((r: Record<string, unknown>) => {
          const { [other]: _, ...rest } = r;
          return rest;
        }),
      );
    }

    const bad = await post(carrier.key, '/v1/check/sms:batch?reasons=none', { messages });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    // An error answer in a compact mode is still problem+json.
    const tooMany = await post(carrier.key, '/v1/check/sms:batch?reasons=codes', {
      messages: Array.from({ length: 1001 }, () => ({ body: 'x' })),
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json()).toMatchObject({ status: 400, errors: [{ field: '/messages' }] });
  });

  it("batch: a caller's cached verdicts never outlive a new report", async () => {
    const messages = [{ body: 'ご確認ください https://batch-cache-shop.top/x' }];
    const codesOf = async () =>
      (await post(carrier.key, '/v1/check/sms:batch', { messages }))
        .json()
        .results[0].reasons.map((r: { code: string }) => r.code);
    expect(await codesOf()).not.toContain('blocklisted');
    const created = await post(carrier.key, '/v1/reports', {
      ...smishing,
      details: { sender: '090-1234-5678', body: '荷物のお知らせ https://batch-cache-shop.top/x' },
    });
    expect(created.statusCode, created.body).toBe(201);
    await t.koban.protection.index.refresh();
    expect(await codesOf()).toContain('blocklisted');
  });

  it('batch limits: 1,001 messages, missing field, 10 MB body, invalid UTF-8, not JSON', async () => {
    const many = await post(carrier.key, '/v1/check/sms:batch', {
      messages: Array.from({ length: 1001 }, () => ({ body: 'x' })),
    });
    expect(many.statusCode).toBe(400);
    expect(many.json().errors[0].field).toBe('/messages');
    const none = await post(carrier.key, '/v1/check/sms:batch', {});
    expect(none.json()).toMatchObject({ status: 400, errors: [{ field: '/messages' }] });
    const huge = await t.app.inject({
      method: 'POST',
      url: '/v1/check/sms:batch',
      headers: { ...bearer(carrier.key), 'content-type': 'application/json' },
      payload: `{"messages":[{"body":"${'あ'.repeat((10 * 1024 * 1024) / 3 + 10)}"}]}`,
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.headers['content-type']).toContain('application/problem+json');
    const bigSingle = await post(carrier.key, '/v1/check/sms', { body: 'x'.repeat(100_000) });
    expect(bigSingle.statusCode).toBe(413);
    // Invalid UTF-8 inside one message: that message fails, the others are checked.
    const bytes = Buffer.concat([
      Buffer.from('{"messages":[{"body":"fine"},{"body":"bad '),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}]}'),
    ]);
    const utf = await t.app.inject({
      method: 'POST',
      url: '/v1/check/sms:batch',
      headers: { ...bearer(carrier.key), 'content-type': 'application/json' },
      payload: bytes,
    });
    expect(utf.statusCode, utf.body).toBe(200);
    expect(utf.json().results[0].verdict).toBeDefined();
    expect(utf.json().results[1].error).toEqual({ field: '/messages/1/body', reason: 'is not valid UTF-8' });
    const single = await t.app.inject({
      method: 'POST',
      url: '/v1/check/sms',
      headers: { ...bearer(carrier.key), 'content-type': 'application/json' },
      payload: Buffer.concat([Buffer.from('{"body":"'), Buffer.from([0xc0, 0x80]), Buffer.from('"}')]),
    });
    expect(single.statusCode).toBe(400);
    expect(single.json()).toMatchObject({ code: 'unsupported_text', errors: [{ field: '/body' }] });
    const binary = await t.app.inject({
      method: 'POST',
      url: '/v1/check/sms:batch',
      headers: { ...bearer(carrier.key), 'content-type': 'application/json' },
      payload: Buffer.from([0x00, 0x01, 0x02, 0xff]),
    });
    expect(binary.statusCode).toBe(400);
    expect(binary.json().code).toBe('malformed_json');
    const text = await t.app.inject({
      method: 'POST',
      url: '/v1/check/sms',
      headers: { ...bearer(carrier.key), 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(text.statusCode).toBe(415);
    expect(BATCH_BODY_LIMIT).toBeGreaterThan(1000 * 2000 * 3);
  });
});

describe('brands', () => {
  it('validates and registers brands; analysts and admins only', async () => {
    const plain = await post(bank.key, '/v1/brands', { namesJa: ['例銀行'] });
    expect(plain.statusCode).toBe(403);
    const noName = await post(bankAnalystKey, '/v1/brands', { officialDomains: ['example-bank.co.jp'] });
    expect(noName.json()).toMatchObject({ status: 400, errors: [{ field: '/namesJa' }] });
    const badDomain = await post(bankAnalystKey, '/v1/brands', {
      namesEn: ['Example'],
      officialDomains: ['co.jp'],
    });
    expect(badDomain.json()).toMatchObject({ status: 400, errors: [{ field: '/officialDomains/0' }] });
    const shortener = await post(bankAnalystKey, '/v1/brands', {
      namesEn: ['Example'],
      officialDomains: ['bit.ly'],
    });
    expect(shortener.json().errors[0].field).toBe('/officialDomains/0');
    const badToken = await post(bankAnalystKey, '/v1/brands', {
      namesEn: ['Example'],
      hostTokens: ['ｅｘ', 'a'],
    });
    expect(badToken.json().errors.map((e: { field: string }) => e.field)).toEqual([
      '/hostTokens/0',
      '/hostTokens/1',
    ]);
    const claimed = await post(bankAnalystKey, '/v1/brands', {
      namesEn: ['Example'],
      officialDomains: ['login.kuronekoyamato.co.jp'],
    });
    expect(claimed.statusCode).toBe(409);
    expect(claimed.json()).toMatchObject({
      code: 'brand_domain_claimed',
      errors: [{ field: '/officialDomains/0' }],
    });
    const builtIn = await post(bankAnalystKey, '/v1/brands', { id: 'yamato', namesEn: ['Mine'] });
    expect(builtIn.statusCode).toBe(403);

    const created = await post(bankAnalystKey, '/v1/brands', {
      id: 'example-bank',
      namesJa: ['エグザンプル銀行'],
      namesEn: ['Example Bank'],
      officialDomains: ['WWW.Example-Bank.CO.JP.', 'example-bank.com'],
      officialSenders: ['ExampleBK'],
      hostTokens: ['ExampleBank', 'exbank'],
      sector: 'bank',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      id: 'example-bank',
      orgId: bank.orgId,
      builtIn: false,
      officialDomains: ['www.example-bank.co.jp', 'example-bank.com'],
      hostTokens: ['examplebank', 'exbank'],
    });
    const list = await t.app.inject({ method: 'GET', url: '/v1/brands', headers: bearer(carrier.key) });
    const ids = list.json().items.map((b: { id: string }) => b.id);
    expect(ids).toContain('example-bank');
    expect(ids).toContain('yamato');

    // The index picks the brand up: its official domain is allowed, a lookalike host is not.
    const official = await post(carrier.key, '/v1/check/domain', { domain: 'example-bank.com' });
    expect(official.json().verdict).toBe('allow');
    const fake = await post(carrier.key, '/v1/check/url', { url: 'https://examplebank-login.top/verify' });
    expect(fake.json().reasons).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ brand: 'example-bank', code: 'brand_token_in_host' }),
      ]),
    );

    const other = await post(carrier.key, '/v1/reports', smishing);
    expect(other.statusCode).toBe(201);
    const foreign = await t.app.inject({
      method: 'PATCH',
      url: '/v1/brands/example-bank',
      headers: bearer(t.adminKey),
      payload: { sector: 'card' },
    });
    expect(foreign.statusCode).toBe(403);
    const patched = await t.app.inject({
      method: 'PATCH',
      url: '/v1/brands/example-bank',
      headers: bearer(bankAnalystKey),
      payload: { namesJa: [], namesEn: ['Example Bank Ltd'] },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ namesJa: [], namesEn: ['Example Bank Ltd'], version: 2 });
    const audit = await t.koban.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'brand.%')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['brand.create', 'brand.update']);
  });

  it('raises lookalike alerts from reports for the brand owner and the centre', async () => {
    const r = await post(carrier.key, '/v1/reports', {
      kind: 'phishing_site',
      tlp: 'GREEN',
      description: 'fake bank',
      details: { url: 'https://examplebank-secure.top/login' },
    });
    expect(r.statusCode).toBe(201);
    const hidden = await post(carrier.key, '/v1/reports', {
      kind: 'phishing_site',
      tlp: 'AMBER+STRICT',
      description: 'fake bank, internal',
      details: { url: 'https://examplebank-hidden.top/login' },
    });
    expect(hidden.statusCode).toBe(201);
    await t.koban.protection.start(60_000);
    await t.koban.protection.alerts.processNewReports();
    const mine = await t.app.inject({
      method: 'GET',
      url: '/v1/lookalike-alerts?brand=example-bank',
      headers: bearer(bank.key),
    });
    expect(mine.statusCode, mine.body).toBe(200);
    const domains = mine.json().items.map((a: { domain: string }) => a.domain);
    expect(domains).toContain('examplebank-secure[.]top');
    expect(domains).not.toContain('examplebank-hidden[.]top');
    const theirs = await t.app.inject({
      method: 'GET',
      url: '/v1/lookalike-alerts?brand=example-bank',
      headers: bearer(carrier.key),
    });
    expect(theirs.json().items).toEqual([]);
    const centre = await t.app.inject({
      method: 'GET',
      url: '/v1/lookalike-alerts?status=open',
      headers: bearer(t.adminKey),
    });
    expect(centre.json().items.length).toBeGreaterThanOrEqual(1);
    const id = mine.json().items[0].id as string;
    const dismissed = await t.app.inject({
      method: 'PATCH',
      url: `/v1/lookalike-alerts/${id}`,
      headers: bearer(bankAnalystKey),
      payload: { status: 'dismissed' },
    });
    expect(dismissed.json()).toMatchObject({ status: 'dismissed' });
    const byCarrier = await t.app.inject({
      method: 'PATCH',
      url: `/v1/lookalike-alerts/${id}`,
      headers: bearer(t.adminKey),
      payload: { status: 'confirmed' },
    });
    expect(byCarrier.statusCode).toBe(200);
  });

  it('feeds: blocklist entries are list hits under the feed TLP', async () => {
    const feed = await post(t.adminKey, '/v1/protection/feeds', {
      name: 'centre-blocklist',
      purpose: 'blocklist',
      tlp: 'RED',
      entries: [
        { kind: 'domain', value: 'evil-feed.top' },
        { kind: 'url', value: 'not a url' },
      ],
    });
    expect(feed.statusCode, feed.body).toBe(200);
    expect(feed.json()).toMatchObject({ entries: 1, invalid: [{ field: '/entries/1/value' }] });
    const centre = await post(t.adminKey, '/v1/check/domain', { domain: 'www.evil-feed.top' });
    expect(centre.json().reasons[0]).toMatchObject({ code: 'blocklisted_domain' });
    const partner = await post(carrier.key, '/v1/check/domain', { domain: 'www.evil-feed.top' });
    expect(partner.json().reasons.map((r: { code: string }) => r.code)).not.toContain('blocklisted_domain');
  });
});
