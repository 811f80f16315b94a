import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import { warninglistId } from './prepare.js';
import { cdnRanges, topSites, webmail } from './test-fixtures.js';

let t: TestKoban;
let partnerKey: string;
let opsKey: string;
const cdnId = warninglistId('Test CDN ranges');

beforeAll(async () => {
  t = await startTestKoban();
  partnerKey = (await createOrgWithKey(t, 'Partner Bank')).key;
  opsKey = (await createOrgWithKey(t, 'Ops', 'carrier', { scopes: ['warninglists:write'] })).key;
});
afterAll(async () => t.close());

const post = (key: string, payload: unknown, url = '/v1/warninglists') =>
  t.app.inject({ method: 'POST', url, headers: bearer(key), payload: payload as object });
const patch = (key: string, id: string, payload: unknown) =>
  t.app.inject({
    method: 'PATCH',
    url: `/v1/warninglists/${id}`,
    headers: bearer(key),
    payload: payload as object,
  });

describe('warninglist routes', () => {
  it('imports for warninglists:write or admin only', async () => {
    expect((await post(partnerKey, cdnRanges())).statusCode).toBe(403);
    const one = await post(opsKey, cdnRanges(), '/v1/warninglists?source=ops-console');
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json()).toMatchObject({
      summary: { created: 1 },
      results: [{ status: 'created', id: cdnId, source: 'ops-console', entries: 2, enabled: true }],
    });
    const batch = await post(t.adminKey, { lists: [topSites(), { ...webmail(), type: 'glob' }] });
    expect(batch.statusCode).toBe(200);
    expect(batch.json().summary).toMatchObject({ created: 1, invalid: 1 });
    expect(batch.json().results[1]).toMatchObject({
      status: 'invalid',
      name: 'Test webmail',
      errors: [{ field: '/type' }],
    });
  });

  it('answers 400 naming the field', async () => {
    const single = await post(t.adminKey, { ...webmail(), version: '1' });
    expect(single.statusCode).toBe(400);
    expect(single.headers['content-type']).toContain('application/problem+json');
    expect(single.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: '/version' }] });
    const extra = await post(t.adminKey, { lists: [webmail()], name: 'x' });
    expect(extra.json()).toMatchObject({ status: 400, errors: [{ field: '/name' }] });
    const notArray = await post(t.adminKey, { lists: 'all' });
    expect(notArray.statusCode).toBe(400);
    expect(notArray.json().errors[0].field).toBe('/lists');
    const badPatch = await patch(t.adminKey, cdnId, { enabled: 'no' });
    expect(badPatch.statusCode).toBe(400);
    expect(badPatch.json().errors[0].field).toBe('/enabled');
    const noValue = await t.app.inject({
      method: 'GET',
      url: '/v1/warninglists/check',
      headers: bearer(partnerKey),
    });
    expect(noValue.statusCode).toBe(400);
    expect(noValue.json().errors[0].field).toMatch(/value/);
    const junk = await t.app.inject({
      method: 'GET',
      url: '/v1/warninglists/check?value=%3F%3F%3F',
      headers: bearer(partnerKey),
    });
    expect(junk.json()).toMatchObject({ status: 400, errors: [{ field: 'value' }] });
  });

  it('lists and checks for any partner; enabling is write-scoped', async () => {
    const list = await t.app.inject({ method: 'GET', url: '/v1/warninglists', headers: bearer(partnerKey) });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((l: { name: string; entries: number }) => [l.name, l.entries])).toEqual([
      ['Test CDN ranges', 2],
      ['Test top sites', 3],
    ]);
    expect(list.json().items[0]).not.toHaveProperty('list');
    const check = await t.app.inject({
      method: 'GET',
      url: '/v1/warninglists/check?value=104.16.5.5',
      headers: bearer(partnerKey),
    });
    expect(check.json()).toEqual({
      type: 'ipv4',
      value: '104.16.5.5',
      suppressesLinking: true,
      hits: [
        {
          listId: cdnId,
          list: 'Test CDN ranges',
          listType: 'cidr',
          entry: '104.16.0.0/13',
          suppressesLinking: true,
        },
      ],
    });

    expect((await patch(partnerKey, cdnId, { enabled: false })).statusCode).toBe(403);
    const off = await patch(opsKey, cdnId, { enabled: false });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ id: cdnId, enabled: false });
    expect((await patch(opsKey, 'missing', { enabled: false })).statusCode).toBe(404);
    const after = await t.app.inject({
      method: 'GET',
      url: '/v1/warninglists/check?value=104.16.5.5&type=ipv4',
      headers: bearer(partnerKey),
    });
    expect(after.json()).toMatchObject({ suppressesLinking: false, hits: [] });
    const detail = await t.app.inject({
      method: 'GET',
      url: `/v1/warninglists/${warninglistId('Test top sites')}`,
      headers: bearer(partnerKey),
    });
    expect(detail.json()).toMatchObject({
      type: 'hostname',
      matchingAttributes: ['hostname', 'domain', 'url'],
      warnings: ['list[3] "not a host!" skipped: not a hostname'],
    });
  });
});
