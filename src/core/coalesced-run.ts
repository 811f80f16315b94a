/**
 * Background work that callers may trigger at any time (drain the queue, reload a list): concurrent
 * callers share the run in progress, and a call that arrives during a run makes it do one more pass
 * before it settles — so nothing requested is missed and passes never overlap.
 */
export class CoalescedRun<T> {
  private current: Promise<T> | null = null;
  private again = false;

  constructor(
    private readonly pass: () => Promise<T>,
    /** Folds the result of a further pass into the run's result. */
    private readonly combine: (total: T, next: T) => T,
  ) {}

  run(): Promise<T> {
    if (this.current) {
      this.again = true;
      return this.current;
    }
    this.current = (async () => {
      this.again = false;
      let total: T = await this.pass();
      while (this.again) {
        this.again = false;
        total = this.combine(total, await this.pass());
      }
      return total;
    })().finally(() => {
      this.current = null;
    });
    return this.current;
  }

  /** Resolves once the run in progress (if any) has finished, whatever its outcome. */
  async settled(): Promise<void> {
    await this.current?.catch(() => undefined);
  }
}

/**
 * An in-memory copy of stored state, reloaded when the store changed: `pass` checks a change counter
 * and reloads (true when it did). Refreshed on demand (after own writes) and every `pollMs` (writes
 * of other processes and nodes); passes never overlap.
 */
export class PolledRefresh {
  private readonly runs: CoalescedRun<boolean>;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    pass: () => Promise<boolean>,
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.runs = new CoalescedRun(pass, (a, b) => a || b);
  }

  /** Loads once before returning (so nothing runs without the state), then polls. */
  async start(pollMs: number): Promise<void> {
    await this.refresh();
    this.timer ??= setInterval(() => void this.refresh().catch(this.onError), pollMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.runs.settled();
  }

  refresh(): Promise<boolean> {
    return this.runs.run();
  }
}
