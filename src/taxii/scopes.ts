import type { ExpressionBuilder, SqlBool } from 'kysely';
import { sql } from 'kysely';
import type { KobanDatabase } from '../db/schema.js';
import { canSee, type Marking, type Viewer } from '../sharing/policy.js';
import { visibleTo } from '../sharing/visibility-sql.js';

/**
 * The sharing scope a collection reads. Every scope is a subset of what `canSee` allows: TAXII
 * narrows the one access policy, it never widens it.
 */
export type CollectionScope = { kind: 'visible' } | { kind: 'own' } | { kind: 'group'; groupId: string };

type ReportsEb = ExpressionBuilder<KobanDatabase & { r: KobanDatabase['reports'] }, 'r'>;

/** SQL form of `inScope` for a `reports as r` query. */
export function scopeFilter(viewer: Viewer, scope: CollectionScope) {
  return (eb: ReportsEb) => {
    if (scope.kind === 'own') return eb('r.org_id', '=', viewer.orgId);
    const visible = visibleTo(viewer)(eb);
    if (scope.kind === 'visible') return visible;
    return eb.and([
      visible,
      eb.exists(
        eb
          .selectFrom('report_sharing_groups as rg')
          .select(sql`1`.as('one'))
          .whereRef('rg.report_id', '=', 'r.id')
          .where('rg.group_id', '=', scope.groupId),
      ),
    ]) as unknown as ReturnType<ReturnType<typeof visibleTo>>;
  };
}

/** The policy check every object passes before it leaves the process (the SQL above is the fast path). */
export function inScope(viewer: Viewer, scope: CollectionScope, marking: Marking): boolean {
  if (!canSee(viewer, marking)) return false;
  if (scope.kind === 'own') return marking.orgId === viewer.orgId;
  if (scope.kind === 'group') return marking.sharingGroups.includes(scope.groupId);
  return true;
}

export type ScopeSql = SqlBool;
