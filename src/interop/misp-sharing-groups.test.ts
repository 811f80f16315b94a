import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';

/**
 * A report shared with a Koban sharing group leaves the MISP feed as a distribution-4 event naming
 * that group (by uuid) with the subscriber as its only organisation, and comes back in through the
 * importer shared with the same group.
 */
describe('MISP sharing groups', () => {
  let t: TestKoban;
  let bank: { orgId: string; key: string };
  let carrier: { orgId: string; key: string };
  let outsider: { orgId: string; key: string };
  let groupId: string;
  let inGroup: string;
  let withRecipient: string;
  const get = (url: string, key: string) => t.app.inject({ method: 'GET', url, headers: bearer(key) });
  const importEvents = (key: string, payload: object) =>
    t.app.inject({ method: 'POST', url: '/v1/interop/misp/events', headers: bearer(key), payload });

  beforeAll(async () => {
    t = await startTestKoban();
    const scopes = ['reports:read', 'reports:write', 'groups:manage'];
    bank = await createOrgWithKey(t, 'Owner Bank', 'bank', { scopes });
    carrier = await createOrgWithKey(t, 'Member Carrier', 'carrier', { scopes });
    outsider = await createOrgWithKey(t, 'Outsider', 'bank', { scopes });
    const group = await t.app.inject({
      method: 'POST',
      url: '/v1/sharing-groups',
      headers: bearer(bank.key),
      payload: { name: 'Smishing task force', members: [carrier.orgId] },
    });
    expect(group.statusCode, group.body).toBe(201);
    groupId = group.json().id;
    const post = async (extra: object) => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/v1/reports',
        headers: bearer(bank.key),
        payload: {
          kind: 'phishing_site',
          tlp: 'GREEN',
          description: 'x',
          details: { url: 'https://tf.example-bad.top/' },
          ...extra,
        },
      });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };
    inGroup = await post({ sharingGroups: [groupId] });
    withRecipient = await post({ sharingGroups: [groupId], recipients: [carrier.orgId] });
  });
  afterAll(() => t.close());

  it('exports a group-only report as distribution 4 without disclosing the members', async () => {
    const event = (await get(`/v1/interop/misp/${inGroup}.json`, carrier.key)).json().Event;
    expect(event.distribution).toBe('4');
    expect(event.SharingGroup).toMatchObject({
      uuid: groupId,
      name: 'Koban: Smishing task force',
      Organisation: { uuid: carrier.orgId, name: 'Member Carrier' },
      SharingGroupOrg: [{ extend: false, Organisation: { uuid: carrier.orgId } }],
    });
    expect(JSON.stringify(event.SharingGroup)).not.toContain(bank.orgId);
    // Named recipients too: the group is not the whole audience, so the event stays in the organisation.
    const mixed = (await get(`/v1/interop/misp/${withRecipient}.json`, carrier.key)).json().Event;
    expect(mixed).toMatchObject({ distribution: '0' });
    expect(mixed.SharingGroup).toBeUndefined();
    expect((await get(`/v1/interop/misp/${inGroup}.json`, outsider.key)).statusCode).toBe(404);
  });

  it('imports a distribution-4 event of a group the importer is in as a report shared with it', async () => {
    const exported = (await get(`/v1/interop/misp/${inGroup}.json`, carrier.key)).json();
    const imported = await importEvents(carrier.key, exported);
    expect(imported.statusCode, imported.body).toBe(200);
    const [result] = imported.json().results;
    expect(result.status).toBe('created');
    const groups = await t.koban.database.db
      .selectFrom('report_sharing_groups')
      .select('group_id')
      .where('report_id', '=', result.reportId)
      .execute();
    expect(groups).toEqual([{ group_id: groupId }]);
    // The outsider is not in the group: the sharing group is unknown to it and the TLP decides.
    const foreign = await importEvents(outsider.key, exported);
    const [other] = foreign.json().results;
    expect(other.status).toBe('created');
    const none = await t.koban.database.db
      .selectFrom('report_sharing_groups')
      .select('group_id')
      .where('report_id', '=', other.reportId)
      .execute();
    expect(none).toEqual([]);
  });
});
