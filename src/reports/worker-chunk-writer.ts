import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Actor, ChunkItem, ChunkOutcome, ChunkWriter } from './chunk.js';
import type { WriteRequest, WriteResponse } from './sqlite-intake-worker.js';

const WORKER_URL = new URL('./sqlite-intake-worker.js', import.meta.url);

/** The worker runs compiled JavaScript; from TypeScript sources (tests) the in-thread writer is used. */
export function intakeWorkerAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

interface Pending {
  resolve: (outcome: ChunkOutcome) => void;
  reject: (error: Error) => void;
}

/** Sends chunks to the SQLite intake worker; a crashed worker fails its pending chunks and is restarted on the next one. */
export class WorkerChunkWriter implements ChunkWriter {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly file: string,
    private readonly now: () => Date,
  ) {}

  write(actor: Actor, items: readonly ChunkItem[]): Promise<ChunkOutcome> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    // Only what the worker needs crosses the thread boundary (structured cloning is paid per byte).
    const slim = items.map(({ index, externalId, report }) => ({ index, externalId, report }));
    const request: WriteRequest = { id, actor, items: slim, at: this.now().toISOString() };
    return new Promise<ChunkOutcome>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Keep the process alive while a chunk is in flight, and only then.
      worker.ref();
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    // A bounded heap makes the worker collect its per-chunk garbage early instead of growing.
    const worker = new Worker(WORKER_URL, {
      workerData: { file: this.file },
      resourceLimits: { maxOldGenerationSizeMb: 384 },
    });
    worker.on('message', (response: WriteResponse) => {
      const waiting = this.pending.get(response.id);
      if (!waiting) return;
      this.pending.delete(response.id);
      if (this.pending.size === 0) worker.unref();
      if ('outcome' in response) waiting.resolve(response.outcome);
      else waiting.reject(Object.assign(new Error(response.error.message), { code: response.error.code }));
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, waiting] of this.pending) {
        this.pending.delete(id);
        waiting.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`intake worker exited with code ${code}`)));
    // An idle worker must not keep the process alive (CLI commands exit when their work is done).
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
