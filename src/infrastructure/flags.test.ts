import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';

describe('crime-infrastructure flags', () => {
  let t: TestKoban;
  let police: { orgId: string; key: string };
  let bank: { orgId: string; key: string };
  let redReport: string;
  let greenReport: string;
  const lookup = (key: string, value: string) =>
    t.app.inject({
      method: 'GET',
      url: `/v1/indicators?value=${encodeURIComponent(value)}`,
      headers: bearer(key),
    });
  const flag = (key: string, body: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/v1/indicators/flags', headers: bearer(key), payload: body });

  beforeAll(async () => {
    t = await startTestKoban();
    police = await createOrgWithKey(t, 'Police', 'police', {
      investigationAccess: true,
      scopes: ['reports:read', 'reports:write', 'indicators:read', 'infrastructure:write'],
    });
    bank = await createOrgWithKey(t, 'Bank', 'bank');
    const submit = async (tlp: string) =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/v1/reports',
          headers: bearer(police.key),
          payload: { kind: 'other', tlp, description: '認証代行業者の番号 050-3333-4444', details: {} },
        })
      ).json().id as string;
    redReport = await submit('RED');
    greenReport = await submit('GREEN');
  });
  afterAll(() => t.close());

  it('answers "is this known crime infrastructure?" with the evidence the caller may see', async () => {
    const res = await flag(police.key, {
      value: '050-3333-4444',
      category: 'sms_verification_proxy',
      serviceName: 'SMS認証代行サービスX',
      evidence: '約100枚のデータSIMで認証を代行、本人確認なし',
      evidenceReports: [redReport, greenReport],
      tlp: 'GREEN',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      indicator: { type: 'phone', value: '+815033334444' },
      category: 'sms_verification_proxy',
    });
    const seen = (await lookup(bank.key, '+81 50 3333 4444')).json();
    expect(seen.infrastructure).toHaveLength(1);
    expect(seen.infrastructure[0]).toMatchObject({
      category: 'sms_verification_proxy',
      flaggedBy: { orgId: police.orgId },
    });
    // The bank may not see the RED evidence report: it is not listed.
    expect(seen.infrastructure[0].evidenceReports).toEqual([greenReport]);
  });

  it('keeps RED flags with the flagger, and unseen values answer 404 like unknown ones', async () => {
    const red = await flag(police.key, {
      value: '198.51.100.77',
      category: 'relay_server',
      serviceName: 'relay',
      evidence: 'ログ',
      tlp: 'RED',
    });
    expect(red.statusCode).toBe(201);
    expect((await lookup(police.key, '198.51.100.77')).json().infrastructure).toHaveLength(1);
    const hidden = await lookup(bank.key, '198.51.100.77');
    const unknown = await lookup(bank.key, '198.51.100.78');
    expect(hidden.statusCode).toBe(404);
    expect({ ...hidden.json(), requestId: 0 }).toEqual({ ...unknown.json(), requestId: 0 });
  });

  it('needs the scope, names bad fields, and withdraws idempotently', async () => {
    expect(
      (
        await flag(bank.key, {
          value: '050-1111-2222',
          category: 'other',
          serviceName: 'x',
          evidence: 'e',
          tlp: 'GREEN',
        })
      ).statusCode,
    ).toBe(403);
    const hiddenEvidence = await flag(police.key, {
      value: '050-1111-2222',
      category: 'other',
      serviceName: 'x',
      evidence: 'e',
      evidenceReports: ['0190f000-0000-7000-8000-000000000000'],
      tlp: 'GREEN',
    });
    expect(hiddenEvidence.statusCode).toBe(400);
    expect(hiddenEvidence.json().errors[0].field).toBe('/evidenceReports/0');
    const created = (
      await flag(police.key, {
        value: 'btc-proxy.example.top',
        category: 'anonymizing_proxy',
        serviceName: 'proxy',
        evidence: 'e',
        tlp: 'GREEN',
      })
    ).json();
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/v1/indicators/flags/${created.id}`,
          headers: bearer(bank.key),
        })
      ).statusCode,
    ).toBe(403);
    for (let i = 0; i < 2; i++) {
      expect(
        (
          await t.app.inject({
            method: 'DELETE',
            url: `/v1/indicators/flags/${created.id}`,
            headers: bearer(police.key),
          })
        ).statusCode,
      ).toBe(204);
    }
    expect((await lookup(bank.key, 'btc-proxy.example.top')).statusCode).toBe(404);
    const audit = await t.koban.audit.list({ limit: 1000 });
    expect(audit.filter((e) => e.action.startsWith('infrastructure_flag.')).map((e) => e.action)).toEqual(
      expect.arrayContaining(['infrastructure_flag.create', 'infrastructure_flag.revoke']),
    );
  });
});
