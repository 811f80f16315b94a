/**
 * A Bloom filter over linking keys that hold postings: most keys a batch meets were never seen
 * (a fresh URL, a fresh address), and "certainly never seen" saves an index probe per key.
 * False positives only cost that probe; there are no false negatives.
 */
export class KeyBloom {
  private bits: Uint32Array;
  private readonly hashes = 7;
  private added = 0;
  private h1 = 0;
  private h2 = 1;

  constructor(private capacity: number) {
    this.bits = new Uint32Array(KeyBloom.wordsFor(capacity));
  }

  /** ~10 bits per key: about 1 % false positives at capacity. */
  private static wordsFor(capacity: number): number {
    return Math.max(1024, Math.ceil((capacity * 10) / 32));
  }

  /** True when the key may hold postings; false when it certainly does not. */
  mayContain(key: string): boolean {
    this.seed(key);
    const size = this.bits.length * 32;
    for (let i = 0; i < this.hashes; i++) {
      const bit = (this.h1 + i * this.h2) % size;
      if (((this.bits[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0) return false;
    }
    return true;
  }

  add(key: string): void {
    this.seed(key);
    const size = this.bits.length * 32;
    for (let i = 0; i < this.hashes; i++) {
      const bit = (this.h1 + i * this.h2) % size;
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

  /**
   * Two independent 32-bit hashes of the key (FNV-1a and a multiplicative variant) for double hashing
   * (Kirsch–Mitzenmacher), in plain arithmetic: no allocation per key, unlike a crypto digest.
   */
  private seed(key: string): void {
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    h1 ^= h1 >>> 16;
    h1 = Math.imul(h1, 0x85ebca6b);
    h1 ^= h1 >>> 13;
    this.h1 = h1 >>> 0;
    this.h2 = (h2 | 1) >>> 0;
  }
}
