import { sql } from 'kysely';
import type { AuditLog } from '../audit/store.js';
import type { Principal } from '../auth/service.js';
import type { Database } from '../db/database.js';
import { markingOf } from '../reports/reads.js';
import { audienceOfReports } from '../reports/store.js';
import { isAuditedRead } from '../sharing/policy.js';
import { type CollectionScope, inScope, scopeFilter } from './scopes.js';
import {
  compareKeys,
  type Entry,
  type EntryKey,
  entriesOfReport,
  markingEntries,
  type SightingRecord,
} from './stix-objects.js';
import { extremeVersions, type HolderRange, rangeOf } from './versions.js';

/** TAXII `match[version]`: `last` (the default), `first`, `all`, or specific versions. */
export type VersionFilter = 'last' | 'first' | 'all' | ReadonlySet<string>;

export interface EntryFilter {
  ids?: ReadonlySet<string>;
  types?: ReadonlySet<string>;
  version: VersionFilter;
  /** False when `match[spec_version]` names no version Koban serves (only 2.1): nothing matches. */
  specVersionMatches: boolean;
  /** Exclusive lower bound on date_added (ISO-8601 UTC). */
  addedAfter?: string;
}

export interface EntryPage {
  entries: Entry[];
  more: boolean;
}

/** Reports read per query while filling a page; every report yields at least one object. */
const MAX_REPORTS_PER_QUERY = 2_000;

/**
 * Reads collection contents as a stream of object versions in (date_added, report id, position)
 * order, by keyset over the `reports (created_at, id)` index: no OFFSET, one index seek per query,
 * and objects sharing one timestamp still have a total order, so cursors never skip or repeat.
 */
export class TaxiiStore {
  constructor(
    private readonly database: Database,
    private readonly audit: AuditLog,
  ) {}

  async page(
    principal: Principal,
    scope: CollectionScope,
    filter: EntryFilter,
    after: EntryKey | undefined,
    limit: number,
  ): Promise<EntryPage> {
    const out: Entry[] = [];
    if (!filter.specVersionMatches) return { entries: out, more: false };
    const wanted = limit + 1;
    const isAfter = (key: EntryKey) => after === undefined || compareKeys(key, after) > 0;
    const passesAdded = (key: EntryKey) => filter.addedAfter === undefined || key.at > filter.addedAfter;
    const preamble = markingEntries().filter(
      (e) => isAfter(e.key) && passesAdded(e.key) && matchesStatic(e, filter),
    );
    const audited = new Set<string>();
    // The first query resumes inside the cursor's report (>=); later ones start after the last report read.
    let from =
      after && after.report !== '' ? { at: after.at, report: after.report, inclusive: true } : undefined;
    let exhausted = false;
    // Objects per report seen so far: sizes the next query so that filters that drop objects
    // (`last`, `match[type]`) do not read far past the page, only to serve those reports again next page.
    let readReports = 0;
    let readEntries = 0;
    while (out.length < wanted && !exhausted) {
      const perReport = readReports > 0 ? Math.max(readEntries / readReports, 0.01) : 1;
      const batchSize = Math.min(MAX_REPORTS_PER_QUERY, Math.ceil((wanted - out.length) / perReport) + 1);
      const { entries, last, full, rows } = await this.readBatch(
        principal,
        scope,
        filter,
        from,
        batchSize,
        audited,
      );
      for (const entry of entries) {
        if (!isAfter(entry.key)) continue;
        while (preamble.length > 0 && compareKeys(preamble[0]!.key, entry.key) < 0)
          out.push(preamble.shift()!);
        out.push(entry);
      }
      exhausted = !full;
      readReports += rows;
      readEntries += entries.length;
      if (last) from = { ...last, inclusive: false };
    }
    if (exhausted) out.push(...preamble);
    const entries = out.slice(0, limit);
    this.auditReads(principal, entries, audited);
    return { entries, more: out.length > limit };
  }

