import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/helpers/koban.js';
import { AuditLog } from '../audit/store.js';
import { createIdGenerator } from '../core/ids.js';
import type { Database } from '../db/database.js';
import { KnowledgeService } from './service.js';
import { admin, bundle, reader, rel, sdo, uuid } from './test-fixtures.js';

let database: Database;
let cleanup: () => Promise<void>;
let audit: AuditLog;
let knowledge: KnowledgeService;

beforeAll(async () => {
  ({ database, cleanup } = await openTestDatabase());
  audit = new AuditLog(database);
  knowledge = new KnowledgeService({ database, audit, newId: createIdGenerator(), now: () => new Date() });
});
afterAll(async () => {
  await audit.close();
  await cleanup();
});

const auditCount = async () => (await audit.list({ limit: 100_000 })).length;

describe('knowledge import (storage)', () => {
  it('imports, is idempotent, and updates only on a newer modified', async () => {
    const actor = sdo('intrusion-set', { name: 'Koban Test Group', aliases: ['KTG'] });
    const tool = sdo('tool', { name: 'Koban Tool' });
    const b = bundle(actor, tool, rel(actor.id as string, tool.id as string));
    const first = await knowledge.importBundle(admin, b, 'test.json', { chunkSize: 2 });
    expect(first.summary).toEqual({ created: 3, updated: 0, unchanged: 0, invalid: 0, skipped: 0 });
    const before = await auditCount();
    const again = await knowledge.importBundle(admin, b, 'test.json', { chunkSize: 2 });
    expect(again.summary.unchanged).toBe(3);
    expect(await auditCount()).toBe(before);

    const newer = { ...actor, modified: '2025-01-01T00:00:00.000Z', aliases: ['KTG', 'Kaiju'] };
    const older = { ...tool, created: '2023-01-01T00:00:00Z', modified: '2023-06-01T00:00:00Z' };
    const tampered = { ...tool, description: 'same version, other content' };
    const third = await knowledge.importBundle(admin, bundle(newer, older, tampered), 'update.json');
    expect(third.results.map((r) => r.status)).toEqual(['updated', 'skipped', 'skipped']);
    expect(await auditCount()).toBe(before + 1);
    expect((await knowledge.getObject(actor.id as string)).aliases).toEqual(['KTG', 'Kaiju']);
    expect((await knowledge.searchObjects({ q: 'kaiju', limit: 10 })).items.map((o) => o.id)).toEqual([
      actor.id,
    ]);
  });

  it('handles hostile entries per object: invalid ones never block the valid ones', async () => {
    const good = sdo('malware', { name: 'GoodMal', is_family: true });
    const b = bundle(
      good,
      42,
      { type: 'malware', spec_version: '2.1' },
      sdo('malware', { description: 'x'.repeat(1_000_001) }),
      { type: 'x-unknown-thing', spec_version: '2.1', id: `x-unknown-thing--${uuid()}` },
      good,
    );
    const report = await knowledge.importBundle(admin, b, 'hostile.json');
    expect(report.results.map((r) => r.status)).toEqual([
      'created',
      'invalid',
      'invalid',
      'invalid',
      'created',
      'unchanged',
    ]);
    expect(report.results[3]?.errors?.[0]?.field).toBe('/description');
    await expect(knowledge.importBundle(admin, { type: 'nope' }, 'x')).rejects.toThrow(/bundle/);
    await expect(knowledge.importBundle(reader, b, 'x')).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('keeps relationships with dangling refs (with a warning) and is unbothered by cycles', async () => {
    const a = sdo('malware', { name: 'CycleA' });
    const c = sdo('malware', { name: 'CycleC' });
    const missing = `tool--${uuid()}`;
    const report = await knowledge.importBundle(
      admin,
      bundle(
        rel(a.id as string, c.id as string),
        rel(c.id as string, a.id as string),
        rel(a.id as string, a.id as string),
        rel(a.id as string, missing),
        a,
        c,
      ),
      'cycles.json',
    );
    expect(report.summary.created).toBe(6);
    expect(report.results[0]?.warnings).toBeUndefined();
    expect(report.results[3]?.warnings?.[0]).toContain(missing);
    expect((await knowledge.relationshipsOf(a.id as string)).length).toBe(4);
  });

  it('proposes (never applies) alias merges; merge and revert are reversible and audited', async () => {
    const survivor = sdo('intrusion-set', { name: 'Lazarus-like Group', aliases: ['Hidden Cobra X'] });
    await knowledge.importBundle(admin, bundle(survivor), 'first.json');
    const newcomer = sdo('threat-actor', { name: 'ＨＩＤＤＥＮ  cobra x' });
    const malwareSameName = sdo('malware', { name: 'Hidden Cobra X' });
    const report = await knowledge.importBundle(
      admin,
      bundle(newcomer, malwareSameName, rel(newcomer.id as string, malwareSameName.id as string)),
      'second.json',
    );
    expect(report.proposedMerges).toEqual([
      expect.objectContaining({
        survivorId: survivor.id,
        mergedId: newcomer.id,
        matchedName: 'hidden cobra x',
      }),
    ]);
    expect((await knowledge.getObject(newcomer.id as string)).id).toBe(newcomer.id);
    const again = await knowledge.importBundle(admin, bundle(newcomer), 'second.json');
    expect(again.proposedMerges).toEqual([]);

    const proposalId = report.proposedMerges[0]?.id as string;
    const merge = await knowledge.mergeObjects(admin, survivor.id as string, newcomer.id as string);
    expect(merge).toMatchObject({
      id: proposalId,
      status: 'applied',
      reason: 'alias',
      decidedBy: admin.keyId,
    });
    const followed = await knowledge.getObject(newcomer.id as string);
    expect(followed).toMatchObject({ id: survivor.id, resolvedFrom: newcomer.id, mergedIds: [newcomer.id] });
    expect((await knowledge.relationshipsOf(survivor.id as string)).map((r) => r.targetRef)).toContain(
      malwareSameName.id,
    );
    expect(
      (await knowledge.searchObjects({ type: 'threat-actor', limit: 10 })).items.map((o) => o.id),
    ).not.toContain(newcomer.id);
    await expect(
      knowledge.mergeObjects(admin, newcomer.id as string, survivor.id as string),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(
      knowledge.mergeObjects(reader, survivor.id as string, newcomer.id as string),
    ).rejects.toMatchObject({ code: 'forbidden' });

    const reverted = await knowledge.revertMerge(admin, merge.id);
    expect(reverted).toMatchObject({ status: 'reverted', revertedBy: admin.keyId });
    expect(await knowledge.getObject(newcomer.id as string)).toMatchObject({
      id: newcomer.id,
      resolvedFrom: null,
    });
    expect((await knowledge.getObject(survivor.id as string)).mergedIds).toEqual([]);
    expect((await knowledge.revertMerge(admin, merge.id)).status).toBe('reverted');
    const actions = (await audit.list({ limit: 100_000 })).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['knowledge.merge.propose', 'knowledge.merge.apply', 'knowledge.merge.revert']),
    );
    expect((await audit.verify()).ok).toBe(true);
  });

  it('records a manual merge by id, with chains followed and cycles refused', async () => {
    const [a, b, c] = [
      sdo('malware', { name: 'M-A' }),
      sdo('malware', { name: 'M-B' }),
      sdo('malware', { name: 'M-C' }),
    ];
    await knowledge.importBundle(admin, bundle(a, b, c), 'manual.json');
    const ab = await knowledge.mergeObjects(admin, a.id as string, b.id as string);
    expect(ab.reason).toBe('id');
    await knowledge.mergeObjects(admin, c.id as string, a.id as string);
    expect((await knowledge.getObject(b.id as string)).id).toBe(c.id);
    await expect(knowledge.mergeObjects(admin, b.id as string, c.id as string)).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(knowledge.mergeObjects(admin, a.id as string, `malware--${uuid()}`)).rejects.toMatchObject({
      code: 'not_found',
    });
    await knowledge.revertMerge(admin, ab.id);
    expect((await knowledge.getObject(b.id as string)).id).toBe(b.id);
  });

  it('searches by name or alias with paging and a LIKE-safe query', async () => {
    const items = Array.from({ length: 5 }, (_, i) =>
      sdo('infrastructure', { name: `Proxy_100% ${i}`, infrastructure_types: ['sms-verification-proxy'] }),
    );
    await knowledge.importBundle(admin, bundle(...items), 'infra.json');
    const page1 = await knowledge.searchObjects({ type: 'infrastructure', q: 'PROXY_100%', limit: 3 });
    expect(page1.items).toHaveLength(3);
    const page2 = await knowledge.searchObjects({
      type: 'infrastructure',
      q: 'proxy_100%',
      limit: 3,
      cursor: page1.nextCursor as string,
    });
    expect(page2.items).toHaveLength(2);
    expect(page2.nextCursor).toBeNull();
    expect((await knowledge.searchObjects({ q: 'proxy_1000', limit: 3 })).items).toEqual([]);
    expect(page1.items[0]?.subtypes).toEqual(['sms-verification-proxy']);
  });
});
