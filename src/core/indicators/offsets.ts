/**
 * Piecewise offset maps from a derived string back to the string it was derived from.
 * A segment is either linear (char k of the output comes from char k of the source, shifted)
 * or constant (a block of output produced from a block of source, e.g. NFKC of `㍿`).
 * Segments are stored flat: [outStart, srcStart, srcEnd, linear(1|0)] × n.
 */
export interface OffsetMap {
  readonly segs: number[];
  readonly outLength: number;
  readonly srcLength: number;
}

const STRIDE = 4;

/** Appends `len` one-to-one characters (output `outPos…`, source `srcPos…`), merging with the previous run. */
export function addLinear(segs: number[], outPos: number, srcPos: number, len: number): void {
  const k = segs.length - STRIDE;
  if (k >= 0 && segs[k + 3] === 1) {
    const prevLen = (segs[k + 2] as number) - (segs[k + 1] as number);
    if ((segs[k] as number) + prevLen === outPos && segs[k + 2] === srcPos) {
      segs[k + 2] = srcPos + len;
      return;
    }
  }
  segs.push(outPos, srcPos, srcPos + len, 1);
}

/** Appends a block of output (starting at `outPos`) produced from source `[srcStart, srcEnd)`. */
export function addConstant(segs: number[], outPos: number, srcStart: number, srcEnd: number): void {
  segs.push(outPos, srcStart, srcEnd, 0);
}

/** Index (in segs) of the segment containing output position `pos`. */
function find(segs: number[], pos: number): number {
  let lo = 0;
  let hi = segs.length / STRIDE - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((segs[mid * STRIDE] as number) <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo * STRIDE;
}

/** Source offset where output char `pos` starts. */
export function startOf(map: OffsetMap, pos: number): number {
  if (pos >= map.outLength || map.segs.length === 0) return map.srcLength;
  const k = find(map.segs, pos);
  const s = map.segs;
  return s[k + 3] === 1 ? (s[k + 1] as number) + pos - (s[k] as number) : (s[k + 1] as number);
}

/** Source offset (exclusive) where output char `pos` ends. */
export function endOf(map: OffsetMap, pos: number): number {
  if (pos >= map.outLength || map.segs.length === 0) return map.srcLength;
  const k = find(map.segs, pos);
  const s = map.segs;
  return s[k + 3] === 1 ? (s[k + 1] as number) + pos - (s[k] as number) + 1 : (s[k + 2] as number);
}

/** Maps `[start, end)` of the last derived string back through `maps` (oldest first) to the original. */
export function mapRange(maps: readonly OffsetMap[], start: number, end: number): [number, number] {
  let s = start;
  if (end <= start) {
    for (let k = maps.length - 1; k >= 0; k--) s = startOf(maps[k] as OffsetMap, s);
    return [s, s];
  }
  let last = end - 1;
  for (let k = maps.length - 1; k >= 0; k--) {
    const m = maps[k] as OffsetMap;
    const ns = startOf(m, s);
    last = endOf(m, last) - 1;
    s = ns;
  }
  return [s, last + 1];
}
