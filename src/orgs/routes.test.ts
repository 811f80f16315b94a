import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';

describe('organizations, keys and the RED tour', () => {
  let t: TestKoban;
  beforeAll(async () => {
    t = await startTestKoban();
  });
  afterAll(() => t.close());

  it('refuses a second initialization of the same data', async () => {
    await expect(t.koban.orgs.initialize('again')).rejects.toMatchObject({ code: 'already_initialized' });
  });

  it('requires a valid key and answers 401 problem+json otherwise', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer nope' },
      { authorization: `Bearer kbn_AAAAAAAAAAAA_${'A'.repeat(43)}` },
    ]) {
      const res = await t.app.inject({ method: 'GET', url: '/v1/reports', headers });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'unauthorized', status: 401 });
    }
  });

  it('lets only admins create organizations and never shows a secret twice', async () => {
    const bank = await createOrgWithKey(t, 'Bank A');
    const denied = await t.app.inject({
      method: 'POST',
      url: '/v1/organizations',
      headers: bearer(bank.key),
      payload: { name: 'x', kind: 'bank' },
    });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().code).toBe('forbidden');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/v1/organizations',
      headers: bearer(t.adminKey),
      payload: { name: 'x', kind: 'mafia' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('/kind');
    const keys = await t.app.inject({
      method: 'GET',
      url: `/v1/organizations/${bank.orgId}/api-keys`,
      headers: bearer(t.adminKey),
    });
    expect(keys.statusCode).toBe(200);
    expect(JSON.stringify(keys.json())).not.toContain(bank.key.slice(-43));
    expect(keys.json().items[0]).not.toHaveProperty('secret_hash');
  });

  it('revokes keys at once and rejects expired keys', async () => {
    const org = await createOrgWithKey(t, 'Volunteers', 'volunteer');
    const me = await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(org.key) });
    expect(me.statusCode).toBe(200);
    const keyId = me.json().keyId;
    const revoke = await t.app.inject({
      method: 'POST',
      url: `/v1/organizations/${org.orgId}/api-keys/${keyId}/revoke`,
      headers: bearer(t.adminKey),
    });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().revokedAt).toBeTruthy();
    const after = await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(org.key) });
    expect(after.statusCode).toBe(401);
    expect(after.json().detail).toMatch(/revoked/);
    const past = await t.app.inject({
      method: 'POST',
      url: `/v1/organizations/${org.orgId}/api-keys`,
      headers: bearer(t.adminKey),
      payload: { name: 'old', expiresAt: '2001-01-01T00:00:00Z' },
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().errors[0].field).toBe('/expiresAt');
  });

  it('never lets a key grant more than it holds', async () => {
    const org = await createOrgWithKey(t, 'Hosting', 'hosting', { scopes: ['keys:manage', 'reports:read'] });
    const ok = await t.app.inject({
      method: 'POST',
      url: `/v1/organizations/${org.orgId}/api-keys`,
      headers: bearer(org.key),
      payload: { name: 'ro', scopes: ['reports:read'] },
    });
    expect(ok.statusCode).toBe(201);
    const escalate = await t.app.inject({
      method: 'POST',
      url: `/v1/organizations/${org.orgId}/api-keys`,
      headers: bearer(org.key),
      payload: { name: 'x', scopes: ['admin'] },
    });
    expect(escalate.statusCode).toBe(400);
    const other = await t.app.inject({
      method: 'GET',
      url: `/v1/organizations/${t.centreId}/api-keys`,
      headers: bearer(org.key),
    });
    expect(other.statusCode).toBe(404);
  });

  it('tour: a RED report of one organization leaves no trace for another', async () => {
    const police = await createOrgWithKey(t, 'Prefectural Police', 'police', { investigationAccess: true });
    const bank = await createOrgWithKey(t, 'Bank B');
    const outsider = await createOrgWithKey(t, 'Carrier C', 'carrier');
    const red = await t.app.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: bearer(bank.key),
      payload: {
        kind: 'fraud_case',
        tlp: 'RED',
        recipients: [police.orgId],
        description: '不正口座 0009-999-7777777 に送金',
        details: { fraudType: 'unauthorized_transfer', phone: '080-9999-0000' },
      },
    });
    expect(red.statusCode).toBe(201);
    const id = red.json().id;
    const hidden = await t.app.inject({
      method: 'GET',
      url: `/v1/reports/${id}`,
      headers: bearer(outsider.key),
    });
    const missing = await t.app.inject({
      method: 'GET',
      url: '/v1/reports/0190f000-0000-7000-8000-000000000000',
      headers: bearer(outsider.key),
    });
    expect(hidden.statusCode).toBe(404);
    const strip = (b: Record<string, unknown>) => ({ ...b, instance: undefined, requestId: undefined });
    expect(strip(hidden.json())).toEqual(strip(missing.json()));
    const list = await t.app.inject({
      method: 'GET',
      url: '/v1/reports?limit=500',
      headers: bearer(outsider.key),
    });
    expect(list.json().items.map((r: { id: string }) => r.id)).not.toContain(id);
    for (const value of ['080-9999-0000', '0009-999-7777777']) {
      const lookup = await t.app.inject({
        method: 'GET',
        url: `/v1/indicators?value=${value}`,
        headers: bearer(outsider.key),
      });
      expect(lookup.statusCode).toBe(404);
      const search = await t.app.inject({
        method: 'GET',
        url: `/v1/reports?indicator=${value}`,
        headers: bearer(outsider.key),
      });
      expect(search.json().items).toEqual([]);
      const seenByPolice = await t.app.inject({
        method: 'GET',
        url: `/v1/indicators?value=${value}`,
        headers: bearer(police.key),
      });
      expect(seenByPolice.statusCode).toBe(200);
    }
    const byPolice = await t.app.inject({
      method: 'GET',
      url: `/v1/reports/${id}`,
      headers: bearer(police.key),
    });
    expect(byPolice.statusCode).toBe(200);
    expect(byPolice.json().recipients).toBeUndefined();
    const audit = await t.koban.audit.list({ limit: 1000 });
    expect(
      audit.some((e) => e.action === 'report.read' && e.targetId === id && e.orgId === police.orgId),
    ).toBe(true);
  });

  it('keeps sharing-group membership hidden from members', async () => {
    const owner = await createOrgWithKey(t, 'Bank Owner', 'bank', {
      scopes: ['groups:manage', 'reports:read', 'reports:write'],
    });
    const member = await createOrgWithKey(t, 'Bank Member');
    const created = await t.app.inject({
      method: 'POST',
      url: '/v1/sharing-groups',
      headers: bearer(owner.key),
      payload: { name: 'Banks against smishing', members: [member.orgId] },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().members).toEqual([owner.orgId, member.orgId].sort());
    const asMember = await t.app.inject({
      method: 'GET',
      url: `/v1/sharing-groups/${created.json().id}`,
      headers: bearer(member.key),
    });
    expect(asMember.statusCode).toBe(200);
    expect(asMember.json().members).toBeUndefined();
    expect(asMember.json().owned).toBe(false);
  });

  it('serves the OpenAPI document and docs without a key', async () => {
    const spec = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(spec.statusCode).toBe(200);
    expect(spec.json().paths).toHaveProperty(['/v1/reports']);
    expect(spec.json().paths).toHaveProperty(['/v1/reports:batch']);
    const paths = spec.json().paths;
    for (const [path, method, status] of [
      ['/v1/reports/{id}', 'get', '200'],
      ['/v1/reports', 'post', '201'],
      ['/v1/indicators', 'get', '200'],
      ['/v1/organizations/{id}/api-keys', 'post', '201'],
    ]) {
      expect(
        paths[path as string][method as string].responses[status as string],
        `${method} ${path}`,
      ).toBeDefined();
    }
    expect(
      paths['/v1/reports/{id}'].get.responses['404'].content['application/problem+json'].schema.properties,
    ).toHaveProperty('code');
    const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
  });
});

describe('rate limits', () => {
  it('limits each key separately with 429 problem+json', async () => {
    const t = await startTestKoban({ KOBAN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push(
          (await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(t.adminKey) })).statusCode,
        );
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await t.app.inject({ method: 'GET', url: '/v1/me', headers: bearer(t.adminKey) });
      expect(limited.json().code).toBe('rate_limited');
    } finally {
      await t.close();
    }
  });
});
