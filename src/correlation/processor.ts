import { sql } from 'kysely';
import type { Bus } from '../bus/bus.js';
import { inChunks } from '../core/chunks.js';
import { type KeyOptions, linkKeysOf } from '../core/correlation/keys.js';
import { type Database, transact } from '../db/database.js';
import { type BatchReport, type KeyState, planBatch } from './plan.js';

const BATCH = 2_000;
// Arbitrary constant: one correlator at a time across PostgreSQL nodes.
const PG_CORRELATION_LOCK = 7_312_002;

/**
 * Correlates stored reports incrementally (ADR 0005): picks up reports not yet correlated, in id
 * order, and updates keys, postings, explained links and campaigns in one transaction per batch.
 * Durable by construction — the work queue is the `correlated` flag — so a crash only delays it.
 */
export class CorrelationProcessor {
  private running: Promise<number> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly database: Database,
    private readonly newId: () => string,
    private readonly options: KeyOptions & { cap?: number; onError?: (error: unknown) => void } = {},
  ) {}

  /** Runs after every intake and every few seconds (reports written by other processes). */
  start(bus: Bus, pollMs = 2_000): void {
    this.unsubscribe = bus.subscribe('report.created', () => {
      void this.drain().catch((e) => this.options.onError?.(e));
    });
    this.timer = setInterval(() => void this.drain().catch((e) => this.options.onError?.(e)), pollMs);
    this.timer.unref();
    void this.drain().catch((e) => this.options.onError?.(e));
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => 0);
  }

  /** Correlates everything pending; concurrent calls share one run. Returns reports processed. */
  drain(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let total = 0;
      do {
        this.again = false;
        for (;;) {
          const n = await this.runBatch();
          total += n;
          if (n < BATCH) break;
        }
      } while (this.again);
      return total;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runBatch(): Promise<number> {
    return transact(this.database, async (trx) => {
      if (this.database.engine === 'postgres') {
        const got = await sql<{
          ok: boolean;
        }>`select pg_try_advisory_xact_lock(${PG_CORRELATION_LOCK}) as ok`.execute(trx);
        if (!got.rows[0]?.ok) return 0;
      }
      const rows = await trx
        .selectFrom('reports')
        .select(['id', 'observed_at', 'created_at'])
        .where('correlated', '=', 0)
        .orderBy('id')
        .limit(BATCH)
        .execute();
      if (rows.length === 0) return 0;
      const ids = rows.map((r) => r.id);
      const facts = new Map<string, { type: string; value: string; role: string }[]>();
      for (const part of inChunks(ids)) {
        const sightings = await trx
          .selectFrom('sightings as s')
          .innerJoin('indicators as i', 'i.id', 's.indicator_id')
          .select(['s.report_id', 'i.type', 'i.value', 's.role'])
          .where('s.report_id', 'in', part)
          .execute();
        for (const s of sightings) {
          const list = facts.get(s.report_id) ?? [];
          list.push({ type: s.type, value: s.value, role: s.role });
          facts.set(s.report_id, list);
        }
      }
      const reports: BatchReport[] = rows.map((r) => ({
        id: r.id,
        at: r.observed_at ?? r.created_at,
        keys: linkKeysOf(facts.get(r.id) ?? [], this.options),
      }));
      const keyNames = [...new Set(reports.flatMap((r) => r.keys.map((k) => k.key)))];
      const keys = new Map<string, KeyState>();
      for (const part of inChunks(keyNames)) {
        for (const k of await trx
          .selectFrom('correlation_keys')
          .selectAll()
          .where('key', 'in', part)
          .execute()) {
          keys.set(k.key, {
            reportCount: Number(k.report_count),
            overCorrelating: k.over_correlating === 1,
            lastReportId: k.last_report_id,
            lastRole: k.last_role,
            lastSeen: k.last_seen,
            isNew: false,
          });
        }
      }
      const pointed = [...new Set([...keys.values()].map((k) => k.lastReportId))];
      const campaignOf = new Map<string, string>();
      for (const part of inChunks(pointed)) {
        for (const m of await trx
          .selectFrom('report_campaigns')
          .selectAll()
          .where('report_id', 'in', part)
          .execute()) {
          campaignOf.set(m.report_id, m.campaign_id);
        }
      }
      const campaignSizes = new Map<string, number>();
      for (const part of inChunks([...new Set(campaignOf.values())])) {
        for (const c of await trx
          .selectFrom('campaigns')
          .select(['id', 'size'])
          .where('id', 'in', part)
          .execute()) {
          campaignSizes.set(c.id, Number(c.size));
        }
      }
      const plan = planBatch({
        reports,
        keys,
        campaignOf,
        campaignSizes,
        newCampaignId: this.newId,
        ...(this.options.cap ? { cap: this.options.cap } : {}),
      });
      const now = new Date().toISOString();

      for (const part of inChunks([...plan.keys.entries()], 5_000)) {
        await trx
          .insertInto('correlation_keys')
          .values(
            part.map(([key, s]) => ({
              key,
              report_count: s.reportCount,
              over_correlating: s.overCorrelating ? 1 : 0,
              last_report_id: s.lastReportId,
              last_role: s.lastRole,
              last_seen: s.lastSeen,
            })),
          )
          .onConflict((oc) =>
            oc.column('key').doUpdateSet((eb) => ({
              report_count: eb.ref('excluded.report_count'),
              over_correlating: eb.ref('excluded.over_correlating'),
              last_report_id: eb.ref('excluded.last_report_id'),
              last_role: eb.ref('excluded.last_role'),
              last_seen: eb.ref('excluded.last_seen'),
            })),
          )
          .execute();
      }
      for (const part of inChunks(plan.postings, 5_000)) {
        await trx
          .insertInto('correlation_postings')
          .values(part.map((p) => ({ report_id: p.reportId, key: p.key, role: p.role, at: p.at })))
          .execute();
      }
      for (const part of inChunks(plan.links, 4_000)) {
        await trx
          .insertInto('report_links')
          .values(
            part.map((l) => ({
              report_id: l.reportId,
              key: l.key,
              linked_report_id: l.linkedReportId,
              role: l.role,
              linked_role: l.linkedRole,
              at: l.at,
            })),
          )
          .execute();
      }
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
      for (const [id, c] of plan.campaigns) {
        if (c.isNew)
          await trx
            .insertInto('campaigns')
            .values({ id, size: c.size, created_at: now, updated_at: now, merged_into: null })
            .execute();
        else
          await trx
            .updateTable('campaigns')
            .set({ size: c.size, updated_at: now })
            .where('id', '=', id)
            .execute();
      }
      for (const part of inChunks([...plan.memberships.entries()], 5_000)) {
        await trx
          .insertInto('report_campaigns')
          .values(part.map(([report_id, campaign_id]) => ({ report_id, campaign_id })))
          .onConflict((oc) =>
            oc.column('report_id').doUpdateSet({ campaign_id: (eb) => eb.ref('excluded.campaign_id') }),
          )
          .execute();
      }
      for (const part of inChunks(ids)) {
        await trx.updateTable('reports').set({ correlated: 1 }).where('id', 'in', part).execute();
      }
      return rows.length;
    });
  }
}
