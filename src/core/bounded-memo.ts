/**
 * A memo of a pure function's answers, bounded by starting over when full: on the check hot path a
 * campaign's links and senders are back after one miss, so a cleared table costs little and needs
 * no eviction bookkeeping. Answers are shared between callers and must be treated as immutable.
 *
 * With an admission test, a key is remembered only when the test says so (see SecondSight): a key
 * that never comes back (a URL sent once) is computed and not kept. Keeping such answers made every
 * young-generation collection copy and promote them; on traffic where each link is new that
 * doubled the cost of a check.
 */
export class BoundedMemo<K, V> {
  private readonly table = new Map<K, V>();

  constructor(
    readonly maxEntries: number,
    private readonly admit?: (key: K) => boolean,
  ) {}

  /** `compute(key)`, remembered. */
  get(key: K, compute: (key: K) => V): V {
    let v = this.table.get(key);
    if (v === undefined) {
      v = compute(key);
      if (this.admit !== undefined && !this.admit(key)) return v;
      if (this.table.size >= this.maxEntries) this.table.clear();
      this.table.set(key, v);
    }
    return v;
  }

  get size(): number {
    return this.table.size;
  }
}

/**
 * Admits a key on its second sighting: 32-bit fingerprints in a typed table (nothing for the
 * garbage collector to trace), each key with two candidate slots so that two keys sharing a slot
 * do not keep evicting each other. An overwritten fingerprint only delays admission; a fingerprint
 * collision admits a key one sighting early. Either way the memo's answers stay exact; only what
 * is kept changes. Several memos share one table, each with a salt.
 */
export class SecondSight {
  private readonly fingerprints: Uint32Array;
  private readonly mask: number;

  /** `capacity`: about how many distinct keys in flight it should tell apart (rounded up to 2^k). */
  constructor(capacity: number) {
    let size = 1024;
    while (size < capacity && size < 1 << 22) size <<= 1;
    this.fingerprints = new Uint32Array(size);
    this.mask = size - 1;
  }

  /** True when `key` (with this salt) was offered before; otherwise remembers it and says false. */
  seenBefore(key: string, salt: number): boolean {
    // The length and at most 32 characters from each end: URL keys are long and differ at the
    // ends (host, last path segment); a collision only admits a key one sighting early.
    const n = key.length;
    let h = Math.imul(0x811c9dc5 ^ salt, 0x01000193) ^ n;
    if (n <= 64) for (let i = 0; i < n; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    else {
      for (let i = 0; i < 32; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
      for (let i = n - 32; i < n; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    }
    // Fingerprint 0 marks an empty slot; the slots come from mixed bits, the check from all 32.
    const fingerprint = (h | 1) >>> 0;
    const mixed = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    const a = (mixed >>> 8) & this.mask;
    const b = (Math.imul(mixed ^ (mixed >>> 13), 0x297a2d39) >>> 8) & this.mask;
    const t = this.fingerprints;
    if (t[a] === fingerprint || t[b] === fingerprint) return true;
    // An empty slot first; otherwise one of the two, chosen by the fingerprint (no age to go by).
    if (t[a] === 0) t[a] = fingerprint;
    else if (t[b] === 0 || (fingerprint & 2) === 0) t[b] = fingerprint;
    else t[a] = fingerprint;
    return false;
  }

  /** An admission test for one memo: its own salt over the shared table. */
  admission(salt: number): (key: string) => boolean {
    return (key) => this.seenBefore(key, salt);
  }
}
