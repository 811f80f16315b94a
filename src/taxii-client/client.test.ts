import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from '../../test/helpers/koban.js';
import { VISIBLE_COLLECTION_ID } from '../taxii/collections.js';
import {
  CLIENT_SCOPES,
  type NodeUnderTest,
  orgWithKey,
  reportsOfOrg,
  startNode,
  submitReports,
} from './test-fixtures.js';

/**
 * Two Koban instances over real HTTP: A serves TAXII, B polls A's `visible` collection as a
 * registered source. What a partner of A may see in A must appear in B, once, across restarts.
 */
describe('TAXII client: one Koban polling another', () => {
  let a: NodeUnderTest;
  let b: NodeUnderTest;
  let partnerOfA: { orgId: string; key: string };
  let reporterInA: { orgId: string; key: string };
  let bankB: { orgId: string; key: string };
  let sourceId: string;
  const pollNow = async () => {
    const r = await b.app.inject({
      method: 'POST',
      url: `/v1/taxii/sources/${sourceId}/poll`,
      headers: bearer(bankB.key),
    });
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as {
      poll: {
        pages: number;
        imported: number;
        unchanged: number;
        failed: number;
        caughtUp: boolean;
        error?: string;
      };
      source: { checkpoint: { addedAfter: string | null }; lastError: string | null; importedCount: number };
    };
  };

  beforeAll(async () => {
    a = await startNode();
    b = await startNode();
    await a.listen();
    reporterInA = await orgWithKey(a, 'Reporter in A');
    partnerOfA = await orgWithKey(a, 'B as a partner of A');
    bankB = await orgWithKey(b, 'Bank B', CLIENT_SCOPES);
    await submitReports(a, reporterInA.key, [
      'https://first.example-bad.top/login',
      'https://second.example-bad.top/x',
    ]);
    // RED: the partner's key may not see it in A, so it must never reach B.
    await submitReports(a, reporterInA.key, ['https://red-only.example-bad.top/'], 'RED');
    const created = await b.app.inject({
      method: 'POST',
      url: '/v1/taxii/sources',
      headers: bearer(bankB.key),
      payload: {
        name: 'Koban A',
        apiRoot: `${a.url}/taxii2/api/`,
        collectionId: VISIBLE_COLLECTION_ID,
        auth: { kind: 'basic', username: 'taxii', password: partnerOfA.key },
        pollSeconds: 60,
        defaultTlp: 'AMBER',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    sourceId = created.json().id;
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('imports what the partner may see in A as reports of B, and the rest into the knowledge base', async () => {
    const { poll, source } = await pollNow();
    expect(poll.error).toBeUndefined();
    expect(poll).toMatchObject({ pages: 1, caughtUp: true, failed: 0 });
    // One report per indicator A served: two reports × (URL, domain).
    expect(await reportsOfOrg(b, bankB.orgId)).toEqual({
      count: 4,
      urls: ['https://first.example-bad.top/login', 'https://second.example-bad.top/x'],
    });
    // The report SDO from A (same deterministic id A gives it) is kept losslessly in B's knowledge base.
    const reportObjects = await b.database.db
      .selectFrom('knowledge_objects')
      .select(['id', 'source', 'org_id', 'marking_refs'])
      .where('type', '=', 'report')
      .execute();
    expect(reportObjects).toHaveLength(2);
    expect(reportObjects.every((o) => o.source === 'taxii:Koban A' && o.org_id === bankB.orgId)).toBe(true);
    expect(source.checkpoint.addedAfter).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // TLP comes from the object's marking: A's GREEN reports stay GREEN in B.
    const tlps = await b.database.db
      .selectFrom('reports')
      .select('tlp')
      .where('org_id', '=', bankB.orgId)
      .execute();
    expect(tlps.map((t) => t.tlp)).toEqual(['GREEN', 'GREEN', 'GREEN', 'GREEN']);
  });

  it('keeps the checkpoint across a restart: no duplicates, only new objects', async () => {
    await b.restart();
    const again = await pollNow();
    expect(again.poll).toMatchObject({ imported: 0, failed: 0, caughtUp: true });
    await submitReports(a, reporterInA.key, ['https://third.example-bad.top/new']);
    const third = await pollNow();
    // One report in A: its report SDO and two (indicator, observable) pairs.
    expect(third.poll).toMatchObject({ imported: 5, unchanged: 0, failed: 0 });
    expect(await reportsOfOrg(b, bankB.orgId)).toEqual({
      count: 6,
      urls: [
        'https://first.example-bad.top/login',
        'https://second.example-bad.top/x',
        'https://third.example-bad.top/new',
      ],
    });
  });

  it('re-polling a page whose checkpoint was lost (a crash before it moved) changes nothing', async () => {
    await b.database.db.updateTable('taxii_sources').set({ checkpoint_added_after: null }).execute();
    const replay = await pollNow();
    expect(replay.poll.imported).toBe(0);
    // 5 marking definitions + 3 reports × 5 objects, every one already present.
    expect(replay.poll.unchanged).toBe(20);
    expect((await reportsOfOrg(b, bankB.orgId)).count).toBe(6);
  });

  it('is run by the scheduler for due sources, and never echoes the credentials', async () => {
    await submitReports(a, reporterInA.key, ['https://fourth.example-bad.top/']);
    await b.database.db
      .updateTable('taxii_sources')
      .set({ next_poll_at: '2000-01-01T00:00:00.000Z' })
      .execute();
    await b.koban.taxiiClient.poller.runOnce();
    expect((await reportsOfOrg(b, bankB.orgId)).urls).toContain('https://fourth.example-bad.top/');
    const listed = await b.app.inject({
      method: 'GET',
      url: '/v1/taxii/sources',
      headers: bearer(bankB.key),
    });
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain(partnerOfA.key);
    expect(listed.json().items[0]).toMatchObject({
      auth: { kind: 'basic', username: 'taxii' },
      lastError: null,
    });
    const audit = await b.database.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', 'like', 'taxii.source.%')
      .execute();
    expect(audit.map((e) => e.action)).toEqual(['taxii.source.create']);
    expect(audit[0]!.details).not.toContain(partnerOfA.key);
  });
});

describe('TAXII client: paging through many objects that share one timestamp', () => {
  let a: NodeUnderTest;
  let b: NodeUnderTest;
  beforeAll(async () => {
    const frozen = new Date('2026-11-30T09:00:00.000Z');
    a = await startNode({ now: () => frozen });
    b = await startNode({ taxiiClient: { tickMs: 3_600_000, pageLimit: 37 } });
    await a.listen();
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('follows next across pages without skipping or repeating an object', async () => {
    const reporter = await orgWithKey(a, 'Reporter');
    const reader = await orgWithKey(a, 'Reader');
    const bank = await orgWithKey(b, 'Bank', CLIENT_SCOPES);
    const urls = Array.from(
      { length: 60 },
      (_, i) => `https://same-ms-${String(i).padStart(2, '0')}.example-bad.top/`,
    );
    await submitReports(a, reporter.key, urls);
    const created = await b.koban.taxiiClient.sources.create(
      await b.koban.auth.authenticate(`Bearer ${bank.key}`),
      {
        name: 'frozen A',
        apiRoot: `${a.url}/taxii2/api/`,
        collectionId: VISIBLE_COLLECTION_ID,
        auth: { kind: 'bearer', token: reader.key },
      },
    );
    const principal = await b.koban.auth.authenticate(`Bearer ${bank.key}`);
    const { poll, source } = await b.koban.taxiiClient.pollNow(principal, created.id);
    // 5 marking definitions + 60 × (report + 2 × (indicator, observable)) = 305 objects in pages of 37.
    expect(poll).toMatchObject({ pages: 9, imported: 305, unchanged: 0, failed: 0, caughtUp: true });
    expect(await reportsOfOrg(b, bank.orgId)).toEqual({ count: 120, urls: [...urls].sort() });
    expect(source.checkpoint).toEqual({ addedAfter: '2026-11-30T09:00:00.000Z', runInProgress: false });
  });
});
