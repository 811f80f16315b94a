import { sql } from 'kysely';
import { inChunks } from '../core/chunks.js';
import { DEFAULT_CORRELATION_CAP, type SightingFact } from '../core/correlation/keys.js';
import { type Database, transact } from '../db/database.js';
import {
  CORRELATION_BATCH,
  type CorrelationOptions,
  decodePending,
  newlyOverCorrelating,
  planFor,
  type StoredKey,
  toBatchReports,
  toKeyStates,
  uniqueKeys,
} from './batch.js';
import { overCorrelatingKeys } from './over-correlating.js';

// Arbitrary constant: one correlator at a time across PostgreSQL nodes.
const PG_CORRELATION_LOCK = 7_312_002;

/**
 * Correlation through Kysely with set-based reads and multi-row writes: the PostgreSQL path (several
 * nodes may run it; an advisory lock lets one at a time through). Same plan, same tables, same
 * semantics as the SQLite store.
 */
export class KyselyCorrelationStore {
  constructor(
    private readonly database: Database,
    private readonly newId: () => string,
    private readonly now: () => Date,
    private readonly options: () => CorrelationOptions,
  ) {}

  async runBatch(limit = CORRELATION_BATCH): Promise<number> {
    return transact(this.database, async (trx) => {
      if (this.database.engine === 'postgres') {
        const got = await sql<{
          ok: boolean;
        }>`select pg_try_advisory_xact_lock(${PG_CORRELATION_LOCK}) as ok`.execute(trx);
        if (!got.rows[0]?.ok) return 0;
      }
      const options = this.options();
      const cap = options.cap ?? DEFAULT_CORRELATION_CAP;
      const pending = (
        await trx
          .selectFrom('correlation_queue')
          .select(['report_id', 'at', 'link_keys'])
          .orderBy('report_id')
          .limit(limit)
          .execute()
      ).map((r) => ({ id: r.report_id, at: r.at, link_keys: r.link_keys }));
      const decoded = decodePending(pending);
      if (pending.length === 0) return 0;
      const ids = pending.map((r) => r.id);
      const facts = new Map<string, SightingFact[]>();
      for (const part of inChunks(decoded.filter((r) => r.keys === null).map((r) => r.id))) {
        for (const s of await trx
          .selectFrom('sightings as s')
          .innerJoin('indicators as i', 'i.id', 's.indicator_id')
          .select(['s.report_id', 'i.type', 'i.value', 's.role'])
          .where('s.report_id', 'in', part)
          .execute()) {
          const list = facts.get(s.report_id) ?? [];
          list.push({ type: s.type, value: s.value, role: s.role });
          facts.set(s.report_id, list);
        }
      }
      const reports = toBatchReports(decoded, facts, options);
      const keyNames = [...uniqueKeys(reports)];

      const over = await overCorrelatingKeys(trx, keyNames);
      const counts = new Map<string, { holders: number; lastId: string }>();
      for (const part of inChunks(keyNames)) {
        // Keys stop gaining postings at the cap, so these counts stay small.
        for (const c of await trx
          .selectFrom('correlation_postings')
          .select((eb) => ['key', eb.fn.countAll<number>().as('n'), eb.fn.max('report_id').as('last')])
          .where('key', 'in', part)
          .groupBy('key')
          .execute())
          counts.set(c.key, { holders: Number(c.n), lastId: c.last });
      }
      const stored: StoredKey[] = [...over].map((key) => ({ key, holders: 0, overCorrelating: true }));
      const lastRows = new Map<string, { role: string; at: string }>();
      const wanted = [...counts].filter(([key]) => !over.has(key));
      for (const part of inChunks(wanted, 500)) {
        for (const r of await trx
          .selectFrom('correlation_postings')
          .select(['key', 'report_id', 'role', 'at'])
          .where((eb) =>
            eb.or(part.map(([key, c]) => eb.and([eb('key', '=', key), eb('report_id', '=', c.lastId)]))),
          )
          .execute())
          lastRows.set(r.key, { role: r.role, at: r.at });
      }
      for (const [key, c] of wanted) {
        const last = lastRows.get(key);
        if (last)
          stored.push({
            key,
            holders: Math.min(c.holders, cap + 1),
            overCorrelating: false,
            last: { reportId: c.lastId, ...last },
          });
      }
      const pointed = [...new Set(stored.flatMap((s) => (s.last ? [s.last.reportId] : [])))];
      const campaignOf = new Map<string, string>();
      for (const part of inChunks(pointed))
        for (const m of await trx
          .selectFrom('report_campaigns')
          .selectAll()
          .where('report_id', 'in', part)
          .execute())
          campaignOf.set(m.report_id, m.campaign_id);
      const campaignSizes = new Map<string, number>();
      for (const part of inChunks([...new Set(campaignOf.values())]))
        for (const c of await trx
          .selectFrom('campaigns')
          .select(['id', 'size'])
          .where('id', 'in', part)
          .execute())
          campaignSizes.set(c.id, Number(c.size));

      const { plan, wasOver } = planFor(
        reports,
        toKeyStates(stored),
        campaignOf,
        campaignSizes,
        this.newId,
        options,
      );
      const now = this.now().toISOString();
      for (const part of inChunks(plan.postings, 5_000))
        await trx
          .insertInto('correlation_postings')
          .values(part.map((p) => ({ report_id: p.reportId, key: p.key, role: p.role, at: p.at })))
          .onConflict((oc) => oc.columns(['report_id', 'key']).doNothing())
          .execute();
      for (const k of newlyOverCorrelating(plan, wasOver))
        await trx
          .insertInto('correlation_keys')
          .values({
            key: k.key,
            report_count: k.reportCount,
            over_correlating: 1,
            last_report_id: k.lastReportId,
            last_role: k.lastRole,
            last_seen: k.lastSeen,
          })
          .onConflict((oc) =>
            oc.column('key').doUpdateSet({ over_correlating: 1, report_count: k.reportCount }),
          )
          .execute();
      for (const [merged, survivor] of plan.merged) {
        await trx
          .updateTable('report_campaigns')
          .set({ campaign_id: survivor })
          .where('campaign_id', '=', merged)
          .execute();
        await trx
          .updateTable('campaigns')
          .set({ merged_into: survivor, size: 0, updated_at: now })
          .where('id', '=', merged)
          .execute();
      }
      const fresh = [...plan.campaigns].filter(([, c]) => c.isNew);
      for (const part of inChunks(fresh, 5_000))
        await trx
          .insertInto('campaigns')
          .values(
            part.map(([id, c]) => ({
              id,
              size: c.size,
              created_at: now,
              updated_at: now,
              merged_into: null,
            })),
          )
          .execute();
      for (const [id, c] of plan.campaigns)
        if (!c.isNew && c.size !== campaignSizes.get(id))
          await trx
            .updateTable('campaigns')
            .set({ size: c.size, updated_at: now })
            .where('id', '=', id)
            .execute();
      for (const part of inChunks([...plan.memberships], 5_000))
        await trx
          .insertInto('report_campaigns')
          .values(part.map(([report_id, campaign_id]) => ({ report_id, campaign_id })))
          .onConflict((oc) =>
            oc.column('report_id').doUpdateSet({ campaign_id: (eb) => eb.ref('excluded.campaign_id') }),
          )
          .execute();
      for (const part of inChunks(ids))
        await trx.deleteFrom('correlation_queue').where('report_id', 'in', part).execute();
      return pending.length;
    });
  }
}
