import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import { AttributionSuggester } from './suggestions.js';

const ACTOR = 'intrusion-set--5a2fd1f0-0000-4000-8000-00000000a001';
/** A tiny STIX 2.1 bundle with one intrusion set, imported through the knowledge API. */
const BUNDLE = {
  type: 'bundle',
  id: 'bundle--5a2fd1f0-0000-4000-8000-00000000b001',
  objects: [
    {
      type: 'intrusion-set',
      spec_version: '2.1',
      id: ACTOR,
      created: '2024-01-01T00:00:00.000Z',
      modified: '2024-01-01T00:00:00.000Z',
      name: 'Roaming Mantis',
    },
  ],
};
const PROXY = '050-3333-4444';
const PROXY_E164 = '+815033334444';
const ANALYST_SCOPES = ['reports:read', 'reports:write', 'indicators:read', 'attribution:write'];

type Indicator = { type: string; value: string };

async function setUp(t: TestKoban) {
  const imported = await t.app.inject({
    method: 'POST',
    url: '/v1/import/stix',
    headers: bearer(t.adminKey),
    payload: BUNDLE,
  });
  expect(imported.statusCode, imported.body).toBeLessThan(300);
  return {
    bank: await createOrgWithKey(t, 'Bank', 'bank', { scopes: ANALYST_SCOPES }),
    carrier: await createOrgWithKey(t, 'Carrier', 'carrier'),
  };
}

async function report(
  t: TestKoban,
  key: string,
  indicators: Indicator[],
  extra: Record<string, unknown> = {},
) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/reports',
    headers: bearer(key),
    payload: { kind: 'other', tlp: 'GREEN', description: '', details: {}, indicators, ...extra },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function attribute(t: TestKoban, key: string, target: { type: string; id: string }, tlp: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/attributions',
    headers: bearer(key),
    payload: {
      targetType: target.type,
      targetId: target.id,
      actorId: ACTOR,
      confidence: 80,
      layer: 'operational',
      evidence: [],
      decision: 'confirmed',
      tlp,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
}

async function flag(t: TestKoban, value: string, category: string, tlp: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/v1/indicators/flags',
    headers: bearer(t.adminKey),
    payload: {
      value,
      category,
      serviceName: 'SMS認証代行サービスX',
      evidence: '本人確認なしで認証を代行',
      tlp,
    },
  });
  expect(res.statusCode, res.body).toBe(201);
}

const get = async (t: TestKoban, key: string, url: string) =>
  t.app.inject({ method: 'GET', url, headers: bearer(key) });
const campaignOf = async (t: TestKoban, key: string, reportId: string) =>
  (await get(t, key, `/v1/reports/${reportId}/campaign`)).json().campaignId as string;

