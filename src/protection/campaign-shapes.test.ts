import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';

let t: TestKoban;
let carrier: { orgId: string; key: string };
let bank: { orgId: string; key: string };

const post = (key: string, url: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url, headers: bearer(key), payload: payload as object });

const report = (key: string, url: string, tlp = 'GREEN') =>
  post(key, '/v1/reports', {
    kind: 'phishing_site',
    tlp,
    description: 'kit on a fresh domain',
    details: { url },
  });

const codes = (body: { reasons: { code: string }[] }) => body.reasons.map((r) => r.code);

beforeAll(async () => {
  t = await startTestKoban();
  carrier = await createOrgWithKey(t, 'Carrier', 'carrier');
  bank = await createOrgWithKey(t, 'Bank', 'bank');
});
afterAll(async () => t.close());

describe('campaign shapes over HTTP', () => {
  it('three reports of one kit path on different domains flag a fourth, new domain', async () => {
    for (const host of ['eglnyq.cn', 'cgjuyx.cn', 'lihongli9.cn'])
      expect((await report(bank.key, `https://${host}/sdnz/`)).statusCode).toBe(201);
    await t.koban.protection.index.refresh();
    const r = await post(carrier.key, '/v1/check/url', { url: 'https://qwxzt.cn/sdnz/' });
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(['warn', 'block']).toContain(body.verdict);
    const shape = body.reasons.find((x: { code: string }) => x.code === 'campaign_shape');
    expect(shape.en).toBe(
      'the same URL shape (path /sdnz/) was reported as phishing on 3 other domains in the last 30 days',
    );
    expect(shape.ja).toBe(
      '同じ形のURL（パス /sdnz/）が直近30日に別の3ドメインでフィッシングとして報告されています',
    );
    // Not a blocklist hit: the URL and its domain were never reported.
    expect(codes(body)).not.toContain('blocklisted');
    expect(codes(body)).not.toContain('blocklisted_domain');
  });

  it('a benign-looking URL, a well-known path and a reported domain itself get no shape reason', async () => {
    const plain = await post(carrier.key, '/v1/check/url', { url: 'https://example-bakery.jp/menu/bread' });
    expect(codes(plain.json())).not.toContain('campaign_shape');
    await t.koban.protection.index.refresh();
    for (const host of ['aaa-one.top', 'bbb-two.top', 'ccc-three.top'])
      expect((await report(bank.key, `https://${host}/login/`)).statusCode).toBe(201);
    await t.koban.protection.index.refresh();
    const login = await post(carrier.key, '/v1/check/url', { url: 'https://my-shop.jp/login/' });
    expect(codes(login.json())).not.toContain('campaign_shape');
  });

  it('restricted reports (TLP:AMBER+STRICT) never feed the shared shapes', async () => {
    for (const host of ['hxkq.cn', 'pmzr.cn', 'tvbw.cn'])
      expect((await report(bank.key, `https://${host}/oiuewq/`, 'AMBER+STRICT')).statusCode).toBe(201);
    await t.koban.protection.index.refresh();
    const r = await post(carrier.key, '/v1/check/url', { url: 'https://bgkopz.cn/oiuewq/' });
    expect(codes(r.json())).not.toContain('campaign_shape');
  });
});
