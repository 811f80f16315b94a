import type { KobanDatabase } from '../db/schema.js';

type Range = KobanDatabase['indicator_holder_range'];
type ReportRow = KobanDatabase['reports'];

/**
 * The earliest and latest holder of each indicator in a chunk (`indicator_holder_range`, migration
 * 0019), computed from the rows being written — no lookup — and merged into the stored range by the
 * writers with `HOLDER_RANGE_MERGE`. TAXII's `match[version]=first|last` reads it instead of walking
 * every holder of an observable (src/taxii/versions.ts).
 */

/** Every partner may see the report (`canSee` for any viewer): no visibility query needed for it. */
export const isOpen = (r: Pick<ReportRow, 'tlp' | 'restricted' | 'sensitivity'>): boolean =>
  (r.tlp === 'CLEAR' || r.tlp === 'GREEN' || r.tlp === 'AMBER') &&
  r.restricted === 0 &&
  r.sensitivity !== 'investigation';

const before = (at: string, id: string, thanAt: string, thanId: string) =>
  at < thanAt || (at === thanAt && id < thanId);

/** One row per indicator, sorted by indicator id (one global lock order for concurrent writers). */
export function holderRangesOf(
  reports: readonly ReportRow[],
  sightings: readonly KobanDatabase['sightings'][],
): Range[] {
  const byId = new Map(reports.map((r) => [r.id, r]));
  const ranges = new Map<string, Range>();
  for (const s of sightings) {
    const r = byId.get(s.report_id);
    if (!r) continue;
    const open = isOpen(r) ? 1 : 0;
    const cur = ranges.get(s.indicator_id);
    if (!cur) {
      ranges.set(s.indicator_id, {
        indicator_id: s.indicator_id,
        first_at: r.created_at,
        first_report: r.id,
        first_org: r.org_id,
        first_open: open,
        last_at: r.created_at,
        last_report: r.id,
        last_org: r.org_id,
        last_open: open,
      });
      continue;
    }
    if (before(r.created_at, r.id, cur.first_at, cur.first_report))
      Object.assign(cur, {
        first_at: r.created_at,
        first_report: r.id,
        first_org: r.org_id,
        first_open: open,
      });
    if (before(cur.last_at, cur.last_report, r.created_at, r.id))
      Object.assign(cur, { last_at: r.created_at, last_report: r.id, last_org: r.org_id, last_open: open });
  }
  return [...ranges.values()].sort((a, b) =>
    a.indicator_id < b.indicator_id ? -1 : a.indicator_id > b.indicator_id ? 1 : 0,
  );
}

const T = 'indicator_holder_range';
const EARLIER = `(excluded.first_at, excluded.first_report) < (${T}.first_at, ${T}.first_report)`;
const LATER = `(excluded.last_at, excluded.last_report) > (${T}.last_at, ${T}.last_report)`;

/** Per column, the expression that keeps the stored end unless the new row's end is earlier (later). */
export const HOLDER_RANGE_MERGE: Record<string, string> = Object.fromEntries(
  (['first', 'last'] as const).flatMap((end) =>
    ['at', 'report', 'org', 'open'].map((c) => [
      `${end}_${c}`,
      `case when ${end === 'first' ? EARLIER : LATER} then excluded.${end}_${c} else ${T}.${end}_${c} end`,
    ]),
  ),
);
/** Rows whose range does not widen are left alone (no write). */
export const HOLDER_RANGE_WIDENS = `${EARLIER} or ${LATER}`;
export const HOLDER_RANGE_COLUMNS = [
  'indicator_id',
  'first_at',
  'first_report',
  'first_org',
  'first_open',
  'last_at',
  'last_report',
  'last_org',
  'last_open',
] as const;