  private async readBatch(
    principal: Principal,
    scope: CollectionScope,
    filter: EntryFilter,
    from: { at: string; report: string; inclusive: boolean } | undefined,
    size: number,
    audited: Set<string>,
  ): Promise<{
    entries: Entry[];
    last: { at: string; report: string } | undefined;
    full: boolean;
    rows: number;
  }> {
    const { db } = this.database;
    const viewer = principal.viewer;
    let q = db
      .selectFrom('reports as r')
      .select(['r.id', 'r.org_id', 'r.kind', 'r.tlp', 'r.sensitivity', 'r.title', 'r.description'])
      .select(['r.observed_at', 'r.created_at'])
      .where(scopeFilter(viewer, scope));
    if (from?.inclusive) q = q.where(sql<boolean>`(r.created_at, r.id) >= (${from.at}, ${from.report})`);
    else if (from) q = q.where(sql<boolean>`(r.created_at, r.id) > (${from.at}, ${from.report})`);
    if (filter.addedAfter) q = q.where('r.created_at', '>', filter.addedAfter);
    const rows = await q.orderBy('r.created_at').orderBy('r.id').limit(size).execute();
    const lastRow = rows.at(-1);
    const last = lastRow ? { at: lastRow.created_at, report: lastRow.id } : undefined;
    const ids = rows.map((r) => r.id);
    const extremesWanted = filter.version === 'first' || filter.version === 'last';
    const ranges = new Map<string, HolderRange>();
    const [audience, sightings] = await Promise.all([
      audienceOfReports(db, ids),
      sightingRecords(this.database, ids, extremesWanted ? ranges : undefined),
    ]);
    const entries: Entry[] = [];
    const observables: Entry[] = [];
    for (const row of rows) {
      const marking = markingOf(
        row,
        audience.recipients.get(row.id) ?? [],
        audience.groups.get(row.id) ?? [],
      );
      // Defence in depth: the SQL filter and the policy must agree; an object never relies on one alone.
      if (!inScope(viewer, scope, marking)) continue;
      const report = {
        id: row.id,
        orgId: row.org_id,
        kind: row.kind,
        tlp: row.tlp,
        title: row.title,
        description: row.description,
        observedAt: row.observed_at,
        createdAt: row.created_at,
      };
      let kept = false;
      for (const entry of entriesOfReport(report, sightings.get(row.id) ?? [])) {
        if (!matchesStatic(entry, filter)) continue;
        kept = true;
        entries.push(entry);
        if (isObservable(entry)) observables.push(entry);
      }
      if (kept && isAuditedRead(marking)) audited.add(row.id);
    }
    if (observables.length > 0 && (filter.version === 'first' || filter.version === 'last')) {
      const extremes = await extremeVersions(this.database, principal, scope, {
        observables,
        which: filter.version,
        ranges,
      });
      const dropped = new Set(
        observables.filter((e) => compareKeys(extremes.get(String(e.object.id))!, e.key) !== 0),
      );
      const kept = entries.filter((e) => !dropped.has(e));
      return { entries: kept, last, full: rows.length === size, rows: rows.length };
    }
    return { entries, last, full: rows.length === size, rows: rows.length };
  }

  private auditReads(principal: Principal, entries: readonly Entry[], audited: ReadonlySet<string>): void {
    const served = new Set(entries.map((e) => e.key.report));
    const reportIds = [...audited].filter((id) => served.has(id));
    if (reportIds.length === 0) return;
    this.audit.appendRead([
      {
        orgId: principal.orgId,
        keyId: principal.keyId,
        action: 'taxii.read',
        targetType: 'report',
        targetId: null,
        details: { reportIds },
      },
    ]);
  }
}

const isObservable = (e: Entry) => e.key.report !== '' && e.key.ord > 0 && e.key.ord % 2 === 0;

/** Filters that depend on the entry alone (not on other versions of the same object). */
function matchesStatic(e: Entry, filter: EntryFilter): boolean {
  if (filter.types && !filter.types.has(e.object.type)) return false;
  if (filter.ids && !filter.ids.has(e.object.id)) return false;
  if (filter.version instanceof Set) return filter.version.has(e.version);
  return true;
}

/**
 * The sightings of each report, with their indicators' canonical type and value; with `ranges`, also
 * each indicator's overall first and last holder (`indicator_holder_range`), read in the same query.
 */
export async function sightingRecords(
  database: Database,
  reportIds: readonly string[],
  ranges?: Map<string, HolderRange>,
) {
  const byReport = new Map<string, SightingRecord[]>();
  if (reportIds.length === 0) return byReport;
  const rows = await database.db
    .selectFrom('sightings as s')
    .innerJoin('indicators as i', 'i.id', 's.indicator_id')
    .$if(ranges !== undefined, (q) =>
      q
        .leftJoin('indicator_holder_range as h', 'h.indicator_id', 's.indicator_id')
        .select([
          'h.first_at',
          'h.first_report',
          'h.first_org',
          'h.first_open',
          'h.last_at',
          'h.last_report',
          'h.last_org',
          'h.last_open',
        ]),
    )
    .select(['s.report_id', 'i.type', 'i.value', 's.role', 's.observed_at'])
    .where('s.report_id', 'in', reportIds)
    .execute();
  for (const r of rows) {
    let list = byReport.get(r.report_id);
    if (!list) {
      list = [];
      byReport.set(r.report_id, list);
    }
    list.push({ type: r.type, value: r.value, role: r.role, observedAt: r.observed_at });
    if (ranges && r.first_report && r.last_report) ranges.set(`${r.type}:${r.value}`, rangeOf(r));
  }
  return byReport;
}
