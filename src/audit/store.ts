import { type Kysely, sql, type Transaction } from 'kysely';
import { type Database, takeSqliteWriteLock } from '../db/database.js';
import type { KobanDatabase } from '../db/schema.js';
import { type AuditEvent, type AuditRecord, type ChainProblem, ChainVerifier, chainRows } from './chain.js';

export type { AuditEvent } from './chain.js';

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
const READ_FLUSH_DELAY_MS = 5;
const READ_RETRY_DELAY_MS = 1_000;

/** Append-only, hash-chained audit log. The only writes are inserts at the head of the chain. */
export class AuditLog {
  private pendingReads: AuditEvent[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly database: Database,
    private readonly now: () => Date = () => new Date(),
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Appends inside the caller's transaction so the audited write and its entry commit together. */
  async appendIn(trx: Transaction<KobanDatabase>, events: readonly AuditEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (this.database.engine === 'postgres') {
      await sql`select pg_advisory_xact_lock(${PG_AUDIT_LOCK})`.execute(trx);
    } else {
      // Another connection (the intake worker) may append too: take the write lock before reading the head.
      await takeSqliteWriteLock(trx);
    }
    const head = await trx
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    const rows = chainRows(
      head ? { seq: Number(head.seq), hash: head.hash } : undefined,
      events,
      this.now().toISOString(),
    );
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
   * Read audits are queued and written in small batches a few milliseconds later, so an audited read
   * costs the reader nothing; writes always use `appendIn`, inside their own transaction. Queued
   * entries are flushed before any audit query and on close. What a crash can lose is the last few
   * milliseconds of read entries — never a write's entry, and never the order or integrity of the chain.
   */
  appendRead(events: readonly AuditEvent[]): void {
    if (events.length === 0) return;
    this.pendingReads.push(...events);
    this.flushTimer ??= setTimeout(() => {
      this.flushReads().catch(() => {});
    }, READ_FLUSH_DELAY_MS);
  }

  /** Writes queued read entries now (chained behind a flush already running). */
  flushReads(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.flushing = this.flushing.then(async () => {
      const batch = this.pendingReads.splice(0);
      if (batch.length === 0) return;
      try {
        await this.database.db.transaction().execute(async (trx) => {
          if (this.database.engine === 'postgres') await sql`set local synchronous_commit = off`.execute(trx);
          await this.appendIn(trx, batch);
        });
      } catch (error) {
        // Keep them for the next flush rather than lose them; report so operators see it.
        this.pendingReads.unshift(...batch);
        this.onError(error);
        this.flushTimer ??= setTimeout(() => {
          this.flushReads().catch(() => {});
        }, READ_RETRY_DELAY_MS);
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    await this.flushReads();
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }

  async list(options: { afterSeq?: number; limit: number; orgId?: string }): Promise<AuditEntry[]> {
    await this.flushReads();
    let q = this.database.db.selectFrom('audit_log').selectAll().orderBy('seq', 'asc').limit(options.limit);
    if (options.afterSeq !== undefined) q = q.where('seq', '>', options.afterSeq);
    if (options.orgId) q = q.where('org_id', '=', options.orgId);
    return (await q.execute()).map(toEntry);
  }

  /** Walks the whole chain in pages; detects edited, deleted or reordered entries. */
  async verify(db: Kysely<KobanDatabase> = this.database.db): Promise<VerifyResult> {
    await this.flushReads();
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
