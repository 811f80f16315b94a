import { randomUUID } from 'node:crypto';
import type SQLite from 'better-sqlite3';
import { DEFAULT_CORRELATION_CAP, type SightingFact } from '../core/correlation/keys.js';
import {
  CORRELATION_BATCH,
  CORRELATION_EPOCH_KEY,
  type CorrelationOptions,
  decodePending,
  newlyOverCorrelating,
  overCorrelatingState,
  type PendingReport,
  planFor,
  toBatchReports,
  uniqueKeys,
} from './batch.js';
import { KeyBloom } from './bloom.js';
import { CorrelationCache } from './cache.js';
import type { KeyState } from './plan.js';

/**
 * Correlation on an SQLite connection with prepared statements, synchronously, one IMMEDIATE
 * transaction per batch. Runs inside the correlation worker (data files) or on the server thread
 * (in-memory databases). Key state and campaign sizes are cached between batches; the cache is
 * dropped whenever another correlator (another process) committed since our last batch.
 */
export class SqliteCorrelationStore {
  private readonly statements;
  private readonly runBatchTx: (limit: number) => number;
  private readonly cache: CorrelationCache;
  private lastEpoch: string | null = null;
  /** Keys over the cap are few (each needs more than `cap` reports): all of them are kept in memory. */
  private overKeys = new Set<string>();
  private readonly bloom = new KeyBloom(4_000_000);

  constructor(
    sqlite: SQLite.Database,
    private readonly newId: () => string,
    private readonly now: () => Date,
    private readonly options: () => CorrelationOptions,
    cacheCapacity = 400_000,
  ) {
    this.cache = new CorrelationCache(cacheCapacity);
    const p = (source: string) => sqlite.prepare(source);
    this.statements = {
      epoch: p(`select value from koban_meta where key = '${CORRELATION_EPOCH_KEY}'`),
      setEpoch: p(
        `insert into koban_meta (key, value) values ('${CORRELATION_EPOCH_KEY}', ?)
         on conflict (key) do update set value = excluded.value`,
      ),
      pending: p('select report_id as id, at, link_keys from correlation_queue order by report_id limit ?'),
      facts: p(
        `select i.type, i.value, s.role from sightings s join indicators i on i.id = s.indicator_id
         where s.report_id = ?`,
      ),
      lastHolder: p(
        'select report_id, role, at from correlation_postings where key = ? order by report_id desc limit 1',
      ),
      holderCount: p('select count(*) as n from (select 1 from correlation_postings where key = ? limit ?)'),
      overKeys: p('select key from correlation_keys where over_correlating = 1'),
      postingCount: p('select count(*) as n from correlation_postings'),
      postingKeys: p('select key from correlation_postings').pluck(),
      campaignOf: p('select campaign_id from report_campaigns where report_id = ?'),
      campaignSize: p('select size from campaigns where id = ?'),
      insertPosting: p(
        'insert or ignore into correlation_postings (report_id, key, role, at) values (?, ?, ?, ?)',
      ),
      upsertOverKey: p(
        `insert into correlation_keys (key, report_count, over_correlating, last_report_id, last_role, last_seen)
         values (?, ?, 1, ?, ?, ?)
         on conflict (key) do update set report_count = excluded.report_count, over_correlating = 1`,
      ),
      relabel: p('update report_campaigns set campaign_id = ? where campaign_id = ?'),
      retire: p('update campaigns set merged_into = ?, size = 0, updated_at = ? where id = ?'),
      insertCampaign: p(
        'insert into campaigns (id, size, created_at, updated_at, merged_into) values (?, ?, ?, ?, null)',
      ),
      resize: p('update campaigns set size = ?, updated_at = ? where id = ?'),
      member: p(
        `insert into report_campaigns (report_id, campaign_id) values (?, ?)
         on conflict (report_id) do update set campaign_id = excluded.campaign_id`,
      ),
      done: p('delete from correlation_queue where report_id = ?'),
    };
    this.runBatchTx = sqlite.transaction((limit: number) => this.correlate(limit)).immediate as (
      limit: number,
    ) => number;
  }

  /** Correlates up to `limit` pending reports in one transaction; returns how many. */
  runBatch(limit = CORRELATION_BATCH): number {
    try {
      return this.runBatchTx(limit);
    } catch (error) {
      // The transaction rolled back: what the cache learned from it is not stored.
      this.cache.clear();
      this.lastEpoch = null;
      throw error;
    }
  }

