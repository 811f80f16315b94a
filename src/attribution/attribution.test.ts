import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import { bundle, sdo } from '../knowledge/test-fixtures.js';

describe('attribution', () => {
  let t: TestKoban;
  let centre: string;
  let carrier: { orgId: string; key: string };
  let bank: { orgId: string; key: string };
  let actorId: string;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await startTestKoban();
    centre = t.adminKey;
    carrier = await createOrgWithKey(t, 'Carrier', 'carrier');
    bank = await createOrgWithKey(t, 'Bank', 'bank');
    const actor = sdo('intrusion-set', { name: 'Roaming Mantis', aliases: ['ローミングマンティス'] });
    actorId = actor.id as string;
    const imported = await t.app.inject({
      method: 'POST',
      url: '/v1/import/stix',
      headers: bearer(centre),
      payload: bundle(actor),
    });
    expect(imported.statusCode, imported.body).toBeLessThan(300);
    for (const [org, url] of [
      [carrier, 'https://sagawa-aa.top/a'],
      [bank, 'https://sagawa-aa.top/b'],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/reports',
        headers: bearer(org.key),
        payload: { kind: 'phishing_site', tlp: 'GREEN', description: '', details: { url } },
      });
      ids.push(res.json().id);
    }
    await t.koban.correlation.drain();
  });
  afterAll(() => t.close());

  it('attributes a campaign with confidence, layer and evidence, and keeps the decision history', async () => {
    const campaignId = (
      await t.app.inject({ method: 'GET', url: `/v1/reports/${ids[0]}/campaign`, headers: bearer(centre) })
    ).json().campaignId;
    expect(campaignId).toEqual(expect.any(String));
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/attributions',
      headers: bearer(centre),
      payload: {
        targetType: 'campaign',
        targetId: campaignId,
        actorId,
        confidence: 60,
        layer: 'tactical',
        evidence: [
          { kind: 'report', ref: ids[0] },
          { kind: 'note', ref: '同一キットのパス構造' },
        ],
        tlp: 'GREEN',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      decision: 'proposed',
      actor: { id: actorId, name: 'Roaming Mantis' },
    });
    const decided = await t.app.inject({
      method: 'POST',
      url: `/v1/attributions/${created.json().id}/decision`,
      headers: bearer(centre),
      payload: { decision: 'confirmed', confidence: 70, layer: 'operational', note: '組織構成を確認' },
    });
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({ decision: 'confirmed', confidence: 70, layer: 'operational' });
    expect(decided.json().history.map((h: { change: { action: string } }) => h.change.action)).toEqual([
      'create',
      'decide',
    ]);
    // Partners see the attribution on the campaign view of any report in it.
    const seen = (
      await t.app.inject({
        method: 'GET',
        url: `/v1/reports/${ids[1]}/campaign`,
        headers: bearer(carrier.key),
      })
    ).json();
    expect(seen.attributions).toEqual([
      expect.objectContaining({ confidence: 70, layer: 'operational', decision: 'confirmed' }),
    ]);
  });

  it('never attributes what the caller cannot see, and keeps RED attributions private', async () => {
    const red = await t.app.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: bearer(bank.key),
      payload: { kind: 'other', tlp: 'RED', description: '', details: {} },
    });
    const denied = await t.app.inject({
      method: 'POST',
      url: '/v1/attributions',
      headers: bearer(centre),
      payload: {
        targetType: 'report',
        targetId: red.json().id,
        actorId,
        confidence: 10,
        layer: 'tactical',
        evidence: [],
        tlp: 'GREEN',
      },
    });
    expect(denied.statusCode).toBe(400);
    expect(denied.json().errors[0].field).toBe('/targetId');
    const privateOne = await t.app.inject({
      method: 'POST',
      url: '/v1/attributions',
      headers: bearer(centre),
      payload: {
        targetType: 'report',
        targetId: ids[0],
        actorId,
        confidence: 30,
        layer: 'strategic',
        evidence: [],
        tlp: 'RED',
      },
    });
    expect(privateOne.statusCode).toBe(201);
    const asCarrier = await t.app.inject({
      method: 'GET',
      url: `/v1/attributions/${privateOne.json().id}`,
      headers: bearer(carrier.key),
    });
    expect(asCarrier.statusCode).toBe(404);
    const badActor = await t.app.inject({
      method: 'POST',
      url: '/v1/attributions',
      headers: bearer(centre),
      payload: {
        targetType: 'report',
        targetId: ids[0],
        actorId: 'intrusion-set--nope',
        confidence: 30,
        layer: 'strategic',
        evidence: [],
        tlp: 'GREEN',
      },
    });
    expect(badActor.json().errors[0].field).toBe('/actorId');
    const noScope = await t.app.inject({
      method: 'POST',
      url: '/v1/attributions',
      headers: bearer(carrier.key),
      payload: {
        targetType: 'report',
        targetId: ids[0],
        actorId,
        confidence: 30,
        layer: 'strategic',
        evidence: [],
        tlp: 'GREEN',
      },
    });
    expect(noScope.statusCode).toBe(403);
  });
});
