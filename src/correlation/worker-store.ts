import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { CorrelationOptions } from './batch.js';
import type { BatchRequest, BatchResponse, CorrelationWorkerData } from './correlation-worker.js';

const WORKER_URL = new URL('./correlation-worker.js', import.meta.url);

/** The worker runs compiled JavaScript; from TypeScript sources (tests) the in-thread store is used. */
export function correlationWorkerAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

interface Pending {
  resolve: (processed: number) => void;
  reject: (error: Error) => void;
}

/** Sends batches to the correlation worker; a crashed worker fails its pending batch and restarts on the next. */
export class WorkerCorrelationStore {
  /** Off the server thread, larger batches: fewer commits, each amortizing its dirty pages over more reports. */
  readonly batchSize = 10_000;
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(
    private readonly file: string,
    private readonly options: Omit<CorrelationOptions, 'isBenign'>,
  ) {}

  runBatch(limit: number): Promise<number> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<number>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, limit } satisfies BatchRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const data: CorrelationWorkerData = { file: this.file, options: this.options };
    const worker = new Worker(WORKER_URL, {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    worker.on('message', (response: BatchResponse) => {
      const waiting = this.pending.get(response.id);
      if (!waiting) return;
      this.pending.delete(response.id);
      if (this.pending.size === 0) worker.unref();
      if ('processed' in response) waiting.resolve(response.processed);
      else waiting.reject(new Error(response.error.message));
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, waiting] of this.pending) {
        this.pending.delete(id);
        waiting.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`correlation worker exited with code ${code}`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
