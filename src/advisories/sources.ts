/**
 * The reports an advisory may be drafted from, and the rule that decides which of their facts may
 * reach the public. Reads go through the one access policy (`visibleTo` + `canSee`): a draft holds
 * only what its analyst may see, and then only what may be published.
 */
import type { Principal } from '../auth/service.js';
import type { CampaignGraph } from '../correlation/graph.js';
import type { Database } from '../db/database.js';
import { invalid } from '../errors/catalogue.js';
import { markingOf } from '../reports/reads.js';
import { audienceOfReports, type StoredSighting, sightingsOfReports } from '../reports/store.js';
import { canSee } from '../sharing/policy.js';
import { visibleTo } from '../sharing/visibility-sql.js';

export interface SourceReport {
  id: string;
  kind: string;
  tlp: string;
  pap: string;
  sensitivity: string;
  /** The reporter narrowed the audience to named recipients or sharing groups. */
  restricted: boolean;
  title: string | null;
  description: string;
  details: Record<string, unknown>;
  observedAt: string | null;
  createdAt: string;
  sightings: StoredSighting[];
}

export type Exclusion = 'investigation' | 'tlp' | 'pap' | 'restricted';

/** TLP levels whose facts may be turned into a public advisory (the README states why). */
export const PUBLISHABLE_TLPS: readonly string[] = ['CLEAR', 'GREEN'];

/**
 * Why a report's facts must stay out of every advisory, or null when they may be used. Every
 * advisory is published on open routes, so one rule serves every audience: investigation
 * material never (刑事訴訟法47条), TLP only CLEAR/GREEN, never PAP:RED (publishing would tip
 * off the adversary), never a report whose reporter chose named recipients or groups.
 */
export function exclusionOf(
  report: Pick<SourceReport, 'tlp' | 'pap' | 'sensitivity' | 'restricted'>,
): Exclusion | null {
  if (report.sensitivity !== 'normal') return 'investigation';
  if (!PUBLISHABLE_TLPS.includes(report.tlp)) return 'tlp';
  if (report.pap === 'RED') return 'pap';
  if (report.restricted) return 'restricted';
  return null;
}

export type AdvisorySource = { campaignId: string } | { reportIds: string[] };

/** The report ids of the source as the principal sees it (a campaign is walked through visible reports only). */
export async function sourceReportIds(
  graph: CampaignGraph,
  database: Database,
  principal: Principal,
  source: AdvisorySource,
): Promise<string[]> {
  if ('campaignId' in source) {
    const view = await graph.campaignById(principal, source.campaignId);
    return view.reports.map((r) => r.id);
  }
  const ids = [...new Set(source.reportIds)];
  const visible = new Set(
    (
      await database.db
        .selectFrom('reports as r')
        .select('r.id')
        .where('r.id', 'in', ids)
        .where(visibleTo(principal.viewer))
        .execute()
    ).map((r) => r.id),
  );
  const missing = source.reportIds.findIndex((id) => !visible.has(id));
  // A hidden report answers exactly like a missing one: its existence is information.
  if (missing >= 0) throw invalid(`/source/reportIds/${missing}`, 'no such report');
  return ids;
}

/** Full rows of the given reports, re-checked with `canSee` (defence in depth), oldest first. */
export async function loadSourceReports(
  database: Database,
  principal: Principal,
  ids: readonly string[],
): Promise<SourceReport[]> {
  if (ids.length === 0) return [];
  const { db } = database;
  const [rows, audience, sightings] = await Promise.all([
    db
      .selectFrom('reports')
      .selectAll()
      .where('id', 'in', [...ids])
      .orderBy('id')
      .execute(),
    audienceOfReports(db, ids),
    sightingsOfReports(db, ids),
  ]);
  const out: SourceReport[] = [];
  for (const row of rows) {
    const marking = markingOf(row, audience.recipients.get(row.id) ?? [], audience.groups.get(row.id) ?? []);
    if (!canSee(principal.viewer, marking)) continue;
    out.push({
      id: row.id,
      kind: row.kind,
      tlp: row.tlp,
      pap: row.pap,
      sensitivity: row.sensitivity,
      restricted: row.restricted === 1,
      title: row.title,
      description: row.description,
      details: JSON.parse(row.details) as Record<string, unknown>,
      observedAt: row.observed_at,
      createdAt: row.created_at,
      sightings: sightings.get(row.id) ?? [],
    });
  }
  return out;
}
