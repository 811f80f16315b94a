import { sql } from 'kysely';
import { type Principal, requireScope } from '../auth/service.js';
import { inChunks } from '../core/chunks.js';
import type { CampaignGraph } from '../correlation/graph.js';
import type { Database } from '../db/database.js';
import { visibleTo } from '../sharing/visibility-sql.js';

export interface DashboardSummary {
  /** JST calendar days, oldest first, always `days` of them (empty days included). */
  days: string[];
  perDay: { day: string; kind: string; reports: number }[];
  perOrgKind: { orgKind: string; reports: number }[];
  topBrands: { brand: string; reports: number }[];
  /** The largest campaigns the caller sees, named like every campaign view (earliest visible report). */
  campaigns: { campaignId: string; size: number; growth: { day: string; reports: number }[] }[];
}

interface Deps {
  database: Database;
  graph: Pick<CampaignGraph, 'campaign'>;
  now: () => Date;
}

const JST_MS = 9 * 3_600_000;
const TOP_CAMPAIGNS = 5;
const CAMPAIGN_VIEW_LIMIT = 500;

/** The JST day of a UTC ISO instant ("2026-11-20T15:00:00Z" → "2026-11-21"). */
export function jstDayOf(iso: string): string {
  return new Date(Date.parse(iso) + JST_MS).toISOString().slice(0, 10);
}

/** The `days` JST days ending today, and the UTC instant the first of them starts. */
export function jstWindow(now: Date, days: number): { days: string[]; since: string } {
  const today = Date.parse(`${jstDayOf(now.toISOString())}T00:00:00+09:00`);
  const list: string[] = [];
  for (let i = days - 1; i >= 0; i--) list.push(jstDayOf(new Date(today - i * 86_400_000).toISOString()));
  return { days: list, since: new Date(today - (days - 1) * 86_400_000).toISOString() };
}

/**
 * What the console's dashboard shows, from reports the caller may see only (`visibleTo` in SQL):
 * reports per JST day and kind, per reporting organization kind, the most impersonated brands of
 * phishing-site reports, and the growth of the largest visible campaigns. Counts are grouped in the
 * database by UTC hour, then folded into JST days here, so both engines run the same SQL.
 */
export class ConsoleDashboard {
  constructor(private readonly deps: Deps) {}

  async summary(principal: Principal, days: number): Promise<DashboardSummary> {
    requireScope(principal, 'reports:read');
    const { db } = this.deps.database;
    const window = jstWindow(this.deps.now(), days);
    const visible = () =>
      db
        .selectFrom('reports as r')
        .where(visibleTo(principal.viewer))
        .where('r.created_at', '>=', window.since);
    const hour = sql<string>`substr(r.created_at, 1, 13)`;
    const brand =
      this.deps.database.engine === 'postgres'
        ? sql<string | null>`(r.details::json ->> 'targetBrand')`
        : sql<string | null>`json_extract(r.details, '$.targetBrand')`;
    const [hours, orgKinds, brands, campaignRows] = await Promise.all([
      visible()
        .select(['r.kind', hour.as('hour'), (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(['r.kind', hour])
        .execute(),
      visible()
        .innerJoin('organizations as o', 'o.id', 'r.org_id')
        .select(['o.kind', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('o.kind')
        .execute(),
      visible()
        .where('r.kind', '=', 'phishing_site')
        .select([brand.as('brand'), (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy(brand)
        .execute(),
      visible()
        .innerJoin('report_campaigns as rc', 'rc.report_id', 'r.id')
        .select([
          'rc.campaign_id',
          (eb) => eb.fn.min('r.id').as('first'),
          (eb) => eb.fn.countAll<number>().as('n'),
        ])
        .groupBy('rc.campaign_id')
        .orderBy('n', 'desc')
        .limit(TOP_CAMPAIGNS * 2)
        .execute(),
    ]);
    const perDay = new Map<string, number>();
    for (const h of hours) {
      const key = `${jstDayOf(`${h.hour}:00:00Z`)}\u0000${h.kind}`;
      perDay.set(key, (perDay.get(key) ?? 0) + Number(h.n));
    }
    return {
      days: window.days,
      perDay: [...perDay]
        .map(([key, reports]) => {
          const [day, kind] = key.split('\u0000') as [string, string];
          return { day, kind, reports };
        })
        .sort((a, b) => a.day.localeCompare(b.day) || a.kind.localeCompare(b.kind)),
      perOrgKind: orgKinds
        .map((o) => ({ orgKind: o.kind, reports: Number(o.n) }))
        .sort((a, b) => b.reports - a.reports),
      topBrands: foldBrands(brands).slice(0, 10),
      campaigns: await this.campaigns(principal, campaignRows, window.since),
    };
  }

  /**
   * Each candidate is re-read through the campaign graph, so a campaign is only what the caller can
   * see connected (never two visible parts joined by a hidden report) and carries its view name.
   */
  private async campaigns(
    principal: Principal,
    rows: { first: string | null; n: number }[],
    since: string,
  ): Promise<DashboardSummary['campaigns']> {
    const seen = new Set<string>();
    const out: DashboardSummary['campaigns'] = [];
    for (const row of rows) {
      if (out.length >= TOP_CAMPAIGNS || !row.first || Number(row.n) < 2) continue;
      const view = await this.deps.graph.campaign(principal, row.first, CAMPAIGN_VIEW_LIMIT);
      if (!view.campaignId || seen.has(view.campaignId)) continue;
      seen.add(view.campaignId);
      const created = new Map<string, string>();
      for (const ids of inChunks(
        view.reports.map((r) => r.id),
        500,
      )) {
        const found = await this.deps.database.db
          .selectFrom('reports')
          .select(['id', 'created_at'])
          .where('id', 'in', ids)
          .execute();
        for (const r of found) created.set(r.id, r.created_at);
      }
      const perDay = new Map<string, number>();
      let before = 0;
      for (const at of created.values()) {
        if (at < since) before++;
        else perDay.set(jstDayOf(at), (perDay.get(jstDayOf(at)) ?? 0) + 1);
      }
      let total = before;
      const growth = [...perDay]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([day, n]) => {
          total += n;
          return { day, reports: total };
        });
      out.push({ campaignId: view.campaignId, size: view.size, growth });
    }
    return out.sort((a, b) => b.size - a.size);
  }
}

/** Brand names as typed differ in width and case ("ＳＢＩ", "sbi"); counted under one NFKC form. */
export function foldBrands(
  rows: { brand: string | null; n: number }[],
): { brand: string; reports: number }[] {
  const counts = new Map<string, { brand: string; reports: number }>();
  for (const row of rows) {
    if (typeof row.brand !== 'string') continue;
    const brand = row.brand.normalize('NFKC').trim().replace(/\s+/g, ' ');
    if (!brand) continue;
    const key = brand.toLowerCase();
    const entry = counts.get(key) ?? { brand, reports: 0 };
    entry.reports += Number(row.n);
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b.reports - a.reports || a.brand.localeCompare(b.brand));
}
