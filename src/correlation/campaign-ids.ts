import type { Kysely } from 'kysely';
import type { KobanDatabase } from '../db/schema.js';
import type { Viewer } from '../sharing/policy.js';
import { visibleTo } from '../sharing/visibility-sql.js';

/**
 * Stored campaign ids never leave Koban: what a caller sees of a campaign is named after its earliest
 * report the caller may see (ADR 0005). These translate between the two, following merges.
 */
type Db = Kysely<KobanDatabase>;

/** The campaign that absorbed `id` through merges (itself when never merged); null when unknown. */
export async function survivorOf(db: Db, id: string): Promise<string | null> {
  let current = id;
  for (let hops = 0; hops < 64; hops++) {
    const row = await db
      .selectFrom('campaigns')
      .select(['id', 'merged_into'])
      .where('id', '=', current)
      .executeTakeFirst();
    if (!row) return null;
    if (!row.merged_into) return row.id;
    current = row.merged_into;
  }
  return null;
}

/** Every stored id that now means `survivor`: itself and the campaigns merged into it. */
export async function mergedIdsOf(db: Db, survivor: string): Promise<string[]> {
  const out = [survivor];
  let frontier = [survivor];
  for (let depth = 0; depth < 64 && frontier.length > 0; depth++) {
    const rows = await db.selectFrom('campaigns').select('id').where('merged_into', 'in', frontier).execute();
    frontier = rows.map((r) => r.id);
    out.push(...frontier);
  }
  return out;
}

export async function storedCampaignOfReport(db: Db, reportId: string): Promise<string | null> {
  const row = await db
    .selectFrom('report_campaigns')
    .select('campaign_id')
    .where('report_id', '=', reportId)
    .executeTakeFirst();
  return row?.campaign_id ?? null;
}

export async function earliestVisibleMember(db: Db, viewer: Viewer, stored: string): Promise<string | null> {
  const row = await db
    .selectFrom('report_campaigns as rc')
    .innerJoin('reports as r', 'r.id', 'rc.report_id')
    .select('rc.report_id')
    .where('rc.campaign_id', '=', stored)
    .where(visibleTo(viewer))
    .orderBy('rc.report_id')
    .limit(1)
    .executeTakeFirst();
  return row?.report_id ?? null;
}

/**
 * A campaign id as a caller gives it (a campaign's earliest visible report, as views show it, or a
 * stored id from an older answer) → the stored campaign, when the caller sees a member of it.
 */
export async function storedCampaignFor(db: Db, viewer: Viewer, id: string): Promise<string | null> {
  const visibleReport = await db
    .selectFrom('reports as r')
    .select('r.id')
    .where('r.id', '=', id)
    .where(visibleTo(viewer))
    .executeTakeFirst();
  const stored = visibleReport ? await storedCampaignOfReport(db, id) : await survivorOf(db, id);
  if (!stored) return null;
  return (await earliestVisibleMember(db, viewer, stored)) ? stored : null;
}

/** How a caller sees a stored campaign's id: its earliest visible member (null when none is visible). */
export async function publicCampaignId(db: Db, viewer: Viewer, stored: string): Promise<string | null> {
  const survivor = await survivorOf(db, stored);
  return survivor ? earliestVisibleMember(db, viewer, survivor) : null;
}
