import type { AuditLog } from '../audit/store.js';
import { type Principal, requireScope } from '../auth/service.js';
import { indicatorId } from '../core/ids.js';
import { detectIndicator } from '../core/indicators/index.js';
import type { Database } from '../db/database.js';
import type { KobanDatabase } from '../db/schema.js';
import { invalid, KobanError } from '../errors/catalogue.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { canSee, isAuditedRead, type Marking, type Sensitivity, type Tlp } from '../sharing/policy.js';
import { visibleTo } from '../sharing/visibility-sql.js';
import { audienceOfReports, type StoredSighting, sightingsOfReports } from './store.js';

export interface ReportView {
  id: string;
  kind: string;
  tlp: string;
  pap: string;
  sensitivity: string;
  title: string | null;
  description: string;
  details: unknown;
  observedAt: string | null;
  createdAt: string;
  reporter: { orgId: string };
  /** Only the reporting organization sees its own externalId and the audience it chose. */
  externalId?: string | null;
  recipients?: string[];
  sharingGroups?: string[];
  indicators?: StoredSighting[];
}

export interface ReportFilters {
  kind?: string;
  tlp?: string;
  orgId?: string;
  since?: string;
  until?: string;
  indicator?: string;
  limit: number;
  cursor?: string;
}

interface Deps {
  database: Database;
  audit: AuditLog;
}

/** Reads of reports. Every path filters through the one policy before anything leaves this class. */
export class ReportQueries {
  constructor(private readonly deps: Deps) {}

  async get(principal: Principal, id: string): Promise<ReportView> {
    requireScope(principal, 'reports:read');
    const { db } = this.deps.database;
    const [row, audience, sightings] = await Promise.all([
      db.selectFrom('reports').selectAll().where('id', '=', id).executeTakeFirst(),
      audienceOfReports(db, [id]),
      sightingsOfReports(db, [id]),
    ]);
    // Hidden and missing answer identically: the existence of a report is itself information.
    if (!row) throw notFound();
    const marking = markingOf(row, audience.recipients.get(id) ?? [], audience.groups.get(id) ?? []);
    if (!canSee(principal.viewer, marking)) throw notFound();
    const view = toView(row, principal.orgId === row.org_id, marking);
    view.indicators = sightings.get(id) ?? [];
    if (isAuditedRead(marking)) {
      this.deps.audit.appendRead([
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'report.read',
          targetType: 'report',
          targetId: id,
          details: { tlp: row.tlp, sensitivity: row.sensitivity },
        },
      ]);
    }
    return view;
  }

  async list(
    principal: Principal,
    filters: ReportFilters,
  ): Promise<{ items: ReportView[]; nextCursor: string | null }> {
    requireScope(principal, 'reports:read');
    const { db } = this.deps.database;
    let q = db.selectFrom('reports as r').selectAll('r').where(visibleTo(principal.viewer));
    if (filters.kind) q = q.where('r.kind', '=', filters.kind);
    if (filters.tlp) q = q.where('r.tlp', '=', filters.tlp);
    if (filters.orgId) q = q.where('r.org_id', '=', filters.orgId);
    if (filters.since) q = q.where('r.created_at', '>=', isoOrThrow('since', filters.since));
    if (filters.until) q = q.where('r.created_at', '<', isoOrThrow('until', filters.until));
    if (filters.indicator) {
      const indicator = detectIndicator(filters.indicator);
      if (!indicator) throw invalid('indicator', 'not a recognizable indicator value');
      const iid = indicatorId(indicator.key);
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('sightings as s')
            .select('s.report_id')
            .whereRef('s.report_id', '=', 'r.id')
            .where('s.indicator_id', '=', iid),
        ),
      );
    }
    const cursor = decodeCursor(filters.cursor);
    if (cursor) q = q.where('r.id', '<', String(cursor.id));
    const rows = await q
      .orderBy('r.id', 'desc')
      .limit(filters.limit + 1)
      .execute();
    const page = rows.slice(0, filters.limit);
    const ids = page.map((r) => r.id);
    const audience = await audienceOfReports(db, ids);
    const items: ReportView[] = [];
    const audited: string[] = [];
    for (const row of page) {
      const marking = markingOf(
        row,
        audience.recipients.get(row.id) ?? [],
        audience.groups.get(row.id) ?? [],
      );
      // Defence in depth: the SQL filter and the policy function must agree; never trust one alone.
      if (!canSee(principal.viewer, marking)) continue;
      items.push(toView(row, principal.orgId === row.org_id, marking));
      if (isAuditedRead(marking)) audited.push(row.id);
    }
    if (audited.length > 0) {
      this.deps.audit.appendRead([
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'report.list',
          targetType: 'report',
          targetId: null,
          details: { reportIds: audited },
        },
      ]);
    }
    const last = page[page.length - 1];
    return { items, nextCursor: rows.length > filters.limit && last ? encodeCursor({ id: last.id }) : null };
  }
}

export function markingOf(
  row: Pick<KobanDatabase['reports'], 'org_id' | 'tlp' | 'sensitivity'>,
  recipients: string[],
  sharingGroups: string[],
): Marking {
  return {
    orgId: row.org_id,
    tlp: row.tlp as Tlp,
    sensitivity: row.sensitivity as Sensitivity,
    recipients,
    sharingGroups,
  };
}

function toView(row: KobanDatabase['reports'], own: boolean, marking: Marking): ReportView {
  const view: ReportView = {
    id: row.id,
    kind: row.kind,
    tlp: row.tlp,
    pap: row.pap,
    sensitivity: row.sensitivity,
    title: row.title,
    description: row.description,
    details: JSON.parse(row.details) as unknown,
    observedAt: row.observed_at,
    createdAt: row.created_at,
    reporter: { orgId: row.org_id },
  };
  if (own) {
    view.externalId = row.external_id;
    view.recipients = [...marking.recipients];
    view.sharingGroups = [...marking.sharingGroups];
  }
  return view;
}

function notFound(): KobanError {
  return new KobanError('not_found', 'report not found');
}

function isoOrThrow(field: string, value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw invalid(field, 'must be an ISO-8601 date-time');
  return new Date(ms).toISOString();
}
