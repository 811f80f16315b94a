/**
 * Preservation deadlines for what an investigator may see: one subject (a report, the campaign
 * around a report, or the caller's own fraud case) or the queue across every visible report. The
 * database filters by the sharing policy's SQL twin, so hidden reports never leave it.
 */
import type { Principal } from '../auth/service.js';
import { requireScope } from '../auth/service.js';
import { normalizeIndicator } from '../core/indicators/normalize.js';
import { type IndicatorType, isIndicatorType } from '../core/indicators/types.js';
import type { CampaignGraph } from '../correlation/graph.js';
import type { Database } from '../db/database.js';
import { KobanError } from '../errors/catalogue.js';
import { caseIndicators, getCase } from '../fraud/cases.js';
import type { Viewer } from '../sharing/policy.js';
import { visibleTo } from '../sharing/visibility-sql.js';
import type { CatalogueStore } from './catalogue-store.js';
import { addDays, dateToDayNumber, jstDate } from './jst.js';
import { type LogLead, leadsFor, retentionValues, type SightedIndicator } from './leads.js';

export const SUBJECT_TYPES = ['report', 'campaign', 'fraud_case'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export interface IndicatorLeads extends SightedIndicator {
  key: string;
  leads: LogLead[];
}

export interface QueueEntry {
  reportId: string;
  indicator: { key: string; type: string; value: string; observedAt: string };
  lead: LogLead;
}

export interface DeadlineDeps {
  database: Database;
  catalogue: CatalogueStore;
  graph: Pick<CampaignGraph, 'campaign'>;
  now: () => Date;
  marginDays: number;
}

const MAX_SIGHTINGS = 20_000;
const DAY_MS = 86_400_000;
/** The instant a JST date begins. */
const jstStart = (date: string) => new Date(dateToDayNumber(date) * DAY_MS - 9 * 3_600_000).toISOString();

export class DeadlineFinder {
  constructor(private readonly deps: DeadlineDeps) {}

  today(): string {
    return jstDate(this.deps.now());
  }

  /** The indicators of a subject the caller may see, with their times (404 for anything hidden). */
  async indicatorsOf(p: Principal, type: SubjectType, id: string): Promise<SightedIndicator[]> {
    if (type === 'fraud_case') {
      requireScope(p, 'fraud:read');
      const c = await getCase(this.deps.database.db, p.orgId, id);
      if (!c.event) return [];
      const occurredAt = new Date(c.event.occurredAt).toISOString();
      return caseIndicators(c.event).flatMap((i) => {
        if (!isIndicatorType(i.type)) return [];
        const n = normalizeIndicator(i.type as IndicatorType, i.value);
        return n.ok
          ? [
              {
                type: n.indicator.type,
                value: n.indicator.value,
                attributes: n.indicator.attributes,
                observedAt: occurredAt,
              },
            ]
          : [];
      });
    }
    const reportIds =
      type === 'campaign'
        ? (await this.deps.graph.campaign(p, id)).reports.map((r) => r.id)
        : await this.visibleReport(p.viewer, id);
    return this.sightings(p.viewer, reportIds);
  }

  async forSubject(p: Principal, type: SubjectType, id: string): Promise<IndicatorLeads[]> {
    const { catalogue } = await this.deps.catalogue.current();
    const today = this.today();
    const out = (await this.indicatorsOf(p, type, id)).map((i) => ({
      ...i,
      key: `${i.type}:${i.value}`,
      leads: leadsFor(catalogue, i, today, this.deps.marginDays),
    }));
    const first = (x: IndicatorLeads) => x.leads.find((l) => l.daysLeft >= 0)?.deadline ?? '9999-12-31';
    return out.sort((a, b) => (first(a) < first(b) ? -1 : first(a) > first(b) ? 1 : 0));
  }

  /** Upcoming deadlines (today … today + horizon) across every report the viewer may see, nearest first. */
  async queue(viewer: Viewer, horizonDays: number, limit: number): Promise<QueueEntry[]> {
    const { catalogue } = await this.deps.catalogue.current();
    const today = this.today();
    const m = this.deps.marginDays;
    // A sighting can only fall due in the window if its JST day lies in one of these bands.
    const bands = retentionValues(catalogue).map((r) => [
      jstStart(addDays(today, m - r)),
      jstStart(addDays(today, horizonDays + m - r + 1)),
    ]);
    const types = [...new Set(catalogue.providers.flatMap((p) => p.logs.flatMap((l) => l.indicatorTypes)))];
    if (bands.length === 0 || types.length === 0) return [];
    const rows = await this.deps.database.db
      .selectFrom('sightings as s')
      .innerJoin('reports as r', 'r.id', 's.report_id')
      .innerJoin('indicators as i', 'i.id', 's.indicator_id')
      .select(['s.report_id', 's.observed_at', 'i.type', 'i.value', 'i.attributes'])
      .where(visibleTo(viewer))
      .where('i.type', 'in', types)
      .where((eb) =>
        eb.or(
          bands.map(([from, to]) =>
            eb.and([eb('s.observed_at', '>=', from as string), eb('s.observed_at', '<', to as string)]),
          ),
        ),
      )
      .limit(MAX_SIGHTINGS)
      .execute();
    const seen = new Set<string>();
    const entries: QueueEntry[] = [];
    for (const r of rows) {
      const key = `${r.type}:${r.value}`;
      const indicator = {
        type: r.type,
        value: r.value,
        attributes: JSON.parse(r.attributes) as Record<string, unknown>,
        observedAt: r.observed_at,
      };
      for (const lead of leadsFor(catalogue, indicator, today, m)) {
        if (lead.daysLeft < 0 || lead.daysLeft > horizonDays) continue;
        // One entry per report, indicator and log (a report may list an indicator in two roles).
        const once = `${r.report_id}|${key}|${lead.providerId}|${lead.logId}`;
        if (seen.has(once)) continue;
        seen.add(once);
        entries.push({
          reportId: r.report_id,
          indicator: { key, type: r.type, value: r.value, observedAt: r.observed_at },
          lead,
        });
      }
    }
    entries.sort(
      (a, b) => a.lead.deadline.localeCompare(b.lead.deadline) || a.reportId.localeCompare(b.reportId),
    );
    return entries.slice(0, limit);
  }

  private async visibleReport(viewer: Viewer, id: string): Promise<string[]> {
    const row = await this.deps.database.db
      .selectFrom('reports as r')
      .select('r.id')
      .where('r.id', '=', id)
      .where(visibleTo(viewer))
      .executeTakeFirst();
    if (!row) throw new KobanError('not_found', `No report ${id}`);
    return [row.id];
  }

  private async sightings(viewer: Viewer, reportIds: string[]): Promise<SightedIndicator[]> {
    if (reportIds.length === 0) return [];
    const rows = await this.deps.database.db
      .selectFrom('sightings as s')
      .innerJoin('reports as r', 'r.id', 's.report_id')
      .innerJoin('indicators as i', 'i.id', 's.indicator_id')
      .select(['s.report_id', 's.observed_at', 'i.type', 'i.value', 'i.attributes'])
      .where('s.report_id', 'in', reportIds.slice(0, 500))
      .where(visibleTo(viewer))
      .limit(MAX_SIGHTINGS)
      .execute();
    const seen = new Set<string>();
    return rows.flatMap((r) => {
      const once = `${r.report_id}|${r.type}:${r.value}`;
      if (seen.has(once)) return [];
      seen.add(once);
      return [
        {
          type: r.type,
          value: r.value,
          attributes: JSON.parse(r.attributes) as Record<string, unknown>,
          observedAt: r.observed_at,
          reportId: r.report_id,
        },
      ];
    });
  }
}
