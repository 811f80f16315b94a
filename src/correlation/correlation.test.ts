import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import { CorrelationProcessor } from './processor.js';

type Org = { orgId: string; key: string };

describe('correlation and campaigns', () => {
  let t: TestKoban;
  let carrier: Org;
  let bank: Org;
  let volunteer: Org;
  let payment: Org;
  const ids: Record<string, string> = {};

  const submit = async (org: Org, name: string, body: Record<string, unknown>) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: bearer(org.key),
      payload: { tlp: 'GREEN', description: '', ...body },
    });
    expect(res.statusCode, res.body).toBe(201);
    ids[name] = res.json().id;
  };
  const campaign = async (org: Org | string, name: string) =>
    t.app.inject({
      method: 'GET',
      url: `/v1/reports/${ids[name] ?? name}/campaign`,
      headers: bearer(typeof org === 'string' ? org : org.key),
    });

  beforeAll(async () => {
    t = await startTestKoban();
    carrier = await createOrgWithKey(t, 'Carrier', 'carrier');
    bank = await createOrgWithKey(t, 'Bank', 'bank');
    volunteer = await createOrgWithKey(t, 'Volunteers', 'volunteer');
    payment = await createOrgWithKey(t, 'Pay', 'payment');
    await submit(carrier, 'sms', {
      kind: 'smishing',
      details: {
        sender: '+81 80-5555-0001',
        body: '【佐川急便】不在のため持ち帰りました https://login.sagawa-xq.top/a',
      },
    });
    await submit(volunteer, 'site', { kind: 'phishing_site', details: { url: 'hxxps://sagawa-xq[.]top/b' } });
    await submit(bank, 'fraud', {
      kind: 'fraud_case',
      tlp: 'RED',
      details: { fraudType: 'account_linking', phone: '090-1111-2222', bankAccounts: ['0009-123-1234567'] },
    });
    await submit(volunteer, 'tip', {
      kind: 'other',
      description: '連絡先 090-1111-2222 と https://sagawa-xq.top/c を確認',
      details: {},
    });
    await submit(payment, 'mule', {
      kind: 'fraud_case',
      details: { fraudType: 'unauthorized_transfer', bankAccounts: ['0009-123-1234567'] },
    });
    await submit(carrier, 'short1', {
      kind: 'smishing',
      details: { sender: 'INFO', body: '確認 https://bit.ly/abc1 DNS 8.8.8.8' },
    });
    await submit(carrier, 'short2', {
      kind: 'smishing',
      details: { sender: 'NEWS', body: '確認 https://bit.ly/zzz9 DNS 8.8.8.8' },
    });
    expect(await t.koban.correlation.drain()).toBe(7);
  });
  afterAll(() => t.close());

  it('links reports from four organizations into one campaign, each link explained', async () => {
    const res = await campaign(bank, 'sms');
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(new Set(view.reports.map((r: { id: string }) => r.id))).toEqual(
      new Set([ids.sms, ids.site, ids.fraud, ids.tip, ids.mule]),
    );
    expect(view.size).toBe(5);
    expect(view.campaignId).toEqual(expect.any(String));
    expect(view.links).toHaveLength(4);
    const keys = new Set(view.links.map((l: { key: string }) => l.key));
    expect(keys).toEqual(
      new Set(['regdomain:sagawa-xq.top', 'phone:+819011112222', 'bank_account:0009-123-1234567']),
    );
    const stored = await t.koban.database.db
      .selectFrom('report_campaigns')
      .select('campaign_id')
      .where('report_id', 'in', Object.values(ids))
      .execute();
    expect(new Set(stored.map((s) => s.campaign_id)).size).toBe(1);
    expect(stored).toHaveLength(5);
  });

  it('does not glue reports through URL shorteners or public DNS', async () => {
    const res = await campaign(carrier, 'short1');
    expect(res.json()).toMatchObject({ size: 1, campaignId: null, links: [] });
  });

  it('never reveals an invisible report: not as a node, a stepping stone or a count', async () => {
    // The carrier cannot see the bank's RED fraud case; the mule report was only linked through it.
    const view = (await campaign(carrier, 'sms')).json();
    expect(new Set(view.reports.map((r: { id: string }) => r.id))).toEqual(
      new Set([ids.sms, ids.site, ids.tip]),
    );
    expect(view.size).toBe(3);
    expect(JSON.stringify(view)).not.toContain(ids.fraud);
    const mule = (await campaign(carrier, 'mule')).json();
    expect(mule).toMatchObject({ size: 1, campaignId: null, links: [] });
    const hidden = await campaign(carrier, 'fraud');
    const missing = await campaign(carrier, '0190f000-0000-7000-8000-000000000000');
    expect(hidden.statusCode).toBe(404);
    expect({ ...hidden.json(), instance: 0, requestId: 0 }).toEqual({
      ...missing.json(),
      instance: 0,
      requestId: 0,
    });
    const path = await t.app.inject({
      method: 'GET',
      url: `/v1/reports/${ids.sms}/path/${ids.mule}`,
      headers: bearer(carrier.key),
    });
    expect(path.json()).toEqual({ links: null });
  });

  it('explains the shortest path between two reports and bounds neighbourhoods by hops', async () => {
    const path = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/reports/${ids.sms}/path/${ids.mule}`,
        headers: bearer(bank.key),
      })
    ).json();
    expect(path.links.map((l: { key: string }) => l.key)).toEqual([
      'regdomain:sagawa-xq.top',
      'phone:+819011112222',
      'bank_account:0009-123-1234567',
    ]);
    expect(path.links[0].from).toBe(ids.sms);
    expect(path.links.at(-1).to).toBe(ids.mule);
    const one = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/reports/${ids.sms}/neighbours?hops=1`,
        headers: bearer(bank.key),
      })
    ).json();
    expect(new Set(one.reports.map((r: { id: string }) => r.id))).toEqual(
      new Set([ids.sms, ids.site, ids.tip]),
    );
  });

  it('stops linking through a value seen in more reports than the cap, but keeps it searchable', async () => {
    const capped = new CorrelationProcessor(t.koban.database, () => crypto.randomUUID(), { cap: 2 });
    for (let i = 0; i < 4; i++) {
      await submit(volunteer, `noisy${i}`, {
        kind: 'phishing_site',
        details: { url: `https://cdn-noisy.example.net/p${i}` },
      });
    }
    await capped.drain();
    const key = await t.koban.database.db
      .selectFrom('correlation_keys')
      .selectAll()
      .where('key', '=', 'regdomain:example.net')
      .executeTakeFirstOrThrow();
    expect(key).toMatchObject({ over_correlating: 1 });
    expect(Number(key.report_count)).toBe(4);
    const view = (await campaign(volunteer, 'noisy3')).json();
    expect(view.size).toBe(1);
    const lookup = await t.app.inject({
      method: 'GET',
      url: '/v1/indicators?value=cdn-noisy.example.net',
      headers: bearer(volunteer.key),
    });
    expect(lookup.json().sightingCount).toBe(4);
  });
});
