import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import { bundle, rel, sdo, uuid } from './test-fixtures.js';

let t: TestKoban;
let partnerKey: string;

beforeAll(async () => {
  t = await startTestKoban();
  partnerKey = (await createOrgWithKey(t, 'Partner Bank')).key;
});
afterAll(async () => t.close());

describe('knowledge routes', () => {
  const proxy = sdo('infrastructure', {
    name: 'SMS認証代行',
    aliases: ['SMS verification proxy service'],
    infrastructure_types: ['sms-verification-proxy'],
  });
  const group = sdo('intrusion-set', { name: 'Smishing Crew', aliases: ['SMS Verification Proxy Service'] });

  it('imports for admin only, and every partner reads', async () => {
    const payload = bundle(proxy, group, rel(group.id as string, proxy.id as string), 'junk');
    const denied = await t.app.inject({
      method: 'POST',
      url: '/v1/import/stix',
      headers: bearer(partnerKey),
      payload,
    });
    expect(denied.statusCode).toBe(403);
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/import/stix?source=koban-infra.json',
      headers: bearer(t.adminKey),
      payload,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      source: 'koban-infra.json',
      summary: { created: 3, invalid: 1 },
      proposedMerges: [],
    });
    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/import/stix',
      headers: bearer(t.adminKey),
      payload: { type: 'x' },
    });
    expect(bad.statusCode).toBe(400);

    const list = await t.app.inject({
      method: 'GET',
      url: `/v1/knowledge/objects?type=infrastructure&q=${encodeURIComponent('ｓｍｓ verification')}`,
      headers: bearer(partnerKey),
    });
    expect(list.json().items.map((o: { id: string }) => o.id)).toEqual([proxy.id]);
    const one = await t.app.inject({
      method: 'GET',
      url: `/v1/knowledge/objects/${proxy.id}`,
      headers: bearer(partnerKey),
    });
    expect(one.json()).toMatchObject({
      id: proxy.id,
      subtypes: ['sms-verification-proxy'],
      stix: { name: 'SMS認証代行' },
    });
    const rels = await t.app.inject({
      method: 'GET',
      url: `/v1/knowledge/objects/${proxy.id}/relationships`,
      headers: bearer(partnerKey),
    });
    expect(rels.json().items).toHaveLength(1);
    const missing = await t.app.inject({
      method: 'GET',
      url: '/v1/knowledge/objects/malware--nope',
      headers: bearer(partnerKey),
    });
    expect(missing.statusCode).toBe(404);
  });

  it('merges and reverts over HTTP', async () => {
    const other = sdo('threat-actor', { name: 'smishing crew' });
    const imported = await t.app.inject({
      method: 'POST',
      url: '/v1/import/stix',
      headers: bearer(t.adminKey),
      payload: bundle(other),
    });
    const proposal = imported.json().proposedMerges[0];
    expect(proposal).toMatchObject({ survivorId: group.id, mergedId: other.id });
    const listed = await t.app.inject({
      method: 'GET',
      url: '/v1/knowledge/merges?status=proposed',
      headers: bearer(partnerKey),
    });
    expect(listed.json().items.map((m: { id: string }) => m.id)).toEqual([proposal.id]);

    const merged = await t.app.inject({
      method: 'POST',
      url: '/v1/knowledge/merges',
      headers: bearer(t.adminKey),
      payload: { survivorId: group.id, mergedId: other.id },
    });
    expect(merged.statusCode).toBe(201);
    expect(merged.json()).toMatchObject({ id: proposal.id, status: 'applied' });
    const followed = await t.app.inject({
      method: 'GET',
      url: `/v1/knowledge/objects/${other.id}`,
      headers: bearer(partnerKey),
    });
    expect(followed.json()).toMatchObject({ id: group.id, resolvedFrom: other.id });

    const forbidden = await t.app.inject({
      method: 'POST',
      url: `/v1/knowledge/merges/${proposal.id}:revert`,
      headers: bearer(partnerKey),
    });
    expect(forbidden.statusCode, forbidden.body).toBe(403);
    const reverted = await t.app.inject({
      method: 'POST',
      url: `/v1/knowledge/merges/${proposal.id}:revert`,
      headers: bearer(t.adminKey),
    });
    expect(reverted.statusCode).toBe(200);
    expect(reverted.json().status).toBe('reverted');
    const back = await t.app.inject({
      method: 'GET',
      url: `/v1/knowledge/objects/${other.id}`,
      headers: bearer(partnerKey),
    });
    expect(back.json()).toMatchObject({ id: other.id, resolvedFrom: null });
  });

  it('exports stored objects of any STIX type as a bundle, with the markings they refer to', async () => {
    const amber = 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421';
    const indicator = sdo('indicator', {
      pattern: "[domain-name:value = 'mufg-check.example.top']",
      pattern_type: 'stix',
      valid_from: '2024-01-01T00:00:00Z',
      object_marking_refs: [amber],
      x_custom: { nested: [1, 'two', null] },
    });
    const domain = { type: 'domain-name', id: `domain-name--${uuid()}`, value: 'mufg-check.example.top' };
    const custom = { type: 'x-koban-note', spec_version: '2.1', id: `x-koban-note--${uuid()}`, text: 'ok' };
    const sighting = {
      ...rel(indicator.id as string, domain.id),
      type: 'sighting',
      id: `sighting--${uuid()}`,
      sighting_of_ref: indicator.id,
      where_sighted_refs: [],
    };
    const imported = await t.app.inject({
      method: 'POST',
      url: '/v1/import/stix',
      headers: bearer(t.adminKey),
      payload: bundle(indicator, domain, custom, sighting, { type: 'indicator', id: 'indicator--BAD' }),
    });
    expect(imported.json().summary).toMatchObject({ created: 4, invalid: 1 });
    const ids = [indicator.id, domain.id, custom.id, sighting.id].join(',');
    const res = await t.app.inject({
      method: 'GET',
      url: `/v1/knowledge/bundle?ids=${ids}`,
      headers: bearer(partnerKey),
    });
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json() as { type: string; objects: { id: string }[] };
    expect(out.type).toBe('bundle');
    const byId = new Map(out.objects.map((o) => [o.id, o]));
    for (const o of [indicator, domain, custom, sighting]) expect(byId.get(o.id as string)).toEqual(o);
    expect(byId.get(amber)).toMatchObject({ type: 'marking-definition', name: 'TLP:AMBER' });
    const byType = await t.app.inject({
      method: 'GET',
      url: '/v1/knowledge/bundle?types=x-koban-note,sighting',
      headers: bearer(partnerKey),
    });
    expect(
      byType
        .json()
        .objects.map((o: { id: string }) => o.id)
        .sort(),
    ).toEqual([custom.id, sighting.id].sort());
    const row = await t.koban.database.db
      .selectFrom('knowledge_objects')
      .select(['org_id', 'marking_refs'])
      .where('id', '=', indicator.id as string)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ org_id: t.centreId, marking_refs: JSON.stringify([amber]) });
    const none = await t.app.inject({
      method: 'GET',
      url: '/v1/knowledge/bundle',
      headers: bearer(partnerKey),
    });
    expect(none.statusCode).toBe(400);
    const tooMany = await t.app.inject({
      method: 'GET',
      url: '/v1/knowledge/bundle?types=indicator,x-koban-note&limit=1',
      headers: bearer(partnerKey),
    });
    expect(tooMany.statusCode).toBe(400);
  });
});
