import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import { bundle, rel, sdo } from './test-fixtures.js';

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
});
