import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../test/helpers/koban.js';
import { OWN_COLLECTION_ID } from '../taxii/collections.js';
import {
  CLIENT_SCOPES,
  type NodeUnderTest,
  orgWithKey,
  reportsOfOrg,
  scriptedRemote,
  startNode,
  submitReports,
  taxii,
} from './test-fixtures.js';

describe('TAXII client: push and source management', () => {
  let a: NodeUnderTest;
  let b: NodeUnderTest;
  let inA: { orgId: string; key: string };
  let bank: { orgId: string; key: string };
  let other: { orgId: string; key: string };
  let sourceId: string;
  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, key: string, payload?: object) =>
    b.app.inject({ method, url, headers: bearer(key), ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    a = await startNode();
    b = await startNode({ taxiiClient: { tickMs: 3_600_000, sleep: async () => {} } });
    await a.listen();
    inA = await orgWithKey(a, 'Bank as a partner of A');
    bank = await orgWithKey(b, 'Bank', CLIENT_SCOPES);
    other = await orgWithKey(b, 'Other', CLIENT_SCOPES);
    const r = await inject('POST', '/v1/taxii/sources', bank.key, {
      name: 'A, our own collection there',
      apiRoot: `${a.url}/taxii2/api`,
      collectionId: OWN_COLLECTION_ID,
      auth: { kind: 'basic', username: 'bank', password: inA.key },
      enabled: false,
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toMatchObject({
      apiRoot: `${a.url}/taxii2/api/`,
      enabled: false,
      importsKnowledge: true,
    });
    sourceId = r.json().id;
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('pushes a shareable report to the remote collection and follows its status', async () => {
    const [green] = await submitReports(b, bank.key, ['https://pushed.example-bad.top/p']);
    const [red] = await submitReports(b, bank.key, ['https://kept-red.example-bad.top/'], 'RED');
    const [othersGreen] = await submitReports(b, other.key, ['https://not-ours.example-bad.top/']);
    const r = await inject('POST', `/v1/taxii/sources/${sourceId}/push`, bank.key, {
      reportIds: [green, red, othersGreen, '0000-missing'],
    });
    expect(r.statusCode, r.body).toBe(200);
    const result = r.json();
    expect(result.pushed).toEqual([green]);
    expect(result.refused).toEqual([
      { reportId: red, reason: 'TLP:RED reports stay inside their audience' },
      { reportId: othersGreen, reason: 'TLP:GREEN reports of other organizations are not yours to re-share' },
      { reportId: '0000-missing', reason: 'not found' },
    ]);
    // The GREEN marking definition, the report, and (indicator, observable) for the URL and the domain.
    expect(result.objectCount).toBe(6);
    expect(result.status).toMatchObject({
      status: 'complete',
      total_count: 6,
      success_count: 4,
      failure_count: 2,
    });
    // In A, the pushed indicators are reports of the partner organization whose key the source holds.
    expect((await reportsOfOrg(a, inA.orgId)).urls).toEqual(['https://pushed.example-bad.top/p']);
    const audit = await b.database.db
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'taxii.push')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toMatchObject({ reportIds: [green], objects: 6 });
  });

  it('follows a pending status until it completes', async () => {
    const remote = await scriptedRemote([
      taxii(202, { id: 's-1', status: 'pending', total_count: 6, pending_count: 6 }),
      taxii(200, { id: 's-1', status: 'pending', total_count: 6, pending_count: 3 }),
      taxii(200, { id: 's-1', status: 'complete', total_count: 6, success_count: 6 }),
    ]);
    try {
      const principal = await b.koban.auth.authenticate(`Bearer ${bank.key}`);
      const source = await b.koban.taxiiClient.sources.create(principal, {
        name: 'slow remote',
        apiRoot: remote.apiRoot,
        collectionId: 'inbox',
        enabled: false,
      });
      const [report] = await submitReports(b, bank.key, ['https://slow.example-bad.top/']);
      const result = await b.koban.taxiiClient.push(principal, source.id, [report!]);
      expect(result.status).toMatchObject({ id: 's-1', status: 'complete', success_count: 6 });
      expect(remote.requests.map((q) => `${q.method} ${q.url}`)).toEqual([
        'POST /api/collections/inbox/objects/',
        'GET /api/status/s-1/',
        'GET /api/status/s-1/',
      ]);
      expect(remote.requests[0]!.headers['content-type']).toBe('application/taxii+json;version=2.1');
      expect(JSON.parse(remote.requests[0]!.body).objects).toHaveLength(6);
      // A remote that fails the POST is a 502 naming why, not a crash.
      remote.handlers.splice(0, remote.handlers.length, taxii(503, { title: 'Unavailable' }));
      const failed = await inject('POST', `/v1/taxii/sources/${source.id}/push`, bank.key, {
        reportIds: [report],
      });
      expect(failed.statusCode).toBe(502);
      expect(failed.json()).toMatchObject({
        code: 'remote_failed',
        detail: 'TAXII push failed: HTTP 503: Unavailable',
      });
    } finally {
      await remote.close();
    }
  });

  it('keeps sources to their organization and their administrators', async () => {
    expect((await inject('GET', `/v1/taxii/sources/${sourceId}`, other.key)).statusCode).toBe(404);
    expect((await inject('DELETE', `/v1/taxii/sources/${sourceId}`, other.key)).statusCode).toBe(404);
    const reader = await orgWithKey(b, 'Reader', ['reports:read']);
    expect((await inject('GET', '/v1/taxii/sources', reader.key)).statusCode).toBe(403);
    const own = await inject('GET', `/v1/taxii/sources/${sourceId}`, bank.key);
    expect(own.statusCode).toBe(200);
    expect(own.body).not.toContain(inA.key);
  });

  it('validates input, naming the field', async () => {
    const bad = async (payload: object, field: string) => {
      const r = await inject('POST', '/v1/taxii/sources', bank.key, payload);
      expect(r.statusCode, r.body).toBe(400);
      expect(r.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    };
    const base = { name: 'x', apiRoot: 'https://taxii.example/api1/', collectionId: 'c' };
    await bad({ ...base, apiRoot: 'not a url' }, '/apiRoot');
    await bad({ ...base, apiRoot: 'ftp://taxii.example/' }, '/apiRoot');
    await bad({ ...base, apiRoot: 'https://user:pw@taxii.example/' }, '/apiRoot');
    await bad({ ...base, defaultTlp: 'PURPLE' }, '/defaultTlp');
    await bad({ ...base, pollSeconds: 5 }, '/pollSeconds');
    await bad({ ...base, collectionId: 'a/b' }, '/collectionId');
    await bad({ ...base, sharingGroups: ['not-my-group'] }, '/sharingGroups/0');
    await bad({ ...base, addedAfter: 'yesterday' }, '/addedAfter');
  });

  it('updates and deletes a source, audited', async () => {
    const patched = await inject('PATCH', `/v1/taxii/sources/${sourceId}`, bank.key, {
      pollSeconds: 600,
      auth: { kind: 'bearer', token: 'new-token' },
      enabled: true,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ pollSeconds: 600, enabled: true, auth: { kind: 'bearer' } });
    expect(patched.body).not.toContain('new-token');
    expect((await inject('DELETE', `/v1/taxii/sources/${sourceId}`, bank.key)).statusCode).toBe(204);
    expect((await inject('GET', `/v1/taxii/sources/${sourceId}`, bank.key)).statusCode).toBe(404);
    const actions = await b.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'taxii.%')
      .orderBy('seq')
      .execute();
    expect(actions.map((x) => x.action)).toEqual([
      'taxii.source.create',
      'taxii.push',
      'taxii.source.create',
      'taxii.push',
      'taxii.push',
      'taxii.source.update',
      'taxii.source.delete',
    ]);
  });
});
