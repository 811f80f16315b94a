/**
 * A memo of a pure function's answers, bounded by starting over when full: on the check hot path a
 * campaign's links and senders are back after one miss, so a cleared table costs little and needs
 * no eviction bookkeeping. Answers are shared between callers and must be treated as immutable.
 */
export class BoundedMemo<K, V> {
  private readonly table = new Map<K, V>();

  constructor(readonly maxEntries: number) {}

  /** `compute(key)`, remembered. */
  get(key: K, compute: (key: K) => V): V {
    let v = this.table.get(key);
    if (v === undefined) {
      if (this.table.size >= this.maxEntries) this.table.clear();
      v = compute(key);
      this.table.set(key, v);
    }
    return v;
  }

  get size(): number {
    return this.table.size;
  }
}