  private correlate(limit: number): number {
    const s = this.statements;
    const options = this.options();
    const pending = decodePending(s.pending.all(limit) as PendingReport[]);
    if (pending.length === 0) return 0;
    const epoch = (s.epoch.get() as { value: string } | undefined)?.value ?? null;
    if (epoch === null || epoch !== this.lastEpoch || this.bloom.full) {
      this.cache.clear();
      this.overKeys = new Set((s.overKeys.all() as { key: string }[]).map((r) => r.key));
      this.rebuildBloom();
    }

    const facts = this.factsOf(pending);
    const reports = toBatchReports(pending, facts, options);
    // The plan mutates these state objects in place; the cache keeps them for the next batch.
    const keys = new Map<string, KeyState>();
    const campaignOf = new Map<string, string>();
    const campaignSizes = new Map<string, number>();
    for (const key of uniqueKeys(reports)) {
      const cached = this.cache.key(key);
      const known = cached === undefined ? this.readKey(key) : cached;
      if (cached === undefined) this.cache.rememberKey(key, known);
      if (!known) continue;
      keys.set(key, known);
      const holder = known.overCorrelating ? '' : known.lastReportId;
      if (!holder || campaignOf.has(holder)) continue;
      let campaign = this.cache.campaignOfReport(holder);
      if (campaign === undefined) {
        campaign = this.readCampaignOf(holder);
        this.cache.rememberReport(holder, campaign);
      }
      if (!campaign) continue;
      campaignOf.set(holder, campaign);
      if (campaignSizes.has(campaign)) continue;
      let size = this.cache.campaignSize(campaign);
      if (size === undefined) {
        size = this.readCampaignSize(campaign);
        this.cache.rememberSize(campaign, size);
      }
      campaignSizes.set(campaign, size);
    }
    const { plan, wasOver } = planFor(reports, keys, campaignOf, campaignSizes, this.newId, options);

    const now = this.now().toISOString();
    for (const p of plan.postings) {
      s.insertPosting.run(p.reportId, p.key, p.role, p.at);
      this.bloom.add(p.key);
    }
    for (const k of newlyOverCorrelating(plan, wasOver)) {
      s.upsertOverKey.run(k.key, k.reportCount, k.lastReportId, k.lastRole, k.lastSeen);
      this.overKeys.add(k.key);
    }
    for (const [merged, survivor] of plan.merged) {
      s.relabel.run(survivor, merged);
      s.retire.run(survivor, now, merged);
    }
    for (const [id, c] of plan.campaigns) {
      if (c.isNew) s.insertCampaign.run(id, c.size, now, now);
      else if (c.size !== campaignSizes.get(id)) s.resize.run(c.size, now, id);
    }
    for (const [reportId, campaignId] of plan.memberships) s.member.run(reportId, campaignId);
    for (const r of pending) s.done.run(r.id);
    this.lastEpoch = randomUUID();
    s.setEpoch.run(this.lastEpoch);
    this.cache.learn(plan);
    return pending.length;
  }

  /** Sightings of the reports stored without candidate keys (written before migration 0007). */
  private factsOf(pending: readonly { id: string; keys: unknown }[]): Map<string, SightingFact[]> {
    const facts = new Map<string, SightingFact[]>();
    for (const r of pending)
      if (r.keys === null) facts.set(r.id, this.statements.facts.all(r.id) as SightingFact[]);
    return facts;
  }

  /** Key state from the store: over the cap, or derived from its postings (null: never seen). */
  private readKey(key: string): KeyState | null {
    const s = this.statements;
    if (this.overKeys.has(key)) return overCorrelatingState();
    if (!this.bloom.mayContain(key)) return null;
    const last = s.lastHolder.get(key) as { report_id: string; role: string; at: string } | undefined;
    if (!last) return null;
    return {
      // Postings stop at the cap, so this count is exact while the key still links.
      reportCount: (s.holderCount.get(key, this.cap() + 1) as { n: number }).n,
      overCorrelating: false,
      lastReportId: last.report_id,
      lastRole: last.role,
      lastSeen: last.at,
    };
  }

  /** Every key holding postings, with room to grow; runs when the cache is dropped. */
  private rebuildBloom(): void {
    const count = (this.statements.postingCount.get() as { n: number }).n;
    // Room for four times what is stored: rebuilding walks every posting, so it should be rare.
    this.bloom.reset(Math.max(4_000_000, count * 4));
    for (const key of this.statements.postingKeys.iterate() as Iterable<string>) this.bloom.add(key);
  }

  private cap(): number {
    return this.options().cap ?? DEFAULT_CORRELATION_CAP;
  }

  private readCampaignOf(reportId: string): string | null {
    return (
      (this.statements.campaignOf.get(reportId) as { campaign_id: string } | undefined)?.campaign_id ?? null
    );
  }

  private readCampaignSize(id: string): number {
    return (this.statements.campaignSize.get(id) as { size: number } | undefined)?.size ?? 0;
  }
}
