import type { Transaction } from 'kysely';
import type { AuditLog } from '../audit/store.js';
import { type Database, transact } from '../db/database.js';
import type { KobanDatabase } from '../db/schema.js';
import {
  type Actor,
  type AudienceFacts,
  type ChunkItem,
  type ChunkOutcome,
  type ChunkWriter,
  decideChunk,
  externalIdsOf,
  recipientsOf,
  reportAuditEvent,
} from './chunk.js';
import { findByExternalIds, type ReportRows, type ReportWriter, toRows } from './store.js';

/** Writes a chunk in one Kysely transaction on the server's own connection (PostgreSQL, in-memory SQLite, tests). */
export class TransactionalChunkWriter implements ChunkWriter {
  /** Chunks are written one after another, in submission order, like the worker's queue. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
    private readonly rowWriter: ReportWriter,
  ) {}

  write(actor: Actor, items: readonly ChunkItem[]): Promise<ChunkOutcome> {
    const next = this.queue.then(() => this.writeNow(actor, items));
    this.queue = next.catch(() => {});
    return next;
  }

  private async writeNow(actor: Actor, items: readonly ChunkItem[]): Promise<ChunkOutcome> {
    let rows: ReportRows | undefined;
    const outcome = await transact(this.database, async (trx) => {
      rows = undefined;
      const facts = await audienceFacts(trx, actor.orgId, items);
      const existing = await findByExternalIds(trx, actor.orgId, externalIdsOf(items));
      const decision = decideChunk(items, existing, facts);
      rows = toRows(
        decision.write.map((item) => item.report),
        (id) => this.rowWriter.isKnown?.(id) ?? false,
      );
      await this.rowWriter.write(trx, rows);
      await this.audit.appendIn(
        trx,
        decision.write.map((item) => reportAuditEvent(actor, item.report)),
      );
      const { created, duplicates, invalid } = decision;
      return { created, duplicates, invalid };
    });
    if (rows) this.rowWriter.committed?.(rows);
    return outcome;
  }

  async close(): Promise<void> {}
}

async function audienceFacts(
  trx: Transaction<KobanDatabase>,
  orgId: string,
  items: readonly ChunkItem[],
): Promise<AudienceFacts> {
  const ids = recipientsOf(items);
  const knownOrgs = new Set<string>();
  for (let i = 0; i < ids.length; i += 1000) {
    const rows = await trx
      .selectFrom('organizations')
      .select('id')
      .where('id', 'in', ids.slice(i, i + 1000))
      .execute();
    for (const r of rows) knownOrgs.add(r.id);
  }
  const memberOf = new Set<string>();
  if (items.some((item) => item.report.sharingGroups.length > 0)) {
    const rows = await trx
      .selectFrom('sharing_group_members')
      .select('group_id')
      .where('org_id', '=', orgId)
      .execute();
    for (const r of rows) memberOf.add(r.group_id);
  }
  return { knownOrgs, memberOf };
}
