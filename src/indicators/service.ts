import type { AuditLog } from '../audit/store.js';
import { type Principal, requireScope } from '../auth/service.js';
import { indicatorId } from '../core/ids.js';
import type { Database } from '../db/database.js';
import { KobanError } from '../errors/catalogue.js';
import type { FlagView, InfrastructureFlags } from '../infrastructure/service.js';
import { markingOf } from '../reports/reads.js';
import { audienceOfReports } from '../reports/store.js';
import { canSee, isAuditedRead } from '../sharing/policy.js';
import { visibleTo } from '../sharing/visibility-sql.js';
import { parseIndicatorValue } from './parse.js';

export interface SightingView {
  reportId: string;
  reportKind: string;
  tlp: string;
  role: string;
  observedAt: string;
  reporter: { orgId: string };
}

export interface IndicatorView {
  type: string;
  value: string;
  key: string;
  attributes: unknown;
  /** Counted over the sightings this caller may see, never over all of them. */
  sightingCount: number;
  firstSeen: string | null;
  lastSeen: string | null;
  sightings: SightingView[];
  /** Crime-infrastructure flags on this indicator that the caller may see. */
  infrastructure: FlagView[];
}

interface Deps {
  database: Database;
  audit: AuditLog;
  flags: Pick<InfrastructureFlags, 'visibleFor'>;
}

const MAX_SIGHTINGS = 100;

/** Finds the canonical indicator behind any spelling, with the sightings the caller may see. */
export class IndicatorQueries {
  constructor(private readonly deps: Deps) {}

  async lookup(principal: Principal, rawValue: string, type?: string): Promise<IndicatorView> {
    requireScope(principal, 'indicators:read');
    const indicator = parseIndicatorValue(rawValue, type);
    const id = indicatorId(indicator.key);
    const { db } = this.deps.database;
    const row = await db.selectFrom('indicators').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    const visible = db
      .selectFrom('sightings as s')
      .innerJoin('reports as r', 'r.id', 's.report_id')
      .where('s.indicator_id', '=', id)
      .where(visibleTo(principal.viewer));
    const [stats, rows] = await Promise.all([
      visible
        .select((eb) => [
          eb.fn.countAll<number>().as('n'),
          eb.fn.min('s.observed_at').as('first'),
          eb.fn.max('s.observed_at').as('last'),
        ])
        .executeTakeFirstOrThrow(),
      visible
        .select(['s.report_id', 's.role', 's.observed_at', 'r.kind', 'r.tlp', 'r.org_id', 'r.sensitivity'])
        .orderBy('s.observed_at', 'desc')
        .limit(MAX_SIGHTINGS)
        .execute(),
    ]);
    const count = Number(stats.n);
    const infrastructure = await this.deps.flags.visibleFor(principal, id, {
      type: row.type,
      value: row.value,
    });
    // Nothing visible means the caller must not learn that the value is known at all.
    if (count === 0 && infrastructure.length === 0) throw notFound();
    const audience = await audienceOfReports(db, [...new Set(rows.map((r) => r.report_id))]);
    const sightings: SightingView[] = [];
    const audited: string[] = [];
    for (const r of rows) {
      const marking = markingOf(
        r,
        audience.recipients.get(r.report_id) ?? [],
        audience.groups.get(r.report_id) ?? [],
      );
      if (!canSee(principal.viewer, marking)) continue;
      if (isAuditedRead(marking)) audited.push(r.report_id);
      sightings.push({
        reportId: r.report_id,
        reportKind: r.kind,
        tlp: r.tlp,
        role: r.role,
        observedAt: r.observed_at,
        reporter: { orgId: r.org_id },
      });
    }
    if (audited.length > 0) {
      this.deps.audit.appendRead([
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'indicator.read',
          targetType: 'indicator',
          targetId: id,
          details: { reportIds: [...new Set(audited)] },
        },
      ]);
    }
    return {
      type: row.type,
      value: row.value,
      key: `${row.type}:${row.value}`,
      attributes: JSON.parse(row.attributes) as unknown,
      sightingCount: count,
      firstSeen: count > 0 ? String(stats.first) : null,
      lastSeen: count > 0 ? String(stats.last) : null,
      sightings,
      infrastructure,
    };
  }
}

function notFound(): KobanError {
  return new KobanError('not_found', 'indicator not found');
}
