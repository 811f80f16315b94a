import { type Kysely, sql, type Transaction } from 'kysely';
import { candidateKeysOf, encodeLinkKeys, type SightingFact } from '../core/correlation/keys.js';
import { indicatorId } from '../core/ids.js';
import type { KobanDatabase } from '../db/schema.js';
import { HOLDER_RANGE_MERGE, HOLDER_RANGE_WIDENS, holderRangesOf } from './holder-range.js';
import type { RoledIndicator } from './indicators.js';

type Db = Kysely<KobanDatabase> | Transaction<KobanDatabase>;

/** SQLite allows 32,766 bound parameters per statement; stay well below it on both engines. */
const MAX_PARAMS = 30_000;

async function insertChunked<T extends keyof KobanDatabase>(
  db: Db,
  table: T,
  rows: readonly object[],
  onConflictColumns?: string[],
): Promise<void> {
  if (rows.length === 0) return;
  const perRow = Object.keys(rows[0] as object).length;
  const size = Math.max(1, Math.floor(MAX_PARAMS / perRow));
  for (let i = 0; i < rows.length; i += size) {
    // biome-ignore lint/suspicious/noExplicitAny: generic bulk insert over a table chosen by name
    let q = db.insertInto(table).values(rows.slice(i, i + size) as any);
    if (onConflictColumns) q = q.onConflict((oc) => oc.columns(onConflictColumns as never).doNothing());
    await q.execute();
  }
}

/** A validated report ready to store. */
export interface NewReport {
  row: KobanDatabase['reports'];
  recipients: string[];
  sharingGroups: string[];
  /** The indicator and sighting rows of this report, computed once while preparing it. */
  rows: { indicators: KobanDatabase['indicators'][]; sightings: KobanDatabase['sightings'][] };
}

/** Indicator and sighting rows of one report (hashing and serialization happen here, off the write path). */
export function rowsOfReport(
  row: KobanDatabase['reports'],
  indicators: readonly RoledIndicator[],
): NewReport['rows'] {
  const observedAt = row.observed_at ?? row.created_at;
  const ids = new Map<string, string>();
  const out: NewReport['rows'] = { indicators: [], sightings: [] };
  for (const { indicator, role } of indicators) {
    let id = ids.get(indicator.key);
    if (id === undefined) {
      id = indicatorId(indicator.key);
      ids.set(indicator.key, id);
      out.indicators.push({
        id,
        type: indicator.type,
        value: indicator.value,
        attributes: JSON.stringify(indicator.attributes),
      });
    }
    out.sightings.push({ indicator_id: id, report_id: row.id, role, observed_at: observedAt });
  }
  return out;
}

export interface ReportRows {
  reports: KobanDatabase['reports'][];
  recipients: KobanDatabase['report_recipients'][];
  groups: KobanDatabase['report_sharing_groups'][];
  indicators: KobanDatabase['indicators'][];
  sightings: KobanDatabase['sightings'][];
  /** Each indicator's first and last holder in this chunk, sorted by indicator id. */
  holderRanges: KobanDatabase['indicator_holder_range'][];
}

/**
 * The report's candidate correlation keys, stored with it so the correlator reads one row per report
 * instead of joining sightings to indicators (computed here: on SQLite files, in the intake worker).
 */
function linkKeysText(rows: NewReport['rows']): string {
  const byId = new Map(rows.indicators.map((i) => [i.id, i]));
  const facts: SightingFact[] = [];
  for (const s of rows.sightings) {
    const indicator = byId.get(s.indicator_id);
    if (indicator) facts.push({ type: indicator.type, value: indicator.value, role: s.role });
  }
  return encodeLinkKeys(candidateKeysOf(facts));
}

/** Flattens a chunk of reports into table rows, deduplicating indicators within the chunk. */
export function toRows(
  reports: readonly NewReport[],
  isKnown: (indicatorId: string) => boolean = () => false,
): ReportRows {
  const seen = new Set<string>();
  const rows: ReportRows = {
    reports: [],
    recipients: [],
    groups: [],
    indicators: [],
    sightings: [],
    holderRanges: [],
  };
  for (const report of reports) {
    rows.reports.push({ ...report.row, link_keys: linkKeysText(report.rows) });
    for (const indicator of report.rows.indicators) {
      // Rows for indicators the store already holds would only be ignored on insert.
      if (seen.has(indicator.id)) continue;
      seen.add(indicator.id);
      if (!isKnown(indicator.id)) rows.indicators.push(indicator);
    }
    for (const sighting of report.rows.sightings) rows.sightings.push(sighting);
    for (const org of report.recipients) rows.recipients.push({ report_id: report.row.id, org_id: org });
    for (const group of report.sharingGroups) rows.groups.push({ report_id: report.row.id, group_id: group });
  }
  // One global order for shared rows: concurrent writers (other nodes, other clients) then wait for
  // each other on PostgreSQL instead of deadlocking.
  rows.indicators.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  rows.holderRanges = holderRangesOf(rows.reports, rows.sightings);
  return rows;
}

