import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { chainRows } from '../audit/chain.js';
import { configureSqlite } from '../db/database.js';
import type { WorkerAnswer } from '../db/worker-client.js';
import {
  type Actor,
  type ChunkItem,
  type ChunkOutcome,
  decideChunk,
  externalIdsOf,
  recipientsOf,
  reportAuditEvent,
} from './chunk.js';
import { SqliteReportWriter } from './sqlite-writer.js';
import { toRows } from './store.js';

/**
 * The SQLite intake worker: owns a second connection to the data file and writes chunks there, so
 * the server thread keeps validating the next chunk and answering reads while SQLite does the
 * B-tree work. Each chunk is one IMMEDIATE transaction with its audit entries, as on the main path.
 */
export interface WriteRequest {
  id: number;
  actor: Actor;
  items: ChunkItem[];
  at: string;
}

export type WriteResponse = WorkerAnswer<ChunkOutcome>;

const port = parentPort;
if (!port) throw new Error('sqlite-intake-worker must run as a worker thread');

const sqlite = new SQLite((workerData as { file: string }).file);
// The writer walks the random-key indexes: it gets the larger page cache.
configureSqlite(sqlite, 128);
const rowWriter = new SqliteReportWriter(sqlite);
const selectExisting = sqlite.prepare(
  'select id, external_id from reports where org_id = ? and external_id in (select value from json_each(?))',
);
const selectOrgs = sqlite.prepare(
  'select id from organizations where id in (select value from json_each(?))',
);
const selectGroups = sqlite.prepare('select group_id from sharing_group_members where org_id = ?');
const selectHead = sqlite.prepare('select seq, hash from audit_log order by seq desc limit 1');
const insertAudit = sqlite.prepare(
  `insert into audit_log (seq, at, org_id, key_id, action, target_type, target_id, details, prev_hash, hash)
   values (@seq, @at, @org_id, @key_id, @action, @target_type, @target_id, @details, @prev_hash, @hash)`,
);

const writeChunk = sqlite.transaction((request: WriteRequest) => {
  const { actor, items, at } = request;
  const existing = new Map<string, string>();
  for (const row of selectExisting.all(actor.orgId, JSON.stringify(externalIdsOf(items))) as {
    id: string;
    external_id: string;
  }[]) {
    existing.set(row.external_id, row.id);
  }
  const knownOrgs = new Set(
    (selectOrgs.all(JSON.stringify(recipientsOf(items))) as { id: string }[]).map((r) => r.id),
  );
  const memberOf = new Set((selectGroups.all(actor.orgId) as { group_id: string }[]).map((r) => r.group_id));
  const decision = decideChunk(items, existing, { knownOrgs, memberOf });
  const rows = toRows(
    decision.write.map((item) => item.report),
    (id) => rowWriter.isKnown(id),
  );
  rowWriter.writeRows(rows);
  const head = selectHead.get() as { seq: number; hash: string } | undefined;
  const events = decision.write.map((item) => reportAuditEvent(actor, item.report));
  for (const row of chainRows(head, events, at)) insertAudit.run(row);
  return { decision, rows };
});

port.on('message', (request: WriteRequest) => {
  let response: WriteResponse;
  try {
    const { decision, rows } = writeChunk.immediate(request);
    rowWriter.committed(rows);
    response = {
      id: request.id,
      result: { created: decision.created, duplicates: decision.duplicates, invalid: decision.invalid },
    };
  } catch (error) {
    const e = error as { message?: string; code?: string };
    response = {
      id: request.id,
      error: { message: e.message ?? String(error), ...(e.code ? { code: e.code } : {}) },
    };
  }
  port.postMessage(response);
});
