import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { createIdGenerator } from '../core/ids.js';
import { configureSqlite } from '../db/database.js';
import type { KobanDatabase } from '../db/schema.js';
import type { WorkerAnswer } from '../db/worker-client.js';
import {
  type InfrastructureKeys,
  isFlaggedValue,
  loadInfrastructureKeys,
  readInfrastructureVersion,
} from '../infrastructure/linking.js';
import { type BenignTest, buildBenignTest } from '../warninglists/benign.js';
import { loadEnabledLists, readVersion } from '../warninglists/store.js';
import type { CorrelationOptions } from './batch.js';
import { SqliteCorrelationStore } from './sqlite-store.js';

/**
 * The SQLite correlation worker: a connection of its own on the data file, so correlating a batch
 * (index lookups and B-tree inserts) never blocks the server thread. One request = one batch.
 * Functions cannot cross the thread boundary, so the worker builds the benign-value test itself
 * from the store — warninglists and flagged crime infrastructure — and reloads each part whenever
 * its change counter moves (checked before every batch: two one-row reads).
 */
export interface BatchRequest {
  id: number;
  limit: number;
}

export type BatchResponse = WorkerAnswer<number>;

export interface CorrelationWorkerData {
  file: string;
  options: Omit<CorrelationOptions, 'isBenign'>;
}

const port = parentPort;
if (!port) throw new Error('correlation-worker must run as a worker thread');

const data = workerData as CorrelationWorkerData;
const sqlite = new SQLite(data.file);
// Postings and campaign lookups are random-key index walks over tables that outgrow any cache: a
// large page cache and fewer, larger checkpoints (each rewrites every page dirtied since the last)
// measured 6.8k → 12.9k reports/s at 1M reports (bench/RESULTS.md).
configureSqlite(sqlite, 1024);
sqlite.pragma('wal_autocheckpoint = 10000');
const db = new Kysely<KobanDatabase>({ dialect: new SqliteDialect({ database: sqlite }) });
let benign: { test: BenignTest; version: number } | null = null;
let infrastructure: InfrastructureKeys | null = null;
/** Same test as the server thread's (container.ts): warninglisted OR flagged crime infrastructure. */
const isNonLinking = (type: string, value: string): boolean =>
  (benign?.test(type, value) ?? false) ||
  (infrastructure !== null && isFlaggedValue(infrastructure.keys, type, value));
const store = new SqliteCorrelationStore(
  sqlite,
  createIdGenerator(),
  () => new Date(),
  () => ({ ...data.options, isBenign: isNonLinking }),
);

async function refreshWarninglists(): Promise<void> {
  const version = await readVersion(db);
  if (benign && benign.version === version) return;
  const { lists, version: loaded } = await loadEnabledLists(db);
  benign = { test: buildBenignTest(lists), version: loaded };
}

async function refreshInfrastructure(): Promise<void> {
  const version = await readInfrastructureVersion(db);
  if (infrastructure && infrastructure.version === version) return;
  infrastructure = await loadInfrastructureKeys({ db });
}

port.on('message', async (request: BatchRequest) => {
  try {
    await refreshWarninglists();
    await refreshInfrastructure();
    port.postMessage({ id: request.id, result: store.runBatch(request.limit) } satisfies BatchResponse);
  } catch (error) {
    port.postMessage({
      id: request.id,
      error: { message: (error as Error).message },
    } satisfies BatchResponse);
  }
});
