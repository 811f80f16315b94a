/**
 * Sliding windows inside an entity's segments (see `segments.ts`). A window is 60 time buckets of
 * `window / 60` each; only non-empty buckets are stored, so a key that saw two events costs two
 * entries, not sixty. Reads and same-bucket updates are O(1) amortised and in place; a new or late
 * bucket rebuilds the entity array (bounded by the buckets kept).
 *
 * - events (count and sum together): `[bucket, count, sum, …]`, buckets ascending;
 * - distinct, exact while small: `[valueHash, lastBucket, …]` — each value's 52-bit hash with the
 *   last bucket it was seen in (a collision among a key's ≤ 64 values has odds of about 1 in 2^41,
 *   and a hash costs no string per value). Beyond the cap the key switches to a `DistinctSketch`
 *   for as long as it has buckets — only heavy keys (a SIM farm's device, a mule's bank account)
 *   pay for it. A distinct count reads values seen from the window's first bucket on.
 */
import { dataLength, type Entity, segmentAt, segmentData, withSegment } from './segments.js';

export const BUCKETS_PER_WINDOW = 60;

/** Events in buckets `[low, high]` of the segment at `p`; `field` 1 = count, 2 = sum. */
export function readEventsAt(entity: Entity, p: number, low: number, high: number, field: 1 | 2): number {
  let total = 0;
  for (let i = p + dataLength(entity, p) - 2; i > p; i -= 3) {
    const bucket = entity[i]!;
    if (bucket < low) break;
    if (bucket <= high) total += entity[i + field]!;
  }
  return total;
}

/** Adds one event to `bucket` and drops buckets below `low` (no query can reach them any more). */
export function addEvent(
  entity: Entity,
  segment: number,
  bucket: number,
  amount: number,
  low: number,
): Entity {
  const p = segmentAt(entity, segment);
  const length = dataLength(entity, p);
  for (let i = p + length - 2; i > p; i -= 3) {
    const b = entity[i]!;
    if (b === bucket) {
      entity[i + 1]! += 1;
      entity[i + 2]! += amount;
      return entity[p + 1]! < low
        ? withSegment(entity, segment, pruned(segmentData(entity, segment), low, 3))
        : entity;
    }
    if (b < bucket) break;
  }
  const data = segmentData(entity, segment);
  let at = data.length;
  while (at >= 3 && data[at - 3]! > bucket) at -= 3;
  data.splice(at, 0, bucket, 1, amount);
  return withSegment(entity, segment, pruned(data, low, 3));
}

/** `data` without the leading records (of `stride` numbers) whose bucket is below `low`. */
function pruned(data: number[], low: number, stride: number): number[] {
  let drop = 0;
  while (drop < data.length && data[drop]! < low) drop += stride;
  return drop === 0 ? data : data.slice(drop);
}

/** Distinct values seen from bucket `low` on in the exact segment at `p`, counting `extra` too. */
export function countDistinctAt(entity: Entity, p: number, low: number, extra: number | undefined): number {
  let total = 0;
  let extraSeen = extra === undefined;
  const end = p + dataLength(entity, p);
  for (let i = p + 1; i < end; i += 2) {
    if (entity[i + 1]! >= low) {
      total += 1;
      if (!extraSeen && entity[i] === extra) extraSeen = true;
    }
  }
  return extraSeen ? total : total + 1;
}

/**
 * Records `hash` at `bucket` in an exact distinct segment. Returns the (possibly new) entity, or
 * the segment's values when they would exceed `cap` even after dropping those below `low` — the
 * caller then moves the key to a sketch.
 */
export function addDistinct(
  entity: Entity,
  segment: number,
  hash: number,
  bucket: number,
  cap: number,
  low: number,
): Entity | { overflow: number[] } {
  const p = segmentAt(entity, segment);
  const end = p + dataLength(entity, p);
  for (let i = p + 1; i < end; i += 2) {
    if (entity[i] === hash) {
      if (entity[i + 1]! < bucket) entity[i + 1] = bucket;
      return entity;
    }
  }
  let data = segmentData(entity, segment);
  if (data.length >= 2 * cap) {
    const kept: number[] = [];
    for (let i = 0; i < data.length; i += 2) if (data[i + 1]! >= low) kept.push(data[i]!, data[i + 1]!);
    if (kept.length >= 2 * cap) return { overflow: data };
    data = kept;
  }
  data.push(hash, bucket);
  return withSegment(entity, segment, data);
}

/** Bits per bucket sketch: linear counting stays within a few % up to ~2,000 distinct values. */
const SKETCH_BITS = 1024;
const SKETCH_WORDS = SKETCH_BITS / 32;

/**
 * Per-bucket 1,024-bit linear-counting bitmaps of value hashes. The union over the current window
 * is cached (a heavy key is read on every one of its events, and the window start moves only once
 * per bucket), so a read is O(1) instead of O(buckets × words).
 */
export class DistinctSketch {
  readonly buckets = new Map<number, Uint32Array>();
  private unionLow = Number.NaN;
  private union: Uint32Array | undefined = undefined;
  private unionZeros = 0;

  static fromExact(data: readonly number[]): DistinctSketch {
    const sketch = new DistinctSketch();
    for (let i = 0; i < data.length; i += 2) sketch.add(data[i]!, data[i + 1]!);
    return sketch;
  }

  add(hash: number, bucket: number): void {
    let bits = this.buckets.get(bucket);
    if (!bits) {
      bits = new Uint32Array(SKETCH_WORDS);
      this.buckets.set(bucket, bits);
    }
    const bit = hash % SKETCH_BITS;
    bits[bit >>> 5]! |= 1 << (bit & 31);
    if (this.union && bucket >= this.unionLow && (this.union[bit >>> 5]! & (1 << (bit & 31))) === 0) {
      this.union[bit >>> 5]! |= 1 << (bit & 31);
      this.unionZeros -= 1;
    }
  }

  count(low: number, extra: number | undefined): number {
    if (!this.union || low !== this.unionLow) this.rebuildUnion(low);
    let zeros = this.unionZeros;
    if (extra !== undefined) {
      const bit = extra % SKETCH_BITS;
      if ((this.union![bit >>> 5]! & (1 << (bit & 31))) === 0) zeros -= 1;
    }
    // A full bitmap means "at least this many": report the estimate for a single zero bit.
    return Math.round(-SKETCH_BITS * Math.log(Math.max(zeros, 1) / SKETCH_BITS)) + 0;
  }

  /** Drops buckets below `low`; true when nothing is left. */
  prune(low: number): boolean {
    for (const bucket of this.buckets.keys()) if (bucket < low) this.buckets.delete(bucket);
    this.union = undefined;
    return this.buckets.size === 0;
  }

  private rebuildUnion(low: number): void {
    const union = this.union ?? new Uint32Array(SKETCH_WORDS);
    union.fill(0);
    for (const [bucket, bits] of this.buckets) {
      if (bucket >= low) for (let w = 0; w < SKETCH_WORDS; w++) union[w]! |= bits[w]!;
    }
    let zeros = 0;
    for (let w = 0; w < SKETCH_WORDS; w++) zeros += 32 - popcount(union[w]!);
    this.union = union;
    this.unionLow = low;
    this.unionZeros = zeros;
  }
}

/** Two independent 32-bit hashes combined into 52 bits: exact as a double, collisions negligible. */
export function hash52(text: string): number {
  return (hash32(text, 0x811c9dc5) & 0xfffff) * 4294967296 + hash32(text, 0x9747b28c);
}

/** FNV-1a over UTF-16 code units from `seed`, finished with a multiply-xorshift to mix low bits. */
export function hash32(text: string, seed: number): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
