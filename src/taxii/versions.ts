import type { Principal } from '../auth/service.js';
import { inChunks } from '../core/chunks.js';
import { indicatorId } from '../core/ids.js';
import type { Database } from '../db/database.js';
import { type CollectionScope, scopeFilter } from './scopes.js';
import { compareKeys, type Entry, type EntryKey } from './stix-objects.js';

/**
 * `match[version]=first|last` for observables. Observables are the only objects several reports
 * share (their id is their value), so they are the only ones with several versions: one per report
 * holding them, dated by that report. The version served is the earliest/latest holder the caller may
 * see in the collection; hidden holders never count, so they cannot hide or move a visible version.
 *
 * Fast path: `indicator_holder_range` (migration 0019, kept on write) names the overall first and
 * last holder with its organization and whether every partner may see it. When the caller may see
 * that one in this collection — it is on the page, or open to every partner (collection `visible`), or
 * the caller's own (`visible`, `own`), or a visibility query says so — it is the answer. Only
 * indicators whose overall extreme is hidden from the caller walk all their holders.
 */

export interface HolderEnd {
  at: string;
  report: string;
  org: string;
  open: boolean;
}

export interface HolderRange {
  first: HolderEnd;
  last: HolderEnd;
}

type RangeRow = Partial<
  Record<`${'first' | 'last'}_${'at' | 'report' | 'org'}`, string | null> &
    Record<`${'first' | 'last'}_open`, number | null>
>;

export function rangeOf(r: RangeRow): HolderRange {
  return {
    first: {
      at: r.first_at ?? '',
      report: r.first_report ?? '',
      org: r.first_org ?? '',
      open: r.first_open === 1,
    },
    last: {
      at: r.last_at ?? '',
      report: r.last_report ?? '',
      org: r.last_org ?? '',
      open: r.last_open === 1,
    },
  };
}

/** Whether the caller certainly sees this holder in the collection without asking the database. */
function seenWithoutQuery(principal: Principal, scope: CollectionScope, end: HolderEnd): boolean {
  const own = end.org === principal.viewer.orgId;
  if (scope.kind === 'own') return own;
  return scope.kind === 'visible' && (own || end.open);
}

/** Per observable object id, the key of the version to serve (`first` or `last` the caller may see). */
export async function extremeVersions(
  database: Database,
  principal: Principal,
  scope: CollectionScope,
  input: { observables: readonly Entry[]; which: 'first' | 'last'; ranges: ReadonlyMap<string, HolderRange> },
): Promise<Map<string, EntryKey>> {
  const { observables, which, ranges } = input;
  // Every entry here comes from a report the caller sees in this collection.
  const onPage = new Set(observables.map((e) => e.key.report));
  const best = new Map<string, EntryKey>();
  const ask = new Set<string>();
  const walk = new Map<string, string>();
  for (const e of observables) {
    const objectId = String(e.object.id);
    if (best.has(objectId)) continue;
    const range = e.indicatorKey !== undefined ? ranges.get(e.indicatorKey) : undefined;
    const end = range?.[which];
    if (!end) walk.set(indicatorIdOf(e), objectId);
    else if (onPage.has(end.report) || seenWithoutQuery(principal, scope, end))
      best.set(objectId, { at: end.at, report: end.report, ord: 0 });
    else {
      ask.add(end.report);
      walk.set(indicatorIdOf(e), objectId);
    }
  }
  for (const part of inChunks([...ask])) {
    const rows = await database.db
      .selectFrom('reports as r')
      .select('r.id')
      .where('r.id', 'in', part)
      .where(scopeFilter(principal.viewer, scope))
      .execute();
    const seen = new Set(rows.map((r) => r.id));
    for (const e of observables) {
      const end = e.indicatorKey !== undefined ? ranges.get(e.indicatorKey)?.[which] : undefined;
      if (end && seen.has(end.report)) {
        best.set(String(e.object.id), { at: end.at, report: end.report, ord: 0 });
        walk.delete(indicatorIdOf(e));
      }
    }
  }
  for (const part of inChunks([...walk.keys()])) {
    const rows = await database.db
      .selectFrom('sightings as s')
      .innerJoin('reports as r', 'r.id', 's.report_id')
      .select(['s.indicator_id', 'r.id', 'r.created_at'])
      .where('s.indicator_id', 'in', part)
      .where(scopeFilter(principal.viewer, scope))
      .execute();
    for (const row of rows) {
      const objectId = walk.get(row.indicator_id)!;
      const candidate = { at: row.created_at, report: row.id, ord: 0 };
      const current = best.get(objectId);
      const better =
        !current ||
        (which === 'last' ? compareKeys(candidate, current) > 0 : compareKeys(candidate, current) < 0);
      if (better) best.set(objectId, candidate);
    }
  }
  // Keys compare by report; the position inside the report comes from the entry itself.
  for (const e of observables) {
    const b = best.get(String(e.object.id));
    if (b && b.at === e.key.at && b.report === e.key.report) best.set(String(e.object.id), e.key);
  }
  return best;
}

function indicatorIdOf(e: Entry): string {
  if (e.indicatorKey !== undefined) return indicatorId(e.indicatorKey);
  throw new Error('observable entry without its indicator key');
}
