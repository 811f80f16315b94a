import type { Bus } from '../bus/bus.js';
import { CoalescedRun } from '../core/coalesced-run.js';
import type { Database } from '../db/database.js';
import { CORRELATION_BATCH, type CorrelationOptions } from './batch.js';
import { KyselyCorrelationStore } from './kysely-store.js';
import { SqliteCorrelationStore } from './sqlite-store.js';
import { correlationWorkerAvailable, WorkerCorrelationStore } from './worker-store.js';

/** One batch at a time, whichever store does it. */
export interface CorrelationStore {
  /** Reports per batch (default CORRELATION_BATCH). */
  readonly batchSize?: number;
  runBatch(limit?: number): Promise<number> | number;
  close?(): Promise<void>;
}

export interface ProcessorOptions extends CorrelationOptions {
  now?: () => Date;
  /** SQLite files: correlate on a worker thread (default: when the compiled worker exists). */
  worker?: boolean;
  onError?: (error: unknown) => void;
}

/**
 * SQLite files correlate on a worker thread with its own connection (the server thread keeps
 * answering); in-memory SQLite (tests, one connection) on the server thread with the same prepared
 * statements; PostgreSQL through Kysely.
 */
function chooseStore(database: Database, newId: () => string, options: ProcessorOptions): CorrelationStore {
  const now = options.now ?? (() => new Date());
  const current = () => options;
  if (database.file && (options.worker ?? correlationWorkerAvailable()))
    return new WorkerCorrelationStore(database.file, {
      ...(options.cap ? { cap: options.cap } : {}),
      ...(options.ipWindowMs ? { ipWindowMs: options.ipWindowMs } : {}),
    });
  if (database.sqlite) return new SqliteCorrelationStore(database.sqlite, newId, now, current);
  return new KyselyCorrelationStore(database, newId, now, current);
}

/**
 * Correlates stored reports incrementally (ADR 0005): picks up reports not yet correlated, in id
 * order, and updates postings, over-correlating keys and campaigns in one transaction per batch.
 * Durable by construction — the work queue is the `correlation_queue` table, filled by intake in the
 * same transaction as the report — so a crash only delays it.
 */
export class CorrelationProcessor {
  private readonly draining = new CoalescedRun(
    () => this.drainOnce(),
    (a, b) => a + b,
  );
  private timer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly store: CorrelationStore;

  constructor(
    database: Database,
    newId: () => string,
    private readonly options: ProcessorOptions = {},
  ) {
    this.store = chooseStore(database, newId, options);
  }

  /** Runs after every intake and every few seconds (reports written by other processes). */
  start(bus: Bus, pollMs = 2_000): void {
    this.unsubscribe = bus.subscribe('report.created', () => {
      void this.drain().catch((e) => this.options.onError?.(e));
    });
    this.timer = setInterval(() => void this.drain().catch((e) => this.options.onError?.(e)), pollMs);
    this.timer.unref();
    void this.drain().catch((e) => this.options.onError?.(e));
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    await this.draining.settled();
    await this.store.close?.();
  }

  /** Correlates everything pending; concurrent calls share one run. Returns reports processed. */
  drain(): Promise<number> {
    return this.draining.run();
  }

  private async drainOnce(): Promise<number> {
    const batch = this.store.batchSize ?? CORRELATION_BATCH;
    let total = 0;
    for (;;) {
      const n = await this.store.runBatch(batch);
      total += n;
      if (n < batch) return total;
      // Let requests in between batches when correlating on this thread.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}
