import { type ExpressionBuilder, type ExpressionWrapper, type SqlBool, sql } from 'kysely';
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
