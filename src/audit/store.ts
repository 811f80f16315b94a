import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import type { KobanDatabase } from '../db/schema.js';
import { type AuditRecord, type ChainProblem, ChainVerifier, entryHash, GENESIS_HASH } from './chain.js';

export interface AuditEvent {
  orgId: string | null;
  keyId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  details?: Record<string, unknown>;
}

export interface AuditEntry extends AuditRecord {
  prevHash: string;
  hash: string;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  lastSeq: number;
  headHash: string;
  problems: ChainProblem[];
}

// Arbitrary constant: the advisory lock that serializes chain appends across PostgreSQL nodes.
const PG_AUDIT_LOCK = 7_312_001;

/** Append-only, hash-chained audit log. The only writes are inserts at the head of the chain. */
export class AuditLog {
  constructor(
    private readonly database: Database,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Appends inside the caller's transaction so the audited write and its entry commit together. */
  async appendIn(trx: Transaction<KobanDatabase>, events: readonly AuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (this.database.engine === 'postgres') {
      await sql`select pg_advisory_xact_lock(${PG_AUDIT_LOCK})`.execute(trx);
    }
    const head = await trx
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    let seq = head ? Number(head.seq) : 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const at = this.now().toISOString();
    const rows = events.map((event) => {
      seq += 1;
      const record: AuditRecord = {
        seq,
        at,
        orgId: event.orgId,
        keyId: event.keyId,
        action: event.action,
        targetType: event.targetType,
        targetId: event.targetId,
        details: event.details ?? {},
      };
      const hash = entryHash(prevHash, record);
      const row = {
        seq,
        at,
        org_id: record.orgId,
        key_id: record.keyId,
        action: record.action,
        target_type: record.targetType,
        target_id: record.targetId,
        details: JSON.stringify(record.details),
        prev_hash: prevHash,
        hash,
      };
      prevHash = hash;
      return row;
    });
    for (let i = 0; i < rows.length; i += 500) {
      await trx
        .insertInto('audit_log')
        .values(rows.slice(i, i + 500))
        .execute();
    }
  }

  async append(events: readonly AuditEvent[]): Promise<void> {
    await this.database.db.transaction().execute((trx) => this.appendIn(trx, events));
  }

  /**
   * For read audits: on PostgreSQL the commit does not wait for the WAL flush (a database crash may
   * drop the last moments of read entries, never reorder or corrupt the chain). This keeps audited
   * reads at sub-millisecond cost; writes always use `appendIn` with a fully durable commit.
   */
  async appendRead(events: readonly AuditEvent[]): Promise<void> {
    await this.database.db.transaction().execute(async (trx) => {
      if (this.database.engine === 'postgres') await sql`set local synchronous_commit = off`.execute(trx);
      await this.appendIn(trx, events);
    });
  }

  async list(options: { afterSeq?: number; limit: number; orgId?: string }): Promise<AuditEntry[]> {
    let q = this.database.db.selectFrom('audit_log').selectAll().orderBy('seq', 'asc').limit(options.limit);
    if (options.afterSeq !== undefined) q = q.where('seq', '>', options.afterSeq);
    if (options.orgId) q = q.where('org_id', '=', options.orgId);
    return (await q.execute()).map(toEntry);
  }

  /** Walks the whole chain in pages; detects edited, deleted or reordered entries. */
  async verify(db: Kysely<KobanDatabase> = this.database.db): Promise<VerifyResult> {
    const verifier = new ChainVerifier();
    let afterSeq = 0;
    for (;;) {
      const page = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', afterSeq)
        .orderBy('seq', 'asc')
        .limit(5000)
        .execute();
      if (page.length === 0) break;
      for (const row of page) verifier.push(toEntry(row));
      afterSeq = Number(page[page.length - 1]?.seq);
    }
    return {
      ok: verifier.problems.length === 0,
      checked: verifier.checked,
      lastSeq: verifier.lastSeq,
      headHash: verifier.headHash,
      problems: verifier.problems,
    };
  }
}

function toEntry(row: KobanDatabase['audit_log']): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    orgId: row.org_id,
    keyId: row.key_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    details: JSON.parse(row.details) as unknown,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
