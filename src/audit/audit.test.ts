import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/helpers/koban.js';
import type { Database } from '../db/database.js';
import { ChainVerifier, canonicalJson, entryHash, GENESIS_HASH } from './chain.js';
import { AuditLog } from './store.js';

describe('audit chain (pure)', () => {
  it('hashes canonical JSON independent of key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }] })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
    const r = { seq: 1, at: 't', orgId: 'o', keyId: null, action: 'x', targetType: 'y', targetId: null };
    expect(entryHash(GENESIS_HASH, { ...r, details: { a: 1, b: 2 } })).toBe(
      entryHash(GENESIS_HASH, { ...r, details: { b: 2, a: 1 } }),
    );
  });

  it('reports gaps, broken links and edited entries', () => {
    const v = new ChainVerifier();
    const r1 = {
      seq: 1,
      at: 't',
      orgId: null,
      keyId: null,
      action: 'a',
      targetType: 't',
      targetId: null,
      details: {},
    };
    const h1 = entryHash(GENESIS_HASH, r1);
    v.push({ ...r1, prevHash: GENESIS_HASH, hash: h1 });
    const r3 = { ...r1, seq: 3 };
    v.push({ ...r3, prevHash: 'f'.repeat(64), hash: entryHash('f'.repeat(64), r3) });
    expect(v.problems).toEqual([
      { kind: 'gap', expectedSeq: 2, foundSeq: 3 },
      { kind: 'broken_link', seq: 3 },
    ]);
  });
});

describe('audit log storage', () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  let log: AuditLog;
  beforeEach(async () => {
    ({ database, cleanup } = await openTestDatabase());
    log = new AuditLog(database);
    await log.append(
      Array.from({ length: 30 }, (_, i) => ({
        orgId: 'org',
        keyId: 'key',
        action: 'report.create',
        targetType: 'report',
        targetId: `r${i}`,
        details: { n: i },
      })),
    );
  });
  afterEach(() => cleanup());

  it('verifies an intact chain', async () => {
    await log.append([{ orgId: null, keyId: null, action: 'x', targetType: 'y', targetId: null }]);
    const result = await log.verify();
    expect(result).toMatchObject({ ok: true, checked: 31, lastSeq: 31, problems: [] });
  });

  it('detects an edited entry', async () => {
    await sql`update audit_log set details = '{"n":999}' where seq = 7`.execute(database.db);
    const result = await log.verify();
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual({ kind: 'hash_mismatch', seq: 7 });
  });

  it('detects a deleted entry', async () => {
    await sql`delete from audit_log where seq = 12`.execute(database.db);
    const result = await log.verify();
    expect(result.ok).toBe(false);
    expect(result.problems).toContainEqual({ kind: 'gap', expectedSeq: 12, foundSeq: 13 });
  });

  it('detects an entry rewritten with a fresh hash (the next link breaks)', async () => {
    const row = await database.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '=', 5)
      .executeTakeFirstOrThrow();
    const forged = {
      seq: 5,
      at: row.at,
      orgId: row.org_id,
      keyId: row.key_id,
      action: 'forged',
      targetType: row.target_type,
      targetId: row.target_id,
      details: {},
    };
    await database.db
      .updateTable('audit_log')
      .set({ action: 'forged', details: '{}', hash: entryHash(row.prev_hash, forged) })
      .where('seq', '=', 5)
      .execute();
    const result = await log.verify();
    expect(result.problems).toContainEqual({ kind: 'broken_link', seq: 6 });
  });

  it('keeps the chain linear under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        log.append([{ orgId: 'o', keyId: null, action: 'c', targetType: 't', targetId: String(i) }]),
      ),
    );
    const result = await log.verify();
    expect(result).toMatchObject({ ok: true, checked: 50 });
  });
});
