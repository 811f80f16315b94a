import type SQLite from 'better-sqlite3';
import type { Transaction } from 'kysely';
import type { KobanDatabase } from '../db/schema.js';
import { HOLDER_RANGE_COLUMNS, HOLDER_RANGE_MERGE, HOLDER_RANGE_WIDENS } from './holder-range.js';
import type { ReportRows, ReportWriter } from './store.js';

/**
 * SQLite bulk path: reuses prepared statements on the connection Kysely's transaction holds, so a
 * chunk costs one `run` per row instead of parsing and planning a large multi-row statement.
 * Safe because better-sqlite3 is synchronous and Kysely serializes use of its single connection.
 */
export class SqliteReportWriter implements ReportWriter {
  /**
   * Indicator ids known to be committed. Skipping their insert saves a random index descent per
   * repeated indicator (about half of them in real feeds). Ids enter only after commit, and the
   * set is dropped wholesale when full, so it can never claim a row that does not exist.
   */
  private known = new Set<string>();
  private readonly knownLimit: number;

  private readonly insertReport: SQLite.Statement;
  private readonly insertRecipient: SQLite.Statement;
  private readonly insertGroup: SQLite.Statement;
  private readonly insertIndicator: SQLite.Statement;
  private readonly insertSighting: SQLite.Statement;
  private readonly enqueue: SQLite.Statement;
  private readonly mergeRange: SQLite.Statement;

  constructor(sqlite: SQLite.Database, knownLimit = 500_000) {
    this.knownLimit = knownLimit;
    this.insertReport = sqlite.prepare(
      `insert into reports (id, org_id, kind, tlp, pap, sensitivity, restricted, title, description, details, external_id, observed_at, created_at, created_by_key, link_keys)
       values (@id, @org_id, @kind, @tlp, @pap, @sensitivity, @restricted, @title, @description, @details, @external_id, @observed_at, @created_at, @created_by_key, @link_keys)`,
    );
    this.insertRecipient = sqlite.prepare('insert into report_recipients (report_id, org_id) values (?, ?)');
    this.insertGroup = sqlite.prepare(
      'insert into report_sharing_groups (report_id, group_id) values (?, ?)',
    );
    this.insertIndicator = sqlite.prepare(
      'insert into indicators (id, type, value, attributes) values (?, ?, ?, ?) on conflict (id) do nothing',
    );
    this.insertSighting = sqlite.prepare(
      'insert into sightings (indicator_id, report_id, role, observed_at) values (?, ?, ?, ?)',
    );
    this.mergeRange = sqlite.prepare(
      `insert into indicator_holder_range (${HOLDER_RANGE_COLUMNS.join(', ')})
       values (${HOLDER_RANGE_COLUMNS.map((c) => `@${c}`).join(', ')})
       on conflict (indicator_id) do update set
         ${Object.entries(HOLDER_RANGE_MERGE)
           .map(([c, e]) => `${c} = ${e}`)
           .join(', ')}
       where ${HOLDER_RANGE_WIDENS}`,
    );
    this.enqueue = sqlite.prepare(
      'insert into correlation_queue (report_id, at, link_keys) values (?, ?, ?)',
    );
  }

  async write(_trx: Transaction<KobanDatabase>, rows: ReportRows): Promise<void> {
    this.writeRows(rows);
  }

  /** Synchronous form for callers that own the transaction on this connection (the intake worker). */
  writeRows(rows: ReportRows): void {
    for (const r of rows.reports) {
      this.insertReport.run({ ...r, link_keys: r.link_keys ?? null });
      this.enqueue.run(r.id, r.observed_at ?? r.created_at, r.link_keys ?? null);
    }
    for (const r of rows.recipients) this.insertRecipient.run(r.report_id, r.org_id);
    for (const g of rows.groups) this.insertGroup.run(g.report_id, g.group_id);
    for (const i of rows.indicators) this.insertIndicator.run(i.id, i.type, i.value, i.attributes);
    for (const s of rows.sightings)
      this.insertSighting.run(s.indicator_id, s.report_id, s.role, s.observed_at);
    for (const r of rows.holderRanges) this.mergeRange.run(r);
  }

  isKnown(indicatorId: string): boolean {
    return this.known.has(indicatorId);
  }

  committed(rows: ReportRows): void {
    if (this.known.size + rows.indicators.length > this.knownLimit) this.known = new Set();
    for (const i of rows.indicators) this.known.add(i.id);
  }
}
