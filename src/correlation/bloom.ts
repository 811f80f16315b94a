import { createHash } from 'node:crypto';

/**
 * A Bloom filter over linking keys that hold postings: most keys a batch meets were never seen
 * (a fresh URL, a fresh address), and "certainly never seen" saves an index probe per key.
 * False positives only cost that probe; there are no false negatives.
 */
export class KeyBloom {
  private bits: Uint32Array;
  private readonly hashes = 7;
  private added = 0;

  constructor(private capacity: number) {
    this.bits = new Uint32Array(KeyBloom.wordsFor(capacity));
  }

  /** ~10 bits per key: about 1 % false positives at capacity. */
  private static wordsFor(capacity: number): number {
    return Math.max(1024, Math.ceil((capacity * 10) / 32));
  }

  /** True when the key may hold postings; false when it certainly does not. */
  mayContain(key: string): boolean {
    const [a, b] = this.seeds(key);
    const size = this.bits.length * 32;
    for (let i = 0; i < this.hashes; i++) {
      const bit = (a + i * b) % size;
      if (((this.bits[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  add(key: string): void {
    const [a, b] = this.seeds(key);
    const size = this.bits.length * 32;
    for (let i = 0; i < this.hashes; i++) {
      const bit = (a + i * b) % size;
      this.bits[bit >>> 5] = (this.bits[bit >>> 5] ?? 0) | (1 << (bit & 31));
    }
    this.added++;
  }

  /** Past capacity the false-positive rate climbs: the owner rebuilds from the store with more room. */
  get full(): boolean {
    return this.added > this.capacity;
  }

  reset(capacity: number): void {
    this.capacity = capacity;
    this.bits = new Uint32Array(KeyBloom.wordsFor(capacity));
    this.added = 0;
  }

  private seeds(key: string): [number, number] {
    // Double hashing from one digest (Kirsch–Mitzenmacher); md5 is fast and only needs to spread.
    const d = createHash('md5').update(key).digest();
    return [d.readUInt32LE(0), (d.readUInt32LE(4) | 1) >>> 0];
  }
}
