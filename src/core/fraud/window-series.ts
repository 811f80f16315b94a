/**
 * Sliding-window storage for one (aggregate, key) pair. A window is 60 time buckets of
 * `window / 60` each; only non-empty buckets are stored, so a key that saw two events costs two
 * entries, not sixty. Reads and in-order appends are O(1) amortised; a late event walks back to
 * its bucket (bounded by the buckets kept).
 */

export const BUCKETS_PER_WINDOW = 60;

/** Count and sum share one series: `[bucket, count, sum, bucket, count, sum, …]`, buckets ascending. */
export type EventSeries = number[];

export function addToEvents(series: EventSeries, bucket: number, amount: number): void {
  let i = series.length - 3;
  while (i >= 0 && series[i]! > bucket) i -= 3;
  if (i >= 0 && series[i] === bucket) {
    series[i + 1]! += 1;
    series[i + 2]! += amount;
    return;
  }
  if (i === series.length - 3) series.push(bucket, 1, amount);
  else series.splice(i + 3, 0, bucket, 1, amount);
}

/** Drops buckets no query can reach any more (`bucket < low`). */
export function pruneEvents(series: EventSeries, low: number): void {
  let drop = 0;
  while (drop < series.length && series[drop]! < low) drop += 3;
  if (drop > 0) series.splice(0, drop);
}

/** Events in buckets `[low, high]`; `field` 1 = count, 2 = sum. */
export function readEvents(series: EventSeries, low: number, high: number, field: 1 | 2): number {
  let total = 0;
  for (let i = series.length - 3; i >= 0; i -= 3) {
    const bucket = series[i]!;
    if (bucket < low) break;
    if (bucket <= high) total += series[i + field]!;
  }
  return total;
}

/** Bits per bucket sketch: linear counting stays within a few % up to ~2,000 distinct values. */
const SKETCH_BITS = 1024;
const SKETCH_WORDS = SKETCH_BITS / 32;

/**
 * Distinct values per key: exact (each value with the last bucket it was seen in) up to `cap`
 * values, then a per-bucket 1,024-bit linear-counting sketch for the rest of the key's life —
 * only heavy keys (a SIM farm's device, a mule's bank account) pay for it. A distinct count reads
 * values seen from the window's first bucket on.
 */
export class DistinctSeries {
  values: string[] = [];
  lastBuckets: number[] = [];
  sketches: Map<number, Uint32Array> | undefined = undefined;

  add(value: string, bucket: number, cap: number): void {
    if (this.sketches) {
      this.setSketchBit(value, bucket);
      return;
    }
    const i = this.values.indexOf(value);
    if (i >= 0) {
      if (this.lastBuckets[i]! < bucket) this.lastBuckets[i] = bucket;
      return;
    }
    if (this.values.length < cap) {
      this.values.push(value);
      this.lastBuckets.push(bucket);
      return;
    }
    this.sketches = new Map();
    for (let j = 0; j < this.values.length; j++) this.setSketchBit(this.values[j]!, this.lastBuckets[j]!);
    this.values = [];
    this.lastBuckets = [];
    this.setSketchBit(value, bucket);
  }

  prune(low: number): void {
    if (this.sketches) {
      for (const bucket of this.sketches.keys()) if (bucket < low) this.sketches.delete(bucket);
      if (this.sketches.size === 0) this.sketches = undefined;
      return;
    }
    let kept = 0;
    for (let i = 0; i < this.values.length; i++) {
      if (this.lastBuckets[i]! >= low) {
        this.values[kept] = this.values[i]!;
        this.lastBuckets[kept] = this.lastBuckets[i]!;
        kept += 1;
      }
    }
    this.values.length = kept;
    this.lastBuckets.length = kept;
  }

  /** Distinct values seen from bucket `low` on, counting `extra` (the event being evaluated) too. */
  count(low: number, extra: string | undefined): number {
    if (this.sketches) return this.estimate(low, extra);
    let total = 0;
    let extraSeen = extra === undefined;
    for (let i = 0; i < this.values.length; i++) {
      if (this.lastBuckets[i]! >= low) {
        total += 1;
        if (!extraSeen && this.values[i] === extra) extraSeen = true;
      }
    }
    return extraSeen ? total : total + 1;
  }

  isApproximate(): boolean {
    return this.sketches !== undefined;
  }

  private setSketchBit(value: string, bucket: number): void {
    let sketch = this.sketches!.get(bucket);
    if (!sketch) {
      sketch = new Uint32Array(SKETCH_WORDS);
      this.sketches!.set(bucket, sketch);
    }
    const bit = hash32(value) & (SKETCH_BITS - 1);
    sketch[bit >>> 5]! |= 1 << (bit & 31);
  }

  private estimate(low: number, extra: string | undefined): number {
    const union = new Uint32Array(SKETCH_WORDS);
    for (const [bucket, sketch] of this.sketches!) {
      if (bucket >= low) for (let w = 0; w < SKETCH_WORDS; w++) union[w]! |= sketch[w]!;
    }
    if (extra !== undefined) {
      const bit = hash32(extra) & (SKETCH_BITS - 1);
      union[bit >>> 5]! |= 1 << (bit & 31);
    }
    let zeros = 0;
    for (let w = 0; w < SKETCH_WORDS; w++) zeros += 32 - popcount(union[w]!);
    // A full bitmap means "at least this many": report the estimate for a single zero bit.
    return Math.round(-SKETCH_BITS * Math.log(Math.max(zeros, 1) / SKETCH_BITS));
  }
}

/** FNV-1a over UTF-16 code units, finished with a multiply-xorshift so low bits are well mixed. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
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
