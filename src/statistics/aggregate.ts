/**
 * Pure aggregation of report facts into time series for publication: counts and damage per period
 * and group, with small cells suppressed (k-anonymity style) so a public table never singles out
 * one victim or one reporting organization.
 */
export const GROUP_BYS = ['kind', 'orgKind'] as const;
export type GroupBy = (typeof GROUP_BYS)[number];
export const INTERVALS = ['month', 'week'] as const;
export type Interval = (typeof INTERVALS)[number];

export interface ReportFact {
  /** ISO-8601 time of the event (observedAt, else the report's creation). */
  at: string;
  kind: string;
  orgKind: string;
  /** Damage in JPY (fraud_case amount), when known. */
  damageJpy: number | null;
}

export interface Cell {
  period: string;
  group: string;
  /** null when suppressed. */
  reports: number | null;
  damageJpy: number | null;
  suppressed: boolean;
}

export interface Series {
  groupBy: GroupBy;
  interval: Interval;
  periods: string[];
  groups: string[];
  cells: Cell[];
  /** Cells below this count are suppressed (0: no suppression). */
  minCell: number;
}

/** `2026-11` for months; the Monday of the ISO week (`2026-W48` style is harder to chart) for weeks. */
export function periodOf(iso: string, interval: Interval): string {
  const d = new Date(iso);
  if (interval === 'month') return iso.slice(0, 7);
  const day = (d.getUTCDay() + 6) % 7;
  const monday = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - day));
  return monday.toISOString().slice(0, 10);
}

export function aggregate(
  facts: readonly ReportFact[],
  groupBy: GroupBy,
  interval: Interval,
  minCell: number,
): Series {
  const byCell = new Map<string, { reports: number; damage: number; damaged: number }>();
  const periods = new Set<string>();
  const groups = new Set<string>();
  for (const f of facts) {
    const period = periodOf(f.at, interval);
    const group = f[groupBy];
    periods.add(period);
    groups.add(group);
    const key = `${period}\u0000${group}`;
    const c = byCell.get(key) ?? { reports: 0, damage: 0, damaged: 0 };
    c.reports++;
    if (f.damageJpy !== null) {
      c.damage += f.damageJpy;
      c.damaged++;
    }
    byCell.set(key, c);
  }
  const sortedPeriods = [...periods].sort();
  const sortedGroups = [...groups].sort();
  const cells: Cell[] = [];
  for (const period of sortedPeriods) {
    for (const group of sortedGroups) {
      const c = byCell.get(`${period}\u0000${group}`) ?? { reports: 0, damage: 0, damaged: 0 };
      // A zero is not identifying; a count of 1–(k-1) may be. A damage sum of fewer than k cases
      // reveals what one victim lost, so it is suppressed on its own count.
      const suppressed = c.reports > 0 && c.reports < minCell;
      cells.push({
        period,
        group,
        reports: suppressed ? null : c.reports,
        damageJpy: suppressed || (c.damaged > 0 && c.damaged < minCell) ? null : c.damage,
        suppressed,
      });
    }
  }
  return { groupBy, interval, periods: sortedPeriods, groups: sortedGroups, cells, minCell };
}
