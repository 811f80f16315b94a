import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createIdGenerator } from '../core/ids.js';
import { configureSqlite } from '../db/database.js';
import type { KobanDatabase } from '../db/schema.js';
import { type BenignTest, buildBenignTest } from '../warninglists/benign.js';
import { loadEnabledLists, readVersion } from '../warninglists/store.js';
import type { CorrelationOptions } from './batch.js';
import { SqliteCorrelationStore } from './sqlite-store.js';

/**
 * The SQLite correlation worker: a connection of its own on the data file, so correlating a batch
 * (index lookups and B-tree inserts) never blocks the server thread. One request = one batch.
 * Functions cannot cross the thread boundary, so the worker builds the warninglist test itself from
 * the store and rebuilds it whenever the lists' change counter moves.
 */
export interface BatchRequest {
  id: number;
  limit: number;
}

export type BatchResponse = { id: number; processed: number } | { id: number; error: { message: string } };

export interface CorrelationWorkerData {
  file: string;
  options: Omit<CorrelationOptions, 'isBenign'>;
}

const port = parentPort;
if (!port) throw new Error('correlation-worker must run as a worker thread');

const data = workerData as CorrelationWorkerData;
const sqlite = new SQLite(data.file);
// Postings and campaign lookups are random-key index walks: a larger page cache pays off here.
configureSqlite(sqlite, 256);
const db = new Kysely<KobanDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
let benign: { test: BenignTest; version: number } | null = null;
const store = new SqliteCorrelationStore(
  sqlite,
  createIdGenerator(),
  () => new Date(),
  () => (benign ? { ...data.options, isBenign: benign.test } : data.options),
);

async function refreshWarninglists(): Promise<void> {
  const version = await readVersion(db);
  if (benign && benign.version === version) return;
  const { lists, version: loaded } = await loadEnabledLists(db);
  benign = { test: buildBenignTest(lists), version: loaded };
}

port.on('message', async (request: BatchRequest) => {
  try {
    await refreshWarninglists();
    port.postMessage({ id: request.id, processed: store.runBatch(request.limit) } satisfies BatchResponse);
  } catch (error) {
    port.postMessage({
      id: request.id,
      error: { message: (error as Error).message },
    } satisfies BatchResponse);
  }
});
