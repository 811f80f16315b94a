import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine } from '../../test/helpers/koban.js';
import { AuditLog } from '../audit/store.js';
import { createIdGenerator } from '../core/ids.js';
import type { Database } from '../db/database.js';
import { KnowledgeService } from './service.js';
import { admin } from './test-fixtures.js';

const dir = new URL('../../../shared/data/stix/attack/', import.meta.url);
const files = ['mobile-attack-17.1.json', 'ics-attack.json'];
const available = files.every((f) => existsSync(fileURLToPath(new URL(f, dir))));

describe.skipIf(!available)('MITRE ATT&CK bundles (mobile 17.1 + ICS)', () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let audit: AuditLog;
  let knowledge: KnowledgeService;
  const bundles = available
    ? files.map((f) => JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as { objects: unknown[] })
    : [];

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase());
    audit = new AuditLog(database);
    knowledge = new KnowledgeService({ database, audit, newId: createIdGenerator(), now: () => new Date() });
  });
  afterAll(async () => {
    await audit.close();
    await cleanup();
  });

  it('imports every object, then re-imports without changing anything', async () => {
    const started = performance.now();
    const first = [];
    for (const [i, b] of bundles.entries())
      first.push(await knowledge.importBundle(admin, b, files[i] as string));
    const elapsed = performance.now() - started;
    console.log(
      `ATT&CK import on ${testEngine}: ${bundles.reduce((n, b) => n + b.objects.length, 0)} objects in ${elapsed.toFixed(0)} ms`,
    );
    for (const report of first) {
      expect(report.summary.invalid).toBe(0);
      expect(report.results.filter((r) => r.status === 'invalid')).toEqual([]);
    }
    // The two bundles share their identity and marking-definition objects: the second sees them unchanged.
    expect(first[0]?.summary.created).toBe(bundles[0]?.objects.length);
    expect(
      (first[1]?.summary.created ?? 0) +
        (first[1]?.summary.unchanged ?? 0) +
        (first[1]?.summary.updated ?? 0) +
        (first[1]?.summary.skipped ?? 0),
    ).toBe(bundles[1]?.objects.length);

    const auditBefore = (await audit.list({ limit: 1_000_000 })).length;
    const restarted = performance.now();
    for (const [i, b] of bundles.entries()) {
      const again = await knowledge.importBundle(admin, b, files[i] as string);
      expect(again.summary.created + again.summary.updated + again.summary.invalid).toBe(0);
      expect(again.proposedMerges).toEqual([]);
    }
    console.log(`ATT&CK re-import on ${testEngine}: ${(performance.now() - restarted).toFixed(0)} ms`);
    expect((await audit.list({ limit: 1_000_000 })).length).toBe(auditBefore);

    const found = await knowledge.searchObjects({ type: 'attack-pattern', limit: 1_000 });
    expect(found.items.length).toBeGreaterThan(200);
    expect((await audit.verify()).ok).toBe(true);
  });
});
