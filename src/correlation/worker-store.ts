import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WorkerClient } from '../db/worker-client.js';
import type { CorrelationOptions } from './batch.js';
import type { BatchRequest, CorrelationWorkerData } from './correlation-worker.js';

const WORKER_URL = new URL('./correlation-worker.js', import.meta.url);

/** The worker runs compiled JavaScript; from TypeScript sources (tests) the in-thread store is used. */
export function correlationWorkerAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

/** Sends batches to the correlation worker (see WorkerClient for its lifecycle). */
export class WorkerCorrelationStore {
  /** Off the server thread, larger batches: fewer commits, each amortizing its dirty pages over more reports. */
  readonly batchSize = 10_000;
  private readonly client: WorkerClient<Omit<BatchRequest, 'id'>, number>;

  constructor(file: string, options: Omit<CorrelationOptions, 'isBenign'>) {
    const data: CorrelationWorkerData = { file, options };
    this.client = new WorkerClient(WORKER_URL, data, 'correlation worker', 512);
  }

  runBatch(limit: number): Promise<number> {
    return this.client.request({ limit });
  }

  close(): Promise<void> {
    return this.client.close();
  }
}
