/**
 * Durable record of every decision, written by group commit: events decided in the same turn of
 * the event loop share one transaction (event rows, the cases they open and the notices they
 * queue), and each request is answered once its transaction committed. This keeps the journal
 * the single source of truth (idempotency, replay after a restart, case files, the outbox) at
 * thousands of events per second on embedded SQLite.
 */
import type SQLite from 'better-sqlite3';
import type { Kysely, Transaction } from 'kysely';
import type { FraudEvent, FraudVerdict } from '../core/fraud/index.js';
import type { KobanDatabase } from '../db/schema.js';
import type { ShadowVerdict } from './engine.js';

export interface CaseRow {
  id: string;
  decision: string;
  score: number;
}

export interface NoticeRow {
  id: string;
  kind: 'account_link' | 'hold' | 'deny';
  channel: 'webhook' | 'email';
  target: string;
  payload: string;
}

export interface JournalEntry {
  orgId: string;
  seq: number;
  receivedAt: string;
  appliedNow: number;
  event: FraudEvent;
  verdict: FraudVerdict;
  shadow: ShadowVerdict[];
  caseRow?: CaseRow;
  notices: NoticeRow[];
}

interface Pending {
  entry: JournalEntry;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Rows per multi-row INSERT (15 columns: well under SQLite's and PostgreSQL's parameter limits). */
const ROWS_PER_INSERT = 200;

export class FraudJournal {
  private queue: Pending[] = [];
  private timer: NodeJS.Immediate | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly statements: SqliteStatements | undefined;

  constructor(
    private readonly db: Kysely<KobanDatabase>,
    private readonly options: {
      maxBatch?: number;
      sqlite?: SQLite.Database | undefined;
    } = {},
  ) {
    this.statements = options.sqlite ? prepareStatements(options.sqlite) : undefined;
  }

  private write(trx: Transaction<KobanDatabase>, entries: JournalEntry[]): Promise<void> {
    if (this.statements) {
      writeBatchSqlite(this.statements, entries);
      return Promise.resolve();
    }
    return writeBatch(trx, entries);
  }

  /**
   * Resolves when the entry is committed. The commit runs once the event loop has taken every
   * request that already arrived (setImmediate): under load, requests queue while a commit runs, so
   * batches grow by themselves; when idle, an event waits for no timer.
   */
  append(entry: JournalEntry): Promise<void> {
    return new Promise((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (this.queue.length === 1 || this.queue.length >= (this.options.maxBatch ?? 1_000)) this.schedule();
    });
  }

  /** Commits whatever is queued (tests, shutdown). */
  async flush(): Promise<void> {
    if (this.timer) clearImmediate(this.timer);
    this.timer = undefined;
    await this.drain();
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setImmediate(() => {
      this.timer = undefined;
      void this.drain();
    });
  }

  /** One transaction at a time, in arrival order, so `seq` order is commit order. */
  private drain(): Promise<void> {
    this.writing = this.writing.then(async () => {
      const batch = this.queue;
      if (batch.length === 0) return;
      this.queue = [];
      try {
        await this.db.transaction().execute((trx) =>
          this.write(
            trx,
            batch.map((p) => p.entry),
          ),
        );
        for (const p of batch) p.resolve();
      } catch {
        // One bad entry must not fail the others: retry each alone and fail only those that fail.
        for (const p of batch) {
          try {
            await this.db.transaction().execute((trx) => this.write(trx, [p.entry]));
            p.resolve();
          } catch (error) {
            p.reject(error);
          }
        }
      }
    });
    return this.writing;
  }
}

async function insertChunked<T>(rows: T[], insert: (part: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) await insert(rows.slice(i, i + ROWS_PER_INSERT));
}

function eventRow(e: JournalEntry) {
  return {
    org_id: e.orgId,
    event_id: e.event.id,
    seq: e.seq,
    received_at: e.receivedAt,
    applied_now: e.appliedNow,
    occurred_at: new Date(e.event.occurredAt).toISOString(),
    type: e.event.type,
    account_id: e.event.accountId,
    event: JSON.stringify(e.event),
    decision: e.verdict.decision,
    score: e.verdict.score,
    verdict: JSON.stringify(e.verdict),
    shadow: e.shadow.length > 0 ? JSON.stringify(e.shadow) : null,
    label: null,
  };
}

function caseRows(e: JournalEntry) {
  if (!e.caseRow) return [];
  return [
    {
      id: e.caseRow.id,
      org_id: e.orgId,
      event_id: e.event.id,
      account_id: e.event.accountId,
      decision: e.caseRow.decision,
      score: e.caseRow.score,
      status: 'open',
      opened_at: e.receivedAt,
      decided_at: null,
      decided_by: null,
      note: null,
      shared_report_id: null,
    },
  ];
}

function noticeRows(e: JournalEntry) {
  return e.notices.map((n) => ({
    id: n.id,
    org_id: e.orgId,
    event_id: e.event.id,
    kind: n.kind,
    channel: n.channel,
    target: n.target,
    payload: n.payload,
    status: 'pending',
    attempts: 0,
    next_attempt_at: e.receivedAt,
    last_error: null,
    created_at: e.receivedAt,
    sent_at: null,
  }));
}

async function writeBatch(trx: Transaction<KobanDatabase>, entries: JournalEntry[]): Promise<void> {
  await insertChunked(entries.map(eventRow), (part) => trx.insertInto('fraud_events').values(part).execute());
  await insertChunked(entries.flatMap(caseRows), (part) =>
    trx.insertInto('fraud_cases').values(part).execute(),
  );
  await insertChunked(entries.flatMap(noticeRows), (part) =>
    trx.insertInto('fraud_outbox').values(part).execute(),
  );
}

interface SqliteStatements {
  event: SQLite.Statement;
  caseRow: SQLite.Statement;
  notice: SQLite.Statement;
}

function insertSql(table: string, columns: readonly string[]): string {
  return `insert into ${table} (${columns.join(', ')}) values (${columns.map((c) => `@${c}`).join(', ')})`;
}

/**
 * Embedded SQLite: prepared statements run on the connection Kysely's transaction holds (one
 * `run` per row instead of planning a multi-row statement per batch). Safe because better-sqlite3
 * is synchronous and Kysely serializes use of its single connection.
 */
function prepareStatements(sqlite: SQLite.Database): SqliteStatements {
  const sample: JournalEntry = {
    orgId: '',
    seq: 0,
    receivedAt: '',
    appliedNow: 0,
    event: { id: '', type: '', occurredAt: 0, accountId: '' },
    verdict: { decision: 'allow', score: 0, reasons: [], ruleSetId: '', ruleSetVersion: '', eventId: '' },
    shadow: [],
    caseRow: { id: '', decision: '', score: 0 },
    notices: [{ id: '', kind: 'hold', channel: 'webhook', target: '', payload: '' }],
  };
  return {
    event: sqlite.prepare(insertSql('fraud_events', Object.keys(eventRow(sample)))),
    caseRow: sqlite.prepare(insertSql('fraud_cases', Object.keys(caseRows(sample)[0] ?? {}))),
    notice: sqlite.prepare(insertSql('fraud_outbox', Object.keys(noticeRows(sample)[0] ?? {}))),
  };
}

function writeBatchSqlite(st: SqliteStatements, entries: JournalEntry[]): void {
  for (const e of entries) {
    st.event.run(eventRow(e));
    for (const c of caseRows(e)) st.caseRow.run(c);
    for (const n of noticeRows(e)) st.notice.run(n);
  }
}
