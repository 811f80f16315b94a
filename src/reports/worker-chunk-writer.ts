import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WorkerClient } from '../db/worker-client.js';
import type { Actor, ChunkItem, ChunkOutcome, ChunkWriter } from './chunk.js';
import type { WriteRequest } from './sqlite-intake-worker.js';

const WORKER_URL = new URL('./sqlite-intake-worker.js', import.meta.url);

/** The worker runs compiled JavaScript; from TypeScript sources (tests) the in-thread writer is used. */
export function intakeWorkerAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

/** Sends chunks to the SQLite intake worker (see WorkerClient for its lifecycle). */
export class WorkerChunkWriter implements ChunkWriter {
  private readonly client: WorkerClient<Omit<WriteRequest, 'id'>, ChunkOutcome>;

  constructor(
    file: string,
    private readonly now: () => Date,
  ) {
    this.client = new WorkerClient(WORKER_URL, { file }, 'intake worker', 384);
  }

  write(actor: Actor, items: readonly ChunkItem[]): Promise<ChunkOutcome> {
    // Only what the worker needs crosses the thread boundary (structured cloning is paid per byte).
    const slim = items.map(({ index, externalId, report }) => ({ index, externalId, report }));
    return this.client.request({ actor, items: slim, at: this.now().toISOString() });
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
