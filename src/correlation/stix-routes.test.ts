import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import type { StixBundle } from './stix-export.js';
import { exportCampaignStix } from './stix-export-service.js';
import { stixId, TLP2_MARKING_IDS } from './stix-primitives.js';

type Org = { orgId: string; key: string };
type Obj = Record<string, unknown> & { type: string; id: string };

describe('GET /v1/reports/:id/campaign/stix', () => {
  let t: TestKoban;
  let carrier: Org;
  let bank: Org;
  let smishing: string;
  let redCase: string;

  const exportAs = (org: Org, id: string, accept?: string) =>
    t.app.inject({
      method: 'GET',
      url: `/v1/reports/${id}/campaign/stix`,
      headers: { ...bearer(org.key), ...(accept ? { accept } : {}) },
    });
  const objects = (bundle: StixBundle, type: string) =>
    bundle.objects.filter((o) => o.type === type) as Obj[];

  beforeAll(async () => {
    t = await startTestKoban();
    carrier = await createOrgWithKey(t, 'Carrier', 'carrier');
    bank = await createOrgWithKey(t, 'Bank', 'bank');
    const submit = async (org: Org, payload: Record<string, unknown>) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/reports',
        headers: bearer(org.key),
        payload: { description: '', ...payload },
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    smishing = await submit(carrier, {
      kind: 'smishing',
      tlp: 'GREEN',
      observedAt: '2026-11-02T10:00:00+09:00',
      details: {
        sender: 'SAGAWA',
        body: '【佐川急便】お届け予定 https://login.sagawa-xq.top/a 連絡先 090-1111-2222',
      },
    });
    redCase = await submit(bank, {
      kind: 'fraud_case',
      tlp: 'RED',
      observedAt: '2026-10-30T00:00:00Z',
      details: { fraudType: 'account_linking', phone: '090-1111-2222', bankAccounts: ['0009-123-1234567'] },
    });
    await t.koban.correlation.drain();
  });
  afterAll(() => t.close());

  it('gives another organization nothing of a RED case it cannot see: no report, indicator, time or count', async () => {
    const res = await exportAs(carrier, smishing);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/stix+json;version=2.1');
    const bundle = res.json() as StixBundle;
    const text = res.body;
    expect(text).not.toContain(redCase);
    expect(text).not.toContain(stixId('report', redCase));
    expect(text).not.toContain('0009-123-1234567');
    expect(text).not.toContain(TLP2_MARKING_IDS.RED);
    expect(text).not.toContain('contact_phone');
    expect(text).not.toContain('2026-10-30');
    expect(objects(bundle, 'report').map((r) => r.x_koban_report_id)).toEqual([smishing]);
    const [campaign] = objects(bundle, 'campaign');
    expect(campaign?.description).toContain('報告 1 件');
    expect(campaign?.x_koban_campaign_id).toBeUndefined();
    expect(campaign?.object_marking_refs).toEqual([TLP2_MARKING_IDS.GREEN]);
    const phone = objects(bundle, 'indicator').find((i) => i.x_koban_key === 'phone:+819011112222');
    expect(phone).toMatchObject({
      pattern: "[x-koban-phone:value = '+819011112222']",
      valid_from: '2026-11-02T01:00:00.000Z',
      object_marking_refs: [TLP2_MARKING_IDS.GREEN],
    });
  });

  it("gives the RED case's reporter both reports, the link and the most restrictive marking", async () => {
    const res = await exportAs(bank, smishing);
    expect(res.statusCode, res.body).toBe(200);
    const bundle = res.json() as StixBundle;
    expect(new Set(objects(bundle, 'report').map((r) => r.x_koban_report_id))).toEqual(
      new Set([smishing, redCase]),
    );
    const [campaign] = objects(bundle, 'campaign');
    expect(campaign).toMatchObject({
      object_marking_refs: [TLP2_MARKING_IDS.RED],
      first_seen: '2026-10-30T00:00:00.000Z',
      last_seen: '2026-11-02T01:00:00.000Z',
      x_koban_campaign_id: expect.any(String),
    });
    expect(objects(bundle, 'indicator').map((i) => i.pattern)).toContain(
      "[x-koban-bank-account:value = '0009-123-1234567']",
    );
    expect(objects(bundle, 'relationship').find((r) => r.relationship_type === 'related-to')).toMatchObject({
      source_ref: stixId('report', smishing),
      target_ref: stixId('report', redCase),
      x_koban_key: 'phone:+819011112222',
    });
    // Reading a RED report's content is audited, as every other read of it is.
    await t.koban.audit.flushReads();
    const audit = await t.koban.audit.list({ limit: 1_000 });
    expect(audit.some((e) => e.action === 'campaign.export')).toBe(true);
  });

  it('serializes everything the export builds (custom properties, extensions) and is stable', async () => {
    const principal = await t.koban.auth.authenticate(`Bearer ${bank.key}`);
    const direct = await exportCampaignStix(
      t.koban,
      principal,
      await t.koban.graph.campaign(principal, redCase),
    );
    const res = await exportAs(bank, redCase);
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(direct)));
    const tlp = objects(res.json(), 'marking-definition')[0];
    expect(tlp?.extensions).toEqual({
      'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': {
        extension_type: 'property-extension',
        tlp_2_0: 'clear',
      },
    });
    expect((await exportAs(bank, redCase)).body).toBe(res.body);
    const fromOtherEnd = (await exportAs(bank, smishing)).json() as StixBundle;
    expect(fromOtherEnd.objects.map((o) => o.id).sort()).toEqual(direct.objects.map((o) => o.id).sort());
  });

  it('is documented in the OpenAPI document under both media types', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const ok = spec.paths['/v1/reports/{id}/campaign/stix'].get.responses['200'];
    expect(Object.keys(ok.content).sort()).toEqual(['application/json', 'application/stix+json']);
  });

  it('answers plain JSON when only that is acceptable', async () => {
    const res = await exportAs(carrier, smishing, 'application/json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json().type).toBe('bundle');
  });

  it('answers 404 alike for an invisible and a missing report, and 403 without indicators:read', async () => {
    const hidden = await exportAs(carrier, redCase);
    const missing = await exportAs(carrier, '0190f000-0000-7000-8000-000000000000');
    expect(hidden.statusCode).toBe(404);
    expect({ ...hidden.json(), instance: 0, requestId: 0 }).toEqual({
      ...missing.json(),
      instance: 0,
      requestId: 0,
    });
    const tooLong = await exportAs(carrier, 'x'.repeat(65));
    expect(tooLong.statusCode).toBe(400);
    const reader = await createOrgWithKey(t, 'Reader', 'bank', { scopes: ['reports:read'] });
    expect((await exportAs(reader, smishing)).statusCode).toBe(403);
  });
});
