import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import { validateCatalogue } from './catalogue-format.js';
import { parseCatalogueText, serializeCatalogue } from './catalogue-io.js';
import { leadsFor } from './leads.js';
import { starterCatalogue } from './starter-catalogue.js';

describe('catalogue format', () => {
  it('ships a starter catalogue that validates and covers every provider kind asked for', () => {
    const checked = validateCatalogue(starterCatalogue());
    expect(checked.ok, JSON.stringify(!checked.ok && checked.errors)).toBe(true);
    const kinds = new Set(starterCatalogue().providers.map((p) => p.kind));
    for (const k of [
      'carrier',
      'mvno',
      'isp',
      'hosting',
      'registrar',
      'payment',
      'bank',
      'exchange',
      'email',
      'sns',
      'overseas',
    ])
      expect(kinds).toContain(k);
  });

  it('names every problem with its JSON pointer: contradictory retention, unknown kinds and types, duplicates', () => {
    const c = starterCatalogue() as unknown as { providers: Record<string, unknown>[] };
    const first = c.providers[0] as {
      logs: { retentionDays: unknown; indicatorTypes: string[] }[];
      kind: string;
    };
    (first.logs[0] as { retentionDays: unknown }).retentionDays = { typical: 90, min: 400, max: 100 };
    first.logs[1]!.indicatorTypes = ['phone', 'fax'];
    c.providers[1] = { ...c.providers[1], kind: 'telegraph', id: 'jp-mno', extra: 1 };
    const checked = validateCatalogue(c);
    expect(checked.ok).toBe(false);
    const fields = !checked.ok ? checked.errors.map((e) => e.field) : [];
    expect(fields).toEqual(
      expect.arrayContaining([
        '/providers/0/logs/0/retentionDays/min',
        '/providers/0/logs/0/retentionDays/typical',
        '/providers/0/logs/1/indicatorTypes/1',
        '/providers/1/kind',
        '/providers/1/id',
        '/providers/1/extra',
      ]),
    );
  });

  it('round-trips through YAML and JSON unchanged', () => {
    const c = starterCatalogue();
    expect(parseCatalogueText(serializeCatalogue(c, 'yaml'), 'yaml')).toEqual(c);
    expect(parseCatalogueText(serializeCatalogue(c, 'json'), 'json')).toEqual(c);
  });

  it('refuses YAML aliases (no expansion bombs) and reports syntax errors by line', () => {
    expect(() => parseCatalogueText('a: &x [1]\nb: *x\n', 'yaml')).toThrow();
    expect(() => parseCatalogueText('format: x\n  providers: [\n', 'yaml')).toThrow(/line/);
  });

  it('matches logs by indicator type and phone line type; a claiming provider replaces the generic ones', () => {
    const c = starterCatalogue();
    const mobile = {
      type: 'phone',
      value: '+819012345678',
      attributes: { lineType: 'mobile' },
      observedAt: '2026-11-20T00:30:00Z',
    };
    const ids = leadsFor(c, mobile, '2026-12-01', 7).map((l) => `${l.providerId}/${l.logId}`);
    expect(ids).toContain('jp-mvno/subscriber');
    expect(ids).toContain('jp-mno/call-sms-detail');
    expect(ids).not.toContain('jp-ip-phone/subscriber-and-cdr');
    const gmail = { type: 'email', value: 'crook@gmail.com', observedAt: '2026-11-20T00:30:00Z' };
    expect(new Set(leadsFor(c, gmail, '2026-12-01', 7).map((l) => l.providerId))).toEqual(
      new Set(['google']),
    );
    const lead = leadsFor(c, gmail, '2026-12-01', 7)[0];
    // 09:30 JST on 20 Nov + 90 − 7 days.
    expect(lead).toMatchObject({
      deadline: '2027-02-11',
      deadlineEndsAt: '2027-02-11T15:00:00.000Z',
      daysLeft: 72,
    });
  });
});

