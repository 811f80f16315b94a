import { Worker } from 'node:worker_threads';

/** What every worker answer carries: the request id, and either a result or an error. */
export type WorkerAnswer<R> =
  | { id: number; result: R }
  | { id: number; error: { message: string; code?: string } };

interface Pending<R> {
  resolve: (result: R) => void;
  reject: (error: Error) => void;
}

/**
 * Request/response over a worker thread that owns its own SQLite connection (intake, correlation).
 * The worker starts on first use; a crash fails the requests in flight and the next request starts a
 * fresh worker; an idle worker never keeps the process alive (CLI commands exit when done).
 */
export class WorkerClient<Q extends object, R> {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending<R>>();
  private nextId = 1;

  constructor(
    private readonly url: URL,
    private readonly workerData: unknown,
    private readonly name: string,
    /** A bounded heap makes the worker collect its per-request garbage early instead of growing. */
    private readonly maxOldGenerationSizeMb: number,
    /** A larger young generation lets per-batch garbage die young instead of being promoted. */
    private readonly maxYoungGenerationSizeMb?: number,
  ) {}

  request(body: Q): Promise<R> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<R>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Keep the process alive while a request is in flight, and only then.
      worker.ref();
      worker.postMessage({ ...body, id });
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.url, {
      workerData: this.workerData,
      resourceLimits: {
        maxOldGenerationSizeMb: this.maxOldGenerationSizeMb,
        ...(this.maxYoungGenerationSizeMb ? { maxYoungGenerationSizeMb: this.maxYoungGenerationSizeMb } : {}),
      },
    });
    worker.on('message', (answer: WorkerAnswer<R>) => {
      const waiting = this.pending.get(answer.id);
      if (!waiting) return;
      this.pending.delete(answer.id);
      if (this.pending.size === 0) worker.unref();
      if ('result' in answer) waiting.resolve(answer.result);
      else waiting.reject(Object.assign(new Error(answer.error.message), { code: answer.error.code }));
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, waiting] of this.pending) {
        this.pending.delete(id);
        waiting.reject(error);
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`${this.name} exited with code ${code}`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
