import { sql } from 'kysely';
import type { AuditLog } from '../audit/store.js';
import type { Principal } from '../auth/service.js';
import type { Database } from '../db/database.js';
import { markingOf } from '../reports/reads.js';
import { audienceOfReports, type StoredSighting, sightingsOfReports } from '../reports/store.js';
import { canSee, isAuditedRead, type Marking, type Viewer } from '../sharing/policy.js';
import { visibleTo } from '../sharing/visibility-sql.js';

/** A report as the interop formats need it: its marking, reporter's name and sightings. */
export interface VisibleReport {
  id: string;
  orgId: string;
  orgName: string;
  kind: string;
  title: string | null;
  description: string;
  observedAt: string | null;
  createdAt: string;
  marking: Marking;
  sightings: StoredSighting[];
}

/** Keyset position over `reports (created_at, id)`, the index TAXII pages by as well. */
export interface ReportPosition {
  at: string;
  id: string;
}

export interface ReportQuery {
  /** Exclusive: reports after this position. */
  after?: ReportPosition;
  /** Inclusive lower bound on created_at (ISO-8601 UTC). */
  since?: string;
  ids?: readonly string[];
  limit: number;
}

/** Reports per query while walking everything a caller may see (feeds, blocklists). */
const BATCH = 2_000;

/**
 * Reads reports for the interop formats through the one access policy: the SQL twin (`visibleTo`)
 * keeps hidden rows in the database, and every row is checked again with `canSee` before it leaves,
 * so a RED report cannot reach a blocklist even if the two ever disagreed.
 */
export class VisibleReports {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
  ) {}

  async batch(viewer: Viewer, query: ReportQuery): Promise<VisibleReport[]> {
    return (await this.page(viewer, query)).reports;
  }

  /** Every visible report (from `since`, after `from`), in creation order, a batch at a time. */
  async *all(viewer: Viewer, since?: string, from?: ReportPosition): AsyncGenerator<VisibleReport[]> {
    let after = from;
    for (;;) {
      const { reports, last, full } = await this.page(viewer, { after, since, limit: BATCH });
      if (reports.length > 0) yield reports;
      if (!full || !last) return;
      after = last;
    }
  }

  /**
   * One page. `last` is the position of the last row the SQL returned, even if `canSee` dropped it,
   * so a walker always moves past it; `full` says more rows may follow.
   */
  async page(
    viewer: Viewer,
    query: ReportQuery,
  ): Promise<{ reports: VisibleReport[]; last: ReportPosition | undefined; full: boolean }> {
    const { db } = this.database;
    let q = db
      .selectFrom('reports as r')
      .leftJoin('organizations as o', 'o.id', 'r.org_id')
      .select(['r.id', 'r.org_id', 'r.kind', 'r.tlp', 'r.sensitivity', 'r.title', 'r.description'])
      .select(['r.observed_at', 'r.created_at', 'o.name as org_name'])
      .where(visibleTo(viewer));
    if (query.after) q = q.where(sql<boolean>`(r.created_at, r.id) > (${query.after.at}, ${query.after.id})`);
    if (query.since) q = q.where('r.created_at', '>=', query.since);
    if (query.ids) {
      if (query.ids.length === 0) return { reports: [], last: undefined, full: false };
      q = q.where('r.id', 'in', [...query.ids]);
    }
    const rows = await q.orderBy('r.created_at').orderBy('r.id').limit(query.limit).execute();
    const ids = rows.map((r) => r.id);
    const [audience, sightings] = await Promise.all([
      audienceOfReports(db, ids),
      sightingsOfReports(db, ids),
    ]);
    const out: VisibleReport[] = [];
    for (const row of rows) {
      const marking = markingOf(
        row,
        audience.recipients.get(row.id) ?? [],
        audience.groups.get(row.id) ?? [],
      );
      if (!canSee(viewer, marking)) continue;
      out.push({
        id: row.id,
        orgId: row.org_id,
        orgName: row.org_name ?? row.org_id,
        kind: row.kind,
        title: row.title,
        description: row.description,
        observedAt: row.observed_at,
        createdAt: row.created_at,
        marking,
        sightings: sightings.get(row.id) ?? [],
      });
    }
    const lastRow = rows.at(-1);
    return {
      reports: out,
      last: lastRow ? { at: lastRow.created_at, id: lastRow.id } : undefined,
      full: rows.length === query.limit,
    };
  }

  /** Reads of AMBER, RED and investigation reports are audited, whatever the format served. */
  auditRead(principal: Principal, action: string, reports: readonly VisibleReport[]): void {
    const reportIds = reports.filter((r) => isAuditedRead(r.marking)).map((r) => r.id);
    if (reportIds.length === 0) return;
    this.audit.appendRead([
      {
        orgId: principal.orgId,
        keyId: principal.keyId,
        action,
        targetType: 'report',
        targetId: null,
        details: { reportIds },
      },
    ]);
  }
}