describe('catalogue API', () => {
  let t: TestKoban;
  let analyst: { orgId: string; key: string };
  let reader: { orgId: string; key: string };
  const put = (key: string, url: string, payload: string | object, type = 'application/json') =>
    t.app.inject({
      method: 'PUT',
      url,
      headers: { ...bearer(key), 'content-type': type },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  beforeAll(async () => {
    t = await startTestKoban();
    analyst = await createOrgWithKey(t, 'Centre analysts', 'analyst_centre', {
      scopes: ['catalogue:write', 'investigation:read'],
    });
    reader = await createOrgWithKey(t, 'Reader', 'bank', { scopes: ['investigation:read'] });
  });
  afterAll(() => t.close());

  it('serves version 1 (the starter) as JSON and YAML', async () => {
    const json = await t.app.inject({
      method: 'GET',
      url: '/v1/investigation/catalogue',
      headers: bearer(reader.key),
    });
    expect(json.statusCode, json.body).toBe(200);
    expect(json.headers['x-catalogue-version']).toBe('1');
    expect(json.json()).toEqual(starterCatalogue());
    const yaml = await t.app.inject({
      method: 'GET',
      url: '/v1/investigation/catalogue?format=yaml',
      headers: bearer(reader.key),
    });
    expect(yaml.headers['content-type']).toContain('application/yaml');
    expect(parseCatalogueText(yaml.body, 'yaml')).toEqual(starterCatalogue());
  });

  it('imports YAML as a new version, keeps history, and makes no version for identical content', async () => {
    const c = starterCatalogue();
    c.providers[0]!.logs[1]!.retentionDays = { typical: 120, min: 90, max: 365 };
    const first = await put(
      analyst.key,
      '/v1/investigation/catalogue',
      serializeCatalogue(c, 'yaml'),
      'application/yaml',
    );
    expect(first.statusCode, first.body).toBe(201);
    const again = await put(analyst.key, '/v1/investigation/catalogue', c);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ version: first.json().version, created: false });
    const history = await t.app.inject({
      method: 'GET',
      url: '/v1/investigation/catalogue/versions',
      headers: bearer(reader.key),
    });
    expect(history.json().items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const old = await t.app.inject({
      method: 'GET',
      url: '/v1/investigation/catalogue?version=1',
      headers: bearer(reader.key),
    });
    expect(old.json()).toEqual(starterCatalogue());
  });

  it('rejects an invalid import with per-item errors and stores nothing', async () => {
    const c = starterCatalogue() as unknown as {
      providers: { logs: { retentionDays: object }[]; organizationId?: string }[];
    };
    c.providers[2]!.logs[0]!.retentionDays = { typical: 10, min: 30, max: 20 };
    const bad = await put(analyst.key, '/v1/investigation/catalogue', c);
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toContain(
      '/providers/2/logs/0/retentionDays/min',
    );
    const badYaml = await put(
      analyst.key,
      '/v1/investigation/catalogue',
      'format: [unclosed',
      'application/yaml',
    );
    expect(badYaml.statusCode).toBe(400);
    const ghost = starterCatalogue();
    ghost.providers[3]!.organizationId = 'no-such-org';
    const unknownOrg = await put(analyst.key, '/v1/investigation/catalogue', ghost);
    expect(unknownOrg.json().errors).toEqual([
      { field: '/providers/3/organizationId', reason: 'no organization no-such-org' },
    ]);
    const history = await t.app.inject({
      method: 'GET',
      url: '/v1/investigation/catalogue/versions',
      headers: bearer(reader.key),
    });
    expect(history.json().items).toHaveLength(2);
  });

  it('edits one provider per version and needs catalogue:write', async () => {
    const provider = { ...starterCatalogue().providers[4]!, organizationId: reader.orgId };
    const denied = await put(reader.key, `/v1/investigation/catalogue/providers/${provider.id}`, provider);
    expect(denied.statusCode).toBe(403);
    const ok = await put(analyst.key, `/v1/investigation/catalogue/providers/${provider.id}`, provider);
    expect(ok.statusCode, ok.body).toBe(201);
    const mismatch = await put(analyst.key, '/v1/investigation/catalogue/providers/other', provider);
    expect(mismatch.json().errors[0].field).toBe('/id');
    const del = await t.app.inject({
      method: 'DELETE',
      url: '/v1/investigation/catalogue/providers/sns',
      headers: bearer(analyst.key),
    });
    expect(del.json()).toEqual({ version: ok.json().version + 1, created: true });
    const missing = await t.app.inject({
      method: 'DELETE',
      url: '/v1/investigation/catalogue/providers/sns',
      headers: bearer(analyst.key),
    });
    expect(missing.statusCode).toBe(404);
  });
});
