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
