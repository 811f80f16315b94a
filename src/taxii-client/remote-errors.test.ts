import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban } from '../../test/helpers/koban.js';
import type { Principal } from '../auth/service.js';
import {
  CLIENT_SCOPES,
  type NodeUnderTest,
  orgWithKey,
  scriptedRemote,
  startNode,
  taxii,
} from './test-fixtures.js';

const indicator = (n: number, extra: object = {}) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  created: '2026-11-01T00:00:00.000Z',
  modified: '2026-11-01T00:00:00.000Z',
  pattern: `[domain-name:value = 'remote-${n}.example-bad.top']`,
  pattern_type: 'stix',
  valid_from: '2026-11-01T00:00:00Z',
  ...extra,
});

/** A remote that misbehaves in every way a TAXII server can: each is recorded on the source, none crashes. */
describe('TAXII client: remote failures and per-object failures', () => {
  let node: NodeUnderTest;
  let principal: Principal;
  let remote: Awaited<ReturnType<typeof scriptedRemote>>;
  let sourceId: string;
  const poll = () => node.koban.taxiiClient.pollNow(principal, sourceId);

  beforeAll(async () => {
    node = await startNode();
    const bank = await orgWithKey(node, 'Bank', CLIENT_SCOPES);
    principal = await node.koban.auth.authenticate(`Bearer ${bank.key}`);
    remote = await scriptedRemote([taxii(200, {})]);
    sourceId = (
      await node.koban.taxiiClient.sources.create(principal, {
        name: 'flaky',
        apiRoot: remote.apiRoot,
        collectionId: '91a7b528-80eb-42ed-a74d-c6fbd5a26116',
        auth: { kind: 'bearer', token: 'remote-token' },
      })
    ).id;
  });
  afterAll(async () => {
    await remote?.close();
    await node?.close();
  });

  const failWith = async (handler: Parameters<typeof scriptedRemote>[0][number], message: RegExp) => {
    remote.handlers.splice(0, remote.handlers.length, handler);
    const before = await node.koban.taxiiClient.sources.get(principal, sourceId);
    const { poll: result, source } = await poll();
    expect(result.error).toMatch(message);
    expect(source.lastError).toMatch(message);
    expect(source.attempts).toBe(before.attempts + 1);
    // Backed off: the scheduler will not try again at once.
    expect(Date.parse(source.nextPollAt)).toBeGreaterThan(Date.now());
    expect(source.checkpoint).toEqual(before.checkpoint);
  };

  it('records 401, 500, broken JSON and a wrong media type without crashing', async () => {
    await failWith(
      taxii(401, { title: 'Unauthorized', description: 'bad token', http_status: '401' }),
      /HTTP 401: the remote refused the credentials: Unauthorized — bad token/,
    );
    await failWith(taxii(500, 'oops'), /^HTTP 500$/);
    await failWith(taxii(200, '{"objects": [{"type": "indicator"'), /broken JSON/);
    await failWith((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>login</html>');
    }, /wrong media type "text\/html"/);
    await failWith(taxii(200, { more: true, objects: [] }), /neither "next" nor X-TAXII-Date-Added-Last/);
    await failWith(taxii(200, { objects: {} }), /"objects" is not a list/);
    // The request carried the source's credentials and TAXII's Accept.
    expect(remote.requests[0]!.headers.authorization).toBe('Bearer remote-token');
    expect(remote.requests[0]!.headers.accept).toBe('application/taxii+json;version=2.1');
  });

  it('imports what it can, records each object it cannot, and recovers from errors', async () => {
    remote.handlers.splice(
      0,
      remote.handlers.length,
      taxii(
        200,
        {
          more: false,
          objects: [
            indicator(1),
            { type: 'indicator', name: 'no id' },
            indicator(2, { pattern: "[process:name = 'evil.exe']" }),
            // RED objects other than indicators cannot enter the partner-wide knowledge base.
            {
              type: 'threat-actor',
              spec_version: '2.1',
              id: 'threat-actor--1b2c3d4e-0000-4000-8000-000000000001',
              created: '2026-11-01T00:00:00.000Z',
              modified: '2026-11-01T00:00:00.000Z',
              name: 'Red actor',
              object_marking_refs: ['marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1'],
            },
            'not an object',
          ],
        },
        { 'x-taxii-date-added-last': '2026-11-02T03:04:05.678Z' },
      ),
    );
    const { poll: result, source } = await poll();
    expect(result).toMatchObject({ pages: 1, imported: 1, failed: 4, caughtUp: true });
    expect(result.error).toBeUndefined();
    expect(source).toMatchObject({ lastError: null, attempts: 0, importedCount: 1, failedCount: 4 });
    expect(source.checkpoint.addedAfter).toBe('2026-11-02T03:04:05.678Z');
    const reasons = source.lastFailures.map((f) => f.reason);
    expect(reasons).toEqual(
      expect.arrayContaining([
        'not a STIX object: id and type are required',
        'the pattern has no equality comparison on an object path Koban knows',
        'not stored: TLP:RED objects cannot enter the knowledge base, which every partner reads',
      ]),
    );
    // The polled indicator is a report of the bank, AMBER (the source's default: it had no marking).
    const reports = await node.database.db
      .selectFrom('reports')
      .select(['tlp', 'external_id'])
      .where('org_id', '=', principal.orgId)
      .execute();
    expect(reports).toEqual([
      { tlp: 'AMBER', external_id: `stix:${indicator(1).id}@2026-11-01T00:00:00.000Z` },
    ]);
    // The next poll asks only for what was added after the header's time.
    remote.handlers.splice(0, remote.handlers.length, taxii(200, { more: false }));
    await poll();
    expect(remote.requests.at(-1)!.url).toContain('added_after=2026-11-02T03%3A04%3A05.678Z');
  });

  it('restarts a run whose next token the remote no longer accepts', async () => {
    remote.handlers.splice(
      0,
      remote.handlers.length,
      taxii(200, { more: true, next: 'tok-1', objects: [indicator(3)] }),
      taxii(400, { title: 'Bad Request', description: 'next expired' }),
      taxii(200, { more: false, objects: [indicator(3)] }),
    );
    const first = await poll();
    expect(first.poll.error).toMatch(/HTTP 400/);
    expect(first.source.checkpoint.runInProgress).toBe(false);
    const again = await poll();
    expect(again.poll).toMatchObject({ imported: 0, unchanged: 1, caughtUp: true });
    expect(remote.requests.at(-1)!.url).not.toContain('next=');
  });
});

describe('TAXII client: outbound policy', () => {
  it('refuses a loopback API root unless private destinations are allowed', async () => {
    const t = await startTestKoban();
    try {
      const bank = await createOrgWithKey(t, 'Bank', 'bank', { scopes: CLIENT_SCOPES });
      const r = await t.app.inject({
        method: 'POST',
        url: '/v1/taxii/sources',
        headers: bearer(bank.key),
        payload: { name: 'metadata', apiRoot: 'http://169.254.169.254/taxii/', collectionId: 'c1' },
      });
      expect(r.statusCode).toBe(400);
      expect(r.json().errors[0]).toMatchObject({ field: '/apiRoot' });
    } finally {
      await t.close();
    }
  });
});
