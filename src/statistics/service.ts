/**
 * Report statistics for publication: counts and damage over time, by report kind or by the kind of
 * the reporting organization, computed from the reports the caller may see (`visibleTo` in SQL,
 * nothing else is read). `public` scope applies the advisory publication rule and suppresses
 * cells under 3, so the numbers can be published as they are.
 */
import { exclusionOf } from '../advisories/sources.js';
import { type Principal, requireScope } from '../auth/service.js';
import { inChunks } from '../core/chunks.js';
import type { Database } from '../db/database.js';
import { invalid } from '../errors/catalogue.js';
import { visibleTo } from '../sharing/visibility-sql.js';
import { aggregate, type GroupBy, type Interval, type ReportFact, type Series } from './aggregate.js';

export const STATISTICS_SCOPES = ['internal', 'public'] as const;
export type StatisticsScope = (typeof STATISTICS_SCOPES)[number];
/** Smallest published cell in `public` scope. */
export const PUBLIC_MIN_CELL = 3;
/** Most reports one request aggregates: statistics are for periods, not for bulk export. */
export const MAX_FACTS = 500_000;

export interface StatisticsQuery {
  groupBy: GroupBy;
  interval: Interval;
  scope: StatisticsScope;
  since?: string | undefined;
  until?: string | undefined;
}

function iso(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalid(field, 'not an ISO-8601 date or date-time');
  return new Date(ms).toISOString();
}

export class ReportStatistics {
  constructor(private readonly database: Database) {}

  async series(principal: Principal, query: StatisticsQuery): Promise<Series> {
    requireScope(principal, 'reports:read');
    const since = iso('since', query.since);
    const until = iso('until', query.until);
    const { db } = this.database;
    let q = db
      .selectFrom('reports as r')
      .innerJoin('organizations as o', 'o.id', 'r.org_id')
      .select([
        'r.id',
        'r.kind',
        'r.tlp',
        'r.pap',
        'r.sensitivity',
        'r.restricted',
        'r.observed_at',
        'r.created_at',
        'o.kind as org_kind',
      ])
      .where(visibleTo(principal.viewer));
    // The same time the series buckets by: when it happened, else when it was reported.
    if (since) q = q.where((eb) => eb(eb.fn.coalesce('r.observed_at', 'r.created_at'), '>=', since));
    if (until) q = q.where((eb) => eb(eb.fn.coalesce('r.observed_at', 'r.created_at'), '<', until));
    const rows = await q.limit(MAX_FACTS).execute();
    const usable =
      query.scope === 'public'
        ? rows.filter((r) => exclusionOf({ ...r, restricted: r.restricted === 1 }) === null)
        : rows;
    const damage = await this.damageOf(usable.filter((r) => r.kind === 'fraud_case').map((r) => r.id));
    const facts: ReportFact[] = usable.map((r) => ({
      at: r.observed_at ?? r.created_at,
      kind: r.kind,
      orgKind: r.org_kind,
      damageJpy: damage.get(r.id) ?? null,
    }));
    return aggregate(facts, query.groupBy, query.interval, query.scope === 'public' ? PUBLIC_MIN_CELL : 0);
  }

  /** Amounts of fraud cases in yen (no currency means yen; other currencies are not converted). */
  private async damageOf(ids: readonly string[]): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    for (const part of inChunks([...ids])) {
      const rows = await this.database.db
        .selectFrom('reports')
        .select(['id', 'details'])
        .where('id', 'in', part)
        .execute();
      for (const r of rows) {
        const d = JSON.parse(r.details) as { amount?: unknown; currency?: unknown };
        if (typeof d.amount === 'number' && (d.currency === undefined || d.currency === 'JPY'))
          out.set(r.id, d.amount);
      }
    }
    return out;
  }
}
