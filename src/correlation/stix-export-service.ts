import type { Koban } from '../app/container.js';
import type { AttributionView } from '../attribution/service.js';
import { type Principal, requireScope } from '../auth/service.js';
import { inChunks } from '../core/chunks.js';
import { KobanError } from '../errors/catalogue.js';
import { markingOf } from '../reports/reads.js';
import { audienceOfReports } from '../reports/store.js';
import { canSee, isAuditedRead } from '../sharing/policy.js';
import { visibleReportIds, visibleTo } from '../sharing/visibility-sql.js';
import type { GraphView } from './graph.js';
import {
  campaignToStixBundle,
  type ExportReport,
  type ExportSighting,
  type StixBundle,
} from './stix-export.js';
import type { StixObject } from './stix-primitives.js';

type ExportDeps = Pick<Koban, 'database' | 'knowledge' | 'audit'>;

/**
 * The STIX 2.1 bundle of a campaign view (from `CampaignGraph.campaign`/`neighbours`, which hold
 * only reports the caller may see). Loads the indicators of exactly those reports, re-checks each
 * report with `canSee` before anything leaves, and audits the read of AMBER/RED/investigation reports
 * like any other read of their content.
 */
export async function exportCampaignStix(
  koban: ExportDeps,
  principal: Principal,
  view: GraphView,
): Promise<StixBundle> {
  requireScope(principal, 'indicators:read');
  const { reports, audited } = await visibleReportsOf(koban, principal, view);
  // The report the view was asked for (hops 0) names a single-report view; any visible one will do otherwise.
  const start = reports.find((r) => view.reports.some((v) => v.id === r.id && v.hops === 0)) ?? reports[0];
  if (!start) throw new KobanError('not_found', 'report not found');
  const ids = new Set(reports.map((r) => r.id));
  const attributions = await withVisibleEvidence(koban, principal, view.attributions);
  const bundle = campaignToStixBundle({
    campaignId: view.campaignId,
    viewOfReportId: start.id,
    truncated: view.truncated,
    reports,
    links: view.links.filter((l) => ids.has(l.from) && ids.has(l.to)),
    sightings: await sightingsOf(koban, [...ids]),
    attributions,
    knowledgeObjects: await knowledgeObjectsOf(
      koban,
      attributions.filter((a) => a.decision !== 'rejected').map((a) => a.actor.id),
    ),
  });
  if (audited.length > 0) {
    koban.audit.appendRead([
      {
        orgId: principal.orgId,
        keyId: principal.keyId,
        action: 'campaign.export',
        targetType: 'report',
        targetId: start.id,
        details: { format: 'stix-2.1', reportIds: audited },
      },
    ]);
  }
  return bundle;
}

/** The view's reports with the fields STIX needs, filtered in SQL and again by the policy function. */
async function visibleReportsOf(koban: ExportDeps, principal: Principal, view: GraphView) {
  const { db } = koban.database;
  const reports: ExportReport[] = [];
  const audited: string[] = [];
  for (const part of inChunks(view.reports.map((r) => r.id))) {
    const rows = await db
      .selectFrom('reports as r')
      .select(['r.id', 'r.kind', 'r.tlp', 'r.sensitivity', 'r.org_id', 'r.observed_at', 'r.created_at'])
      .where('r.id', 'in', part)
      .where(visibleTo(principal.viewer))
      .execute();
    const audience = await audienceOfReports(
      db,
      rows.map((r) => r.id),
    );
    for (const row of rows) {
      const marking = markingOf(
        row,
        audience.recipients.get(row.id) ?? [],
        audience.groups.get(row.id) ?? [],
      );
      // Defence in depth: the SQL filter and the policy function must agree; never trust one alone.
      if (!canSee(principal.viewer, marking)) continue;
      if (isAuditedRead(marking)) audited.push(row.id);
      reports.push({
        id: row.id,
        kind: row.kind,
        tlp: row.tlp,
        reporterOrgId: row.org_id,
        observedAt: row.observed_at,
        createdAt: row.created_at,
      });
    }
  }
  // Keep the walk's order (start report first), so the bundle lists reports as the view does.
  const order = new Map(view.reports.map((r, i) => [r.id, i]));
  reports.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
  return { reports, audited };
}

/** Sightings joined to their canonical indicators, for report ids already known to be visible. */
async function sightingsOf(koban: ExportDeps, reportIds: string[]): Promise<ExportSighting[]> {
  const out: ExportSighting[] = [];
  for (const part of inChunks(reportIds)) {
    const rows = await koban.database.db
      .selectFrom('sightings as s')
      .innerJoin('indicators as i', 'i.id', 's.indicator_id')
      .select(['s.report_id', 's.role', 's.observed_at', 'i.type', 'i.value', 'i.attributes'])
      .where('s.report_id', 'in', part)
      .execute();
    for (const r of rows) {
      const unicode = unicodeHostOf(r.type, r.attributes);
      out.push({
        reportId: r.report_id,
        type: r.type,
        value: r.value,
        role: r.role,
        observedAt: r.observed_at,
        ...(unicode ? { unicode } : {}),
      });
    }
  }
  return out;
}

/** The display form of an internationalized domain (only for domains, and only when it differs). */
function unicodeHostOf(type: string, attributes: string): string | undefined {
  if (type !== 'domain') return undefined;
  try {
    const parsed = JSON.parse(attributes) as { unicode?: unknown };
    return typeof parsed.unicode === 'string' ? parsed.unicode : undefined;
  } catch {
    return undefined;
  }
}

/** Campaign views list attribution evidence as stored; the export keeps only reports the caller may see. */
async function withVisibleEvidence(
  koban: ExportDeps,
  principal: Principal,
  attributions: readonly AttributionView[],
): Promise<AttributionView[]> {
  const refs = attributions.flatMap((a) => a.evidence.filter((e) => e.kind === 'report').map((e) => e.ref));
  const visible =
    refs.length > 0 ? await visibleReportIds(koban.database.db, principal.viewer, refs) : new Set();
  return attributions.map((a) => ({
    ...a,
    evidence: a.evidence.filter((e) => e.kind !== 'report' || visible.has(e.ref)),
  }));
}

/** Actor objects as imported, and the marking definitions they carry when the knowledge base has them. */
async function knowledgeObjectsOf(koban: ExportDeps, actorIds: string[]): Promise<StixObject[]> {
  const out = new Map<string, StixObject>();
  const load = async (id: string) => {
    if (out.has(id)) return undefined;
    try {
      const stix = (await koban.knowledge.getObject(id)).stix as StixObject;
      out.set(stix.id, stix);
      return stix;
    } catch (error) {
      // An actor that left the knowledge base keeps its relationship; the object is just not included.
      if (error instanceof KobanError && error.code === 'not_found') return undefined;
      throw error;
    }
  };
  for (const id of new Set(actorIds)) {
    const actor = await load(id);
    const refs = Array.isArray(actor?.object_marking_refs) ? (actor.object_marking_refs as string[]) : [];
    for (const ref of refs) await load(ref);
  }
  return [...out.values()];
}
