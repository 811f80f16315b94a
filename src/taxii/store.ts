import { sql } from 'kysely';
import type { AuditLog } from '../audit/store.js';
import type { Principal } from '../auth/service.js';
import { inChunks } from '../core/chunks.js';
import { indicatorId } from '../core/ids.js';
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
    while (out.length < wanted && !exhausted) {
      const batchSize = Math.min(MAX_REPORTS_PER_QUERY, wanted - out.length + 1);
      const { entries, last, full } = await this.readBatch(
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
  ): Promise<{ entries: Entry[]; last: { at: string; report: string } | undefined; full: boolean }> {
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
    const [audience, sightings] = await Promise.all([
      audienceOfReports(db, ids),
      sightingRecords(this.database, ids),
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
      const extremes = await this.observableExtremes(principal, scope, observables, filter.version);
      const dropped = new Set(
        observables.filter((e) => compareKeys(extremes.get(String(e.object.id))!, e.key) !== 0),
      );
      return { entries: entries.filter((e) => !dropped.has(e)), last, full: rows.length === size };
    }
    return { entries, last, full: rows.length === size };
  }

  /**
   * Observables are the only objects several reports share (their id is their value), so they are
   * the only ones with several versions: one per report holding them, dated by that report. For
   * `first`/`last` this finds, per observable, the earliest or latest holder the caller may see in
   * the collection (hidden holders never count, so they cannot hide or move a visible version).
   * Fast path: the overall earliest/latest holder (`indicator_holder_range`, kept on write); when the
   * caller may see it in this collection it is the answer. Only indicators whose overall extreme is
   * hidden from the caller walk their holders.
   */
  private async observableExtremes(
    principal: Principal,
    scope: CollectionScope,
    observables: readonly Entry[],
    which: 'first' | 'last',
  ): Promise<Map<string, EntryKey>> {
    const { db } = this.database;
    const byIndicator = new Map<string, string>();
    for (const e of observables) byIndicator.set(indicatorIdOf(e), String(e.object.id));
    const best = new Map<string, EntryKey>();
    const overall = new Map<string, { at: string; report: string }>();
    for (const part of inChunks([...byIndicator.keys()])) {
      const rows = await db
        .selectFrom('indicator_holder_range')
        .selectAll()
        .where('indicator_id', 'in', part)
        .execute();
      for (const r of rows)
        overall.set(
          r.indicator_id,
          which === 'last'
            ? { at: r.last_at, report: r.last_report }
            : { at: r.first_at, report: r.first_report },
        );
    }
    // Entries on this page are visible in scope already: an overall extreme among them needs no check.
    const onPage = new Set(observables.map((e) => e.key.report));
    const toCheck = new Set<string>();
    for (const extreme of overall.values()) if (!onPage.has(extreme.report)) toCheck.add(extreme.report);
    const visible = new Set<string>();
    for (const part of inChunks([...toCheck])) {
      const rows = await db
        .selectFrom('reports as r')
        .select('r.id')
        .where('r.id', 'in', part)
        .where(scopeFilter(principal.viewer, scope))
        .execute();
      for (const r of rows) visible.add(r.id);
    }
    const walk: string[] = [];
    for (const [indicator, objectId] of byIndicator) {
      const extreme = overall.get(indicator);
      if (extreme && (onPage.has(extreme.report) || visible.has(extreme.report)))
        best.set(objectId, { ...extreme, ord: 0 });
      else walk.push(indicator);
    }
    for (const part of inChunks(walk)) {
      const rows = await db
        .selectFrom('sightings as s')
        .innerJoin('reports as r', 'r.id', 's.report_id')
        .select(['s.indicator_id', 'r.id', 'r.created_at'])
        .where('s.indicator_id', 'in', part)
        .where(scopeFilter(principal.viewer, scope))
        .execute();
      for (const row of rows) {
        const objectId = byIndicator.get(row.indicator_id)!;
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

function indicatorIdOf(e: Entry): string {
  if (e.indicatorKey !== undefined) return indicatorId(e.indicatorKey);
  throw new Error('observable entry without its indicator key');
}

/** Filters that depend on the entry alone (not on other versions of the same object). */
function matchesStatic(e: Entry, filter: EntryFilter): boolean {
  if (filter.types && !filter.types.has(e.object.type)) return false;
  if (filter.ids && !filter.ids.has(e.object.id)) return false;
  if (filter.version instanceof Set) return filter.version.has(e.version);
  return true;
}

/** The sightings of each report, with their indicators' canonical type and value. */
export async function sightingRecords(database: Database, reportIds: readonly string[]) {
  const byReport = new Map<string, SightingRecord[]>();
  if (reportIds.length === 0) return byReport;
  const rows = await database.db
    .selectFrom('sightings as s')
    .innerJoin('indicators as i', 'i.id', 's.indicator_id')
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
  }
  return byReport;
}
