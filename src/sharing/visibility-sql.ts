import { type ExpressionBuilder, type ExpressionWrapper, type Kysely, type SqlBool, sql } from 'kysely';
import { inChunks } from '../core/chunks.js';
import type { KobanDatabase } from '../db/schema.js';
import { GROUP_SHAREABLE_TLPS, type Viewer } from './policy.js';

type ReportsEb = ExpressionBuilder<KobanDatabase & { r: KobanDatabase['reports'] }, 'r'>;

/**
 * SQL form of `canSee` for a `reports as r` query, so lists, counts and sighting lookups are
 * filtered in the database and never materialize rows the viewer may not see.
 */
export function visibleTo(viewer: Viewer) {
  return (
    eb: ReportsEb,
  ): ExpressionWrapper<KobanDatabase & { r: KobanDatabase['reports'] }, 'r', SqlBool> => {
    const namedRecipient = eb.exists(
      eb
        .selectFrom('report_recipients as rr')
        .select(sql`1`.as('one'))
        .whereRef('rr.report_id', '=', 'r.id')
        .where('rr.org_id', '=', viewer.orgId),
    );
    const shareableAudience = [eb('r.restricted', '=', 0), namedRecipient];
    if (viewer.groupIds.size > 0) {
      shareableAudience.push(
        eb.exists(
          eb
            .selectFrom('report_sharing_groups as rg')
            .select(sql`1`.as('one'))
            .whereRef('rg.report_id', '=', 'r.id')
            .where('rg.group_id', 'in', [...viewer.groupIds]),
        ),
      );
    }
    const byTlp = eb.or([
      eb.and([eb('r.tlp', 'in', [...GROUP_SHAREABLE_TLPS]), eb.or(shareableAudience)]),
      eb.and([eb('r.tlp', '=', 'RED'), namedRecipient]),
    ]);
    const others = viewer.investigationAccess
      ? byTlp
      : eb.and([eb('r.sensitivity', '<>', 'investigation'), byTlp]);
    return eb.or([eb('r.org_id', '=', viewer.orgId), others]);
  };
}

/** The ids among `ids` of reports the viewer may see (for evidence lists and graph nodes). */
export async function visibleReportIds(
  db: Kysely<KobanDatabase>,
  viewer: Viewer,
  ids: readonly string[],
): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of inChunks([...new Set(ids)])) {
    const rows = await db
      .selectFrom('reports as r')
      .select('r.id')
      .where('r.id', 'in', part)
      .where(visibleTo(viewer))
      .execute();
    for (const r of rows) out.add(r.id);
  }
  return out;
}
