/**
 * Sliding-window storage for one (aggregate, key) pair. A window is 60 time buckets of
 * `window / 60` each; only non-empty buckets are stored, so a key that saw two events costs two
 * entries, not sixty. Reads and same-bucket updates are O(1) amortised; a late event walks back to
 * its bucket (bounded by the buckets kept).
 *
 * Memory matters more than anything here (a million accounts, each with several series): arrays
 * are always allocated at their exact length — `push` would leave 17 slots of slack on every
 * small array — so functions that grow or shrink a series return the new array.
 */

export const BUCKETS_PER_WINDOW = 60;

/** Count and sum share one series: `[bucket, count, sum, bucket, count, sum, …]`, buckets ascending. */
export type EventSeries = number[];

export function addToEvents(series: EventSeries | undefined, bucket: number, amount: number): EventSeries {
  if (!series) return [bucket, 1, amount];
  let i = series.length - 3;
  while (i >= 0 && series[i]! > bucket) i -= 3;
  if (i >= 0 && series[i] === bucket) {
    series[i + 1]! += 1;
    series[i + 2]! += amount;
    return series;
  }
  return insertAt(series, i + 3, bucket, 1, amount);
}

function insertAt(series: number[], at: number, a: number, b: number, c: number): number[] {
  const next = new Array<number>(series.length + 3);
  for (let j = 0; j < at; j++) next[j] = series[j]!;
  next[at] = a;
  next[at + 1] = b;
  next[at + 2] = c;
  for (let j = at; j < series.length; j++) next[j + 3] = series[j]!;
  return next;
}

/** Drops buckets no query can reach any more (`bucket < low`). */
export function pruneEvents(series: EventSeries, low: number): EventSeries {
  let drop = 0;
  while (drop < series.length && series[drop]! < low) drop += 3;
  return drop === 0 ? series : series.slice(drop);
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
 * Distinct values per key, exact while small: `[valueHash, lastBucket, …]` (each value's 52-bit
 * hash with the last bucket it was seen in; a collision among a key's ≤ 64 values has odds of
 * about 1 in 2^41, and a hash costs no string per value). Beyond `cap` values the key switches to a
 * `DistinctSketch` for the rest of its life — only heavy keys (a SIM farm's device, a mule's bank
 * account) pay for it. A distinct count reads values seen from the window's first bucket on.
 */
export type ExactDistinct = number[];
export type DistinctSeries = ExactDistinct | DistinctSketch;

/** Per-bucket 1,024-bit linear-counting bitmaps. */
export class DistinctSketch {
  readonly buckets = new Map<number, Uint32Array>();

  add(hash: number, bucket: number): void {
    let bits = this.buckets.get(bucket);
    if (!bits) {
      bits = new Uint32Array(SKETCH_WORDS);
      this.buckets.set(bucket, bits);
    }
    const bit = hash % SKETCH_BITS;
    bits[bit >>> 5]! |= 1 << (bit & 31);
  }

  count(low: number, extra: number | undefined): number {
    const union = new Uint32Array(SKETCH_WORDS);
    for (const [bucket, bits] of this.buckets) {
      if (bucket >= low) for (let w = 0; w < SKETCH_WORDS; w++) union[w]! |= bits[w]!;
    }
    if (extra !== undefined) {
      const bit = extra % SKETCH_BITS;
      union[bit >>> 5]! |= 1 << (bit & 31);
    }
    let zeros = 0;
    for (let w = 0; w < SKETCH_WORDS; w++) zeros += 32 - popcount(union[w]!);
    // A full bitmap means "at least this many": report the estimate for a single zero bit.
    return Math.round(-SKETCH_BITS * Math.log(Math.max(zeros, 1) / SKETCH_BITS));
  }

  prune(low: number): void {
    for (const bucket of this.buckets.keys()) if (bucket < low) this.buckets.delete(bucket);
  }
}

export function addDistinct(
  series: DistinctSeries | undefined,
  value: number,
  bucket: number,
  cap: number,
): DistinctSeries {
  if (!series) return [value, bucket];
  if (series instanceof DistinctSketch) {
    series.add(value, bucket);
    return series;
  }
  for (let i = 0; i < series.length; i += 2) {
    if (series[i] === value) {
      if (series[i + 1]! < bucket) series[i + 1] = bucket;
      return series;
    }
  }
  if (series.length < cap * 2) {
    const next: ExactDistinct = new Array(series.length + 2);
    for (let i = 0; i < series.length; i++) next[i] = series[i]!;
    next[series.length] = value;
    next[series.length + 1] = bucket;
    return next;
  }
  const sketch = new DistinctSketch();
  for (let i = 0; i < series.length; i += 2) sketch.add(series[i]!, series[i + 1]!);
  sketch.add(value, bucket);
  return sketch;
}

/** Drops values last seen before `low`; a sketch whose buckets all expired becomes exact (empty). */
export function pruneDistinct(series: DistinctSeries, low: number): DistinctSeries | undefined {
  if (series instanceof DistinctSketch) {
    series.prune(low);
    return series.buckets.size === 0 ? undefined : series;
  }
  const kept: ExactDistinct = [];
  for (let i = 0; i < series.length; i += 2) {
    if (series[i + 1]! >= low) kept.push(series[i]!, series[i + 1]!);
  }
  if (kept.length === series.length) return series;
  return kept.length === 0 ? undefined : kept.slice();
}

/** Distinct values seen from bucket `low` on, counting `extra` (the event being evaluated) too. */
export function countDistinct(series: DistinctSeries, low: number, extra: number | undefined): number {
  if (series instanceof DistinctSketch) return series.count(low, extra);
  let total = 0;
  let extraSeen = extra === undefined;
  for (let i = 0; i < series.length; i += 2) {
    if (series[i + 1]! >= low) {
      total += 1;
      if (!extraSeen && series[i] === extra) extraSeen = true;
    }
  }
  return extraSeen ? total : total + 1;
}

/** Two independent 32-bit hashes combined into 52 bits: exact as a double, collisions negligible. */
export function hash52(text: string): number {
  return (hash32(text) & 0xfffff) * 4294967296 + hash32seeded(text, 0x9747b28c);
}

/** FNV-1a over UTF-16 code units, finished with a multiply-xorshift so low bits are well mixed. */
export function hash32(text: string): number {
  return hash32seeded(text, 0x811c9dc5);
}

function hash32seeded(text: string, seed: number): number {
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