describe('attribution suggestions: an SMS-verification proxy number shared by two campaigns', () => {
  let t: TestKoban;
  let bank: { orgId: string; key: string };
  let carrier: { orgId: string; key: string };
  const ids: Record<string, string> = {};
  let campaignA: string;
  let campaignB: string;
  let sourceAttribution: string;

  beforeAll(async () => {
    t = await startTestKoban();
    ({ bank, carrier } = await setUp(t));
    ids.a1 = await report(t, carrier.key, [
      { type: 'phone', value: PROXY },
      { type: 'url', value: 'https://sagawa-aa.top/a' },
    ]);
    ids.a2 = await report(t, carrier.key, [{ type: 'url', value: 'https://sagawa-aa.top/b' }]);
    await t.koban.correlation.drain();
    // Flagged for the whole community: from now on the number links no reports (correlation as
    // wired), so campaign B stays apart from A and the shared number is left for suggestions.
    await flag(t, PROXY, 'sms_verification_proxy', 'GREEN');
    campaignA = await campaignOf(t, bank.key, ids.a1);
    // Only the bank may see its attribution (RED): the carrier must get no suggestion from it.
    sourceAttribution = await attribute(t, bank.key, { type: 'campaign', id: campaignA }, 'RED');
    ids.b1 = await report(t, bank.key, [
      { type: 'phone', value: PROXY },
      { type: 'bank_account', value: '0009-123-1234567' },
    ]);
    ids.b2 = await report(t, bank.key, [{ type: 'bank_account', value: '0009-123-1234567' }]);
    await t.koban.correlation.drain();
    campaignB = await campaignOf(t, bank.key, ids.b1);
  });
  afterAll(() => t.close());

  it('suggests the actor of campaign A for campaign B, with the number as basis', async () => {
    expect(campaignB).toEqual(expect.any(String));
    expect(campaignB).not.toBe(campaignA);
    const res = await get(
      t,
      bank.key,
      `/v1/attributions/suggestions?targetType=campaign&targetId=${campaignB}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      target: { type: 'campaign', id: campaignB },
      suggestions: [
        {
          actor: { id: ACTOR, type: 'intrusion-set', name: 'Roaming Mantis' },
          // 80 (confirmed) × 0.5 (one flagged value)
          confidence: 40,
          layer: 'tactical',
          basis: [
            {
              indicator: { type: 'phone', value: PROXY_E164 },
              via: 'infrastructure_flag',
              sourceTarget: { type: 'campaign', id: campaignA },
              sourceAttributionId: sourceAttribution,
            },
          ],
        },
      ],
    });
    const ofReport = await get(t, bank.key, `/v1/reports/${ids.b1}/attribution-suggestions`);
    expect(ofReport.json().suggestions.map((s: { confidence: number }) => s.confidence)).toEqual([40]);
    // B2 does not use the number itself.
    expect(
      (await get(t, bank.key, `/v1/reports/${ids.b2}/attribution-suggestions`)).json().suggestions,
    ).toEqual([]);
  });

  it('gives a partner that cannot see the attribution nothing, and hides targets it cannot see', async () => {
    for (const url of [
      `/v1/attributions/suggestions?targetType=campaign&targetId=${campaignB}`,
      `/v1/reports/${ids.b1}/attribution-suggestions`,
    ]) {
      const res = await get(t, carrier.key, url);
      expect(res.statusCode).toBe(200);
      expect(res.json().suggestions).toEqual([]);
    }
    const secret = await report(t, bank.key, [{ type: 'phone', value: PROXY }], { tlp: 'RED' });
    const hidden = await get(t, carrier.key, `/v1/reports/${secret}/attribution-suggestions`);
    const missing = await get(
      t,
      carrier.key,
      '/v1/reports/00000000-0000-7000-8000-000000000000/attribution-suggestions',
    );
    expect([hidden.statusCode, missing.statusCode]).toEqual([404, 404]);
    const noCampaign = await get(
      t,
      carrier.key,
      '/v1/attributions/suggestions?targetType=campaign&targetId=nope',
    );
    expect(noCampaign.statusCode).toBe(404);
    expect(noCampaign.json().errors[0].field).toBe('targetId');
    const badType = await get(t, carrier.key, '/v1/attributions/suggestions?targetType=actor&targetId=x');
    expect(badType.statusCode).toBe(400);
  });

  it('accepting creates a proposed attribution with the basis as evidence, in the normal workflow', async () => {
    const body = { targetType: 'campaign', targetId: campaignB, actorId: ACTOR };
    const accept = (key: string, extra: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/attributions/suggestions/accept',
        headers: bearer(key),
        payload: { ...body, ...extra },
      });
    // Derived from a RED attribution: publishing it GREEN would leak it.
    const tooOpen = await accept(bank.key, { tlp: 'GREEN' });
    expect(tooOpen.statusCode).toBe(400);
    expect(tooOpen.json().errors[0]).toMatchObject({ field: '/tlp', reason: expect.stringContaining('RED') });
    expect((await accept(carrier.key, { tlp: 'RED' })).statusCode).toBe(403);
    const wrongActor = await accept(bank.key, { tlp: 'RED', actorId: 'intrusion-set--nope' });
    expect(wrongActor.json().errors[0].field).toBe('/actorId');

    const created = await accept(bank.key, { tlp: 'RED' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      target: { type: 'campaign', id: campaignB },
      actor: { id: ACTOR },
      confidence: 40,
      layer: 'tactical',
      decision: 'proposed',
      tlp: 'RED',
    });
    expect(created.json().evidence).toEqual([
      { kind: 'indicator', ref: `phone:${PROXY_E164}` },
      {
        kind: 'note',
        ref: expect.stringContaining(`campaign ${campaignA} (attribution ${sourceAttribution}`),
      },
    ]);
    const id = created.json().id as string;
    const history = (await get(t, bank.key, `/v1/attributions/${id}`)).json().history;
    expect(history.map((h: { change: { action: string } }) => h.change.action)).toEqual(['create']);

    const suggestionsFor = async () =>
      (
        await get(t, bank.key, `/v1/attributions/suggestions?targetType=campaign&targetId=${campaignB}`)
      ).json().suggestions;
    // Attributed now: no longer suggested. Rejected: suggested again (new evidence may come in).
    expect(await suggestionsFor()).toEqual([]);
    await t.app.inject({
      method: 'POST',
      url: `/v1/attributions/${id}/decision`,
      headers: bearer(bank.key),
      payload: { decision: 'rejected', note: '別グループと判断' },
    });
    expect(await suggestionsFor()).toHaveLength(1);
    // A rejected source suggests nothing.
    await t.app.inject({
      method: 'POST',
      url: `/v1/attributions/${sourceAttribution}/decision`,
      headers: bearer(bank.key),
      payload: { decision: 'rejected' },
    });
    expect(await suggestionsFor()).toEqual([]);
  });
});

describe('attribution suggestions: IPs seen months apart (correlation as wired)', () => {
  let t: TestKoban;
  let bank: { orgId: string; key: string };
  let a1: string;
  let b1: string;
  let sourceAttribution: string;
  const A = [
    { type: 'ipv4', value: '203.0.113.7' },
    { type: 'ipv4', value: '198.51.100.20' },
    { type: 'url', value: 'https://kit.github.io/login' },
  ];
  const B = [
    { type: 'ipv4', value: '203.0.113.7' },
    { type: 'ipv4', value: '198.51.100.21' },
    { type: 'url', value: 'https://kit.github.io/pay' },
  ];

  beforeAll(async () => {
    t = await startTestKoban();
    ({ bank } = await setUp(t));
    a1 = await report(t, t.adminKey, A, { observedAt: '2026-01-05T00:00:00.000Z' });
    b1 = await report(t, bank.key, B, { observedAt: '2026-03-01T00:00:00.000Z' });
    await t.koban.correlation.drain();
    sourceAttribution = await attribute(t, t.adminKey, { type: 'report', id: a1 }, 'GREEN');
    // Only the centre sees that the IP is a relay server.
    await flag(t, '203.0.113.7', 'relay_server', 'RED');
  });
  afterAll(() => t.close());

  const suggestionsFor = async (key: string) =>
    (await get(t, key, `/v1/reports/${b1}/attribution-suggestions`)).json().suggestions;

  it('counts the IP outside the link window, corroborated by the /24 and the site; the flag only for who sees it', async () => {
    expect(await campaignOf(t, bank.key, b1)).toBeNull();
    const [asBank] = await suggestionsFor(bank.key);
    const source = { sourceTarget: { type: 'report', id: a1 }, sourceAttributionId: sourceAttribution };
    expect(asBank).toEqual({
      actor: { id: ACTOR, type: 'intrusion-set', name: 'Roaming Mantis' },
      // 80 × (1 − 0.7 × 0.8 × 0.9)
      confidence: 39,
      layer: 'tactical',
      basis: [
        { indicator: { type: 'ipv4', value: '203.0.113.7' }, via: 'ip_outside_window', ...source },
        { indicator: { type: 'domain', value: 'kit.github.io' }, via: 'same_registrable_domain', ...source },
        { indicator: { type: 'cidr', value: '198.51.100.0/24' }, via: 'same_ip_24', ...source },
      ],
    });
    const [asCentre] = await suggestionsFor(t.adminKey);
    // 80 × (1 − 0.5 × 0.8 × 0.9)
    expect(asCentre.confidence).toBe(51);
    expect(asCentre.basis[0].via).toBe('infrastructure_flag');
  });

  it('ignores warninglisted and over-correlating values', async () => {
    const listed = new AttributionSuggester({
      database: t.koban.database,
      attributions: t.koban.attributions,
      audit: t.koban.audit,
      isBenign: (type, value) => type === 'ipv4' && value === '203.0.113.7',
    });
    const principal = await t.koban.auth.authenticate(`Bearer ${bank.key}`);
    expect(await listed.suggest(principal, { type: 'report', id: b1 })).toEqual([]);
    // More than the per-value cap of reports hold the IP: too common to mean anything.
    const admin = await t.koban.auth.authenticate(`Bearer ${t.adminKey}`);
    const many = Array.from({ length: 101 }, (_, i) => ({
      kind: 'other',
      tlp: 'GREEN',
      description: '',
      details: {},
      observedAt: `2026-0${5 + (i % 4)}-01T00:00:00.000Z`,
      indicators: [{ type: 'ipv4', value: '203.0.113.7' }],
    }));
    expect((await t.koban.intake.submit(admin, many)).every((r) => r.status === 'created')).toBe(true);
    await t.koban.correlation.drain();
    expect(await suggestionsFor(bank.key)).toEqual([]);
  });
});
