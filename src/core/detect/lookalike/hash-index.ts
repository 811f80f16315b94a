/**
 * Read-only multimap from 32-bit hashes to small integer lists, in flat typed arrays. The
 * symmetric-deletion index holds ~100 keys per brand and is probed ~70 times per host name, almost
 * always for an absent key: a JS Map answers that with several dependent memory loads per probe,
 * this table with one cache line (open addressing, linear probing) after a bit filter that fits in
 * the L2 cache.
 */

const FILTER_BITS = 21;

/** Spreads the weak low bits of a polynomial hash. */
function mix(h: number): number {
  const x = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return x ^ (x >>> 15);
}

export class HashMultiIndex {
  private readonly filter = new Uint32Array((1 << FILTER_BITS) >>> 5);
  private readonly mask: number;
  private readonly keys: Int32Array;
  /** Slot → its list is values[starts[slot], ends[slot]); start -1 marks an empty slot. */
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly values: Int32Array;

  constructor(lists: ReadonlyMap<number, readonly number[]>) {
    let size = 16;
    while (size < lists.size * 2) size *= 2;
    this.mask = size - 1;
    this.keys = new Int32Array(size);
    this.starts = new Int32Array(size).fill(-1);
    this.ends = new Int32Array(size);
    let total = 0;
    for (const v of lists.values()) total += v.length;
    this.values = new Int32Array(total);
    let at = 0;
    for (const [key, list] of lists) {
      const m = mix(key);
      const bit = m >>> (32 - FILTER_BITS);
      this.filter[bit >>> 5] = (this.filter[bit >>> 5] as number) | (1 << (bit & 31));
      let slot = m & this.mask;
      while ((this.starts[slot] as number) >= 0) slot = (slot + 1) & this.mask;
      this.keys[slot] = key;
      this.starts[slot] = at;
      for (const v of list) this.values[at++] = v;
      this.ends[slot] = at;
    }
  }

  /**
   * Calls `visit` with every value stored under `key`. A callback rather than a returned list keeps
   * the probe allocation-free.
   */
  forEach(key: number, visit: (value: number) => void): void {
    const m = mix(key);
    const bit = m >>> (32 - FILTER_BITS);
    if (((this.filter[bit >>> 5] as number) & (1 << (bit & 31))) === 0) return;
    for (let slot = m & this.mask; ; slot = (slot + 1) & this.mask) {
      const start = this.starts[slot] as number;
      if (start < 0) return;
      if (this.keys[slot] === key) {
        const end = this.ends[slot] as number;
        for (let i = start; i < end; i++) visit(this.values[i] as number);
        return;
      }
    }
  }
}
