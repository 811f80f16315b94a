import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import { loadConfig } from '../config.js';
import { hashToken, SESSION_COOKIE } from './service.js';

const CSRF = { 'x-koban-csrf': '1' };
const HOST = 'localhost:80';

describe('console sessions', () => {
  let t: TestKoban;
  let clock = Date.parse('2026-11-20T00:00:00Z');
  let partner: { orgId: string; key: string };

  beforeAll(async () => {
    t = await startTestKoban({ KOBAN_SESSION_HOURS: '2' }, { now: () => new Date(clock) });
    partner = await createOrgWithKey(t, 'Bank A');
  });
  afterAll(async () => t?.close());

  const login = async (apiKey: string, headers: Record<string, string> = CSRF) =>
    t.app.inject({ method: 'POST', url: '/v1/sessions', headers, payload: { apiKey } });
  const tokenOf = (setCookie: string | string[] | undefined) => {
    const header = Array.isArray(setCookie) ? setCookie[0] : setCookie;
    const match = new RegExp(`^${SESSION_COOKIE}=([^;]*)`).exec(header ?? '');
    return match?.[1] ?? '';
  };
  const me = (token: string, headers: Record<string, string> = CSRF) =>
    t.app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: { cookie: `${SESSION_COOKIE}=${token}`, host: HOST, ...headers },
    });

  it('exchanges a key for an HttpOnly, SameSite=Strict cookie and stores only the token hash', async () => {
    const res = await login(partner.key);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ organization: { id: partner.orgId, name: 'Bank A' } });
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Max-Age=7200/);
    expect(cookie).not.toMatch(/Secure/); // http public base URL in tests
    const token = tokenOf(res.headers['set-cookie']);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const rows = await t.koban.database.db.selectFrom('console_sessions').selectAll().execute();
    expect(rows.map((r) => r.token_hash)).toContain(hashToken(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    const who = await me(token);
    expect(who.statusCode).toBe(200);
    expect(who.json().organization.id).toBe(partner.orgId);
    const audit = await t.app.inject({
      method: 'GET',
      url: '/v1/audit?limit=50',
      headers: bearer(t.adminKey),
    });
    expect(JSON.stringify(audit.json())).toContain('session.create');
  });

  it('refuses the cookie without the CSRF header, from another origin or a cross-site fetch', async () => {
    const token = tokenOf((await login(partner.key)).headers['set-cookie']);
    const noHeader = await me(token, {});
    expect(noHeader.statusCode).toBe(403);
    expect(noHeader.json().detail).toContain('x-koban-csrf');
    expect((await me(token, { ...CSRF, origin: 'https://evil.example' })).statusCode).toBe(403);
    expect((await me(token, { ...CSRF, origin: 'null' })).statusCode).toBe(403);
    expect((await me(token, { ...CSRF, 'sec-fetch-site': 'cross-site' })).statusCode).toBe(403);
    expect(
      (await me(token, { ...CSRF, origin: `http://${HOST}`, 'sec-fetch-site': 'same-origin' })).statusCode,
    ).toBe(200);
    // Logging a browser into someone else's key is refused the same way.
    expect((await login(partner.key, {})).statusCode).toBe(403);
  });

  it('answers an invalid or malformed key with 401 and sets no cookie', async () => {
    const bad = await login('kbn_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    expect(bad.statusCode).toBe(401);
    expect(bad.headers['set-cookie']).toBeUndefined();
    expect((await login('not a key')).statusCode).toBe(401);
    const garbage = await me('x'.repeat(43));
    expect(garbage.statusCode).toBe(401);
    expect(garbage.json().code).toBe('session_expired');
    expect((await me('<script>')).json().code).toBe('session_expired');
  });

  it('ends with its expiry, with logout, and when its key is revoked', async () => {
    const expiring = tokenOf((await login(partner.key)).headers['set-cookie']);
    clock += 2 * 3_600_000 + 1;
    const late = await me(expiring);
    expect(late.statusCode).toBe(401);
    expect(late.json().code).toBe('session_expired');

    const leaving = tokenOf((await login(partner.key)).headers['set-cookie']);
    const out = await t.app.inject({
      method: 'DELETE',
      url: '/v1/sessions/current',
      headers: { cookie: `${SESSION_COOKIE}=${leaving}`, host: HOST, ...CSRF },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect((await me(leaving)).json().code).toBe('session_expired');

    const other = await createOrgWithKey(t, 'Bank B');
    const revoked = tokenOf((await login(other.key)).headers['set-cookie']);
    expect((await me(revoked)).statusCode).toBe(200);
    const keys = await t.app.inject({
      method: 'GET',
      url: `/v1/organizations/${other.orgId}/api-keys`,
      headers: bearer(t.adminKey),
    });
    const keyId = keys.json().items[0].id as string;
    const revoke = await t.app.inject({
      method: 'POST',
      url: `/v1/organizations/${other.orgId}/api-keys/${keyId}/revoke`,
      headers: bearer(t.adminKey),
    });
    expect(revoke.statusCode).toBeLessThan(300);
    const after = await me(revoked);
    expect(after.statusCode).toBe(401);
    expect(after.json().code).toBe('session_expired');
    expect(after.json().detail).toContain('revoked');
  });

  it('marks the cookie Secure when the console is reached over https, and validates the lifetime', async () => {
    const https = await startTestKoban({ KOBAN_PUBLIC_BASE_URL: 'https://koban.example' });
    try {
      const other = await createOrgWithKey(https, 'Bank C');
      const res = await https.app.inject({
        method: 'POST',
        url: '/v1/sessions',
        headers: CSRF,
        payload: { apiKey: other.key },
      });
      expect(String(res.headers['set-cookie'])).toMatch(/; Secure$/);
      expect(String(res.headers['set-cookie'])).toMatch(/Max-Age=43200/); // 12 h default
    } finally {
      await https.close();
    }
    expect(() => loadConfig({ KOBAN_SESSION_HOURS: '0' })).toThrow(/KOBAN_SESSION_HOURS/);
    expect(() => loadConfig({ KOBAN_SESSION_HOURS: 'a day' })).toThrow(/KOBAN_SESSION_HOURS/);
  });

  it('lets a bearer key win over a cookie and keeps API clients unaffected', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/me',
      headers: { ...bearer(partner.key), cookie: `${SESSION_COOKIE}=garbage` },
    });
    expect(res.statusCode).toBe(200);
  });
});