/** Every new report waits for correlation with its candidate keys (see src/correlation). */
export function queueRowsOf(
  reports: readonly KobanDatabase['reports'][],
): KobanDatabase['correlation_queue'][] {
  return reports.map((r) => ({
    report_id: r.id,
    at: r.observed_at ?? r.created_at,
    link_keys: r.link_keys ?? null,
  }));
}

/** Writes report rows inside the caller's transaction. Engines may provide a faster implementation. */
export interface ReportWriter {
  write(trx: Transaction<KobanDatabase>, rows: ReportRows): Promise<void>;
  /** Called after the transaction that wrote `rows` committed. */
  committed?(rows: ReportRows): void;
  /** True when the indicator is certainly stored already (its row can be skipped). */
  isKnown?(indicatorId: string): boolean;
}

/** Portable writer: multi-row INSERTs through Kysely (used on PostgreSQL). */
export class KyselyReportWriter implements ReportWriter {
  async write(trx: Transaction<KobanDatabase>, rows: ReportRows): Promise<void> {
    await insertChunked(trx, 'reports', rows.reports);
    await insertChunked(trx, 'correlation_queue', queueRowsOf(rows.reports));
    await insertChunked(trx, 'report_recipients', rows.recipients);
    await insertChunked(trx, 'report_sharing_groups', rows.groups);
    // Indicators are immutable facts keyed by their canonical value, so concurrent writers can race safely.
    await insertChunked(trx, 'indicators', rows.indicators, ['id']);
    await insertChunked(trx, 'sightings', rows.sightings);
    await mergeHolderRanges(trx, rows.holderRanges);
  }
}

/** Widens each indicator's stored first/last holder (rows sorted by id: one lock order on PostgreSQL). */
async function mergeHolderRanges(trx: Db, ranges: ReportRows['holderRanges']): Promise<void> {
  const size = Math.floor(MAX_PARAMS / 9);
  const set = Object.fromEntries(Object.entries(HOLDER_RANGE_MERGE).map(([c, e]) => [c, sql.raw(e)]));
  for (let i = 0; i < ranges.length; i += size) {
    await trx
      .insertInto('indicator_holder_range')
      .values(ranges.slice(i, i + size))
      .onConflict((oc) =>
        oc
          .column('indicator_id')
          .doUpdateSet(set as never)
          .where(sql<boolean>`${sql.raw(HOLDER_RANGE_WIDENS)}`),
      )
      .execute();
  }
}

export async function findByExternalIds(
  db: Db,
  orgId: string,
  externalIds: readonly string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < externalIds.length; i += 1000) {
    const rows = await db
      .selectFrom('reports')
      .select(['id', 'external_id'])
      .where('org_id', '=', orgId)
      .where('external_id', 'in', externalIds.slice(i, i + 1000))
      .execute();
    for (const r of rows) if (r.external_id) found.set(r.external_id, r.id);
  }
  return found;
}

export interface StoredSighting {
  type: string;
  value: string;
  role: string;
}

export async function sightingsOfReports(
  db: Db,
  reportIds: readonly string[],
): Promise<Map<string, StoredSighting[]>> {
  const byReport = new Map<string, StoredSighting[]>();
  if (reportIds.length === 0) return byReport;
  const rows = await db
    .selectFrom('sightings as s')
    .innerJoin('indicators as i', 'i.id', 's.indicator_id')
    .select(['s.report_id', 'i.type', 'i.value', 's.role'])
    .where('s.report_id', 'in', reportIds)
    .execute();
  for (const r of rows) {
    let list = byReport.get(r.report_id);
    if (!list) {
      list = [];
      byReport.set(r.report_id, list);
    }
    list.push({ type: r.type, value: r.value, role: r.role });
  }
  return byReport;
}

export async function audienceOfReports(
  db: Db,
  reportIds: readonly string[],
): Promise<{ recipients: Map<string, string[]>; groups: Map<string, string[]> }> {
  const recipients = new Map<string, string[]>();
  const groups = new Map<string, string[]>();
  if (reportIds.length === 0) return { recipients, groups };
  const [rr, rg] = await Promise.all([
    db.selectFrom('report_recipients').selectAll().where('report_id', 'in', reportIds).execute(),
    db.selectFrom('report_sharing_groups').selectAll().where('report_id', 'in', reportIds).execute(),
  ]);
  for (const r of rr) recipients.set(r.report_id, [...(recipients.get(r.report_id) ?? []), r.org_id]);
  for (const g of rg) groups.set(g.report_id, [...(groups.get(g.report_id) ?? []), g.group_id]);
  return { recipients, groups };
}
