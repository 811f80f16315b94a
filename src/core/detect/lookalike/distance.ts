/**
 * Edit distance for short labels: optimal string alignment (Damerau–Levenshtein where a swapped
 * pair counts as one edit, the typo people make), bounded so a hopeless pair stops early, and the
 * deletion neighbourhoods of the symmetric-deletion index (SymSpell): two strings within distance
 * k share a string reachable from both by at most k deletions, so candidates come from hash
 * lookups instead of comparing a name with every brand.
 */

/**
 * Working memory of the distance functions, owned by a caller (the matcher keeps one) so the hot
 * path allocates nothing and no state is shared between callers.
 */
export class DistanceScratch {
  rowA = new Int32Array(66);
  rowB = new Int32Array(66);
  rowC = new Int32Array(66);
  readonly prefix = new Int32Array(MAX_HASHED_LENGTH + 2);
  readonly suffix = new Int32Array(MAX_HASHED_LENGTH + 2);
}

/**
 * OSA distance between `a` and `b`, or `max + 1` as soon as it must exceed `max`. Only the band of
 * cells within `max` of the diagonal is computed: anything outside it is already too far.
 */
export function boundedOsa(a: string, b: string, max: number, scratch = new DistanceScratch()): number {
  const n = a.length;
  const m = b.length;
  const far = max + 1;
  if (n - m > max || m - n > max) return far;
  if (m + 2 > scratch.rowA.length) {
    scratch.rowA = new Int32Array(m + 2);
    scratch.rowB = new Int32Array(m + 2);
    scratch.rowC = new Int32Array(m + 2);
  }
  let p2 = scratch.rowA;
  let p1 = scratch.rowB;
  let c = scratch.rowC;
  for (let j = 0; j <= m; j++) p1[j] = j <= max ? j : far;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(i - max, 1);
    const hi = Math.min(i + max, m);
    c[lo - 1] = i <= max && lo === 1 ? i : far;
    let rowMin = c[lo - 1] as number;
    const ai = a.charCodeAt(i - 1);
    const aPrev = i > 1 ? a.charCodeAt(i - 2) : -1;
    for (let j = lo; j <= hi; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = (p1[j - 1] as number) + (ai === bj ? 0 : 1);
      const del = (p1[j] as number) + 1;
      if (del < d) d = del;
      const ins = (c[j - 1] as number) + 1;
      if (ins < d) d = ins;
      if (j > 1 && aPrev === bj && ai === b.charCodeAt(j - 2)) {
        const swap = (p2[j - 2] as number) + 1;
        if (swap < d) d = swap;
      }
      if (d > far) d = far;
      c[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (hi < m) c[hi + 1] = far;
    if (rowMin > max) return far;
    const t = p2;
    p2 = p1;
    p1 = c;
    c = t;
  }
  const d = p1[m] as number;
  return d > max ? far : d;
}

/** `s` and every distinct string obtained from it by deleting up to `k` (≤ 2) characters. */
export function deletionNeighbourhood(s: string, k: number): Set<string> {
  const out = new Set<string>([s]);
  let frontier = [s];
  for (let step = 0; step < k; step++) {
    const next: string[] = [];
    for (const w of frontier) {
      for (let i = 0; i < w.length; i++) {
        const d = w.slice(0, i) + w.slice(i + 1);
        if (!out.has(d)) {
          out.add(d);
          next.push(d);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/** Multiplier of the polynomial string hash (the 32-bit FNV prime: odd, well spread bits). */
const BASE = 0x01000193;
/** Host labels are at most 63 characters; longer inputs are not looked up. */
export const MAX_HASHED_LENGTH = 63;
const POW = new Int32Array(MAX_HASHED_LENGTH + 2);
POW[0] = 1;
for (let i = 1; i < POW.length; i++) POW[i] = Math.imul(POW[i - 1] as number, BASE);

/** 32-bit polynomial hash; `deletionHashes` yields exactly this value for each deletion variant. */
export function hashString(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, BASE) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * Writes into `out` the hashes of `s` and of every string obtained by deleting up to `k` (≤ 2)
 * characters, computed from prefix and suffix hashes so no string is built; returns the count.
 * Duplicates (deleting either `a` of `aa`) are left in: the caller deduplicates candidates.
 * `out` needs room for 1 + n + n(n−1)/2 entries.
 */
export function deletionHashes(
  s: string,
  k: number,
  out: Int32Array,
  scratch = new DistanceScratch(),
): number {
  const { prefix, suffix } = scratch;
  const n = s.length;
  for (let i = 0; i < n; i++) prefix[i + 1] = (Math.imul(prefix[i] as number, BASE) + s.charCodeAt(i)) | 0;
  suffix[n] = 0;
  for (let i = n - 1; i >= 0; i--) {
    suffix[i] = (Math.imul(s.charCodeAt(i), POW[n - 1 - i] as number) + (suffix[i + 1] as number)) | 0;
  }
  let c = 0;
  out[c++] = prefix[n] as number;
  if (k < 1) return c;
  for (let i = 0; i < n; i++) {
    out[c++] = (Math.imul(prefix[i] as number, POW[n - 1 - i] as number) + (suffix[i + 1] as number)) | 0;
    if (k < 2) continue;
    const head = Math.imul(prefix[i] as number, POW[n - 2 - i] as number);
    for (let j = i + 1; j < n; j++) {
      const mid = ((prefix[j] as number) - Math.imul(prefix[i + 1] as number, POW[j - i - 1] as number)) | 0;
      out[c++] = (head + Math.imul(mid, POW[n - 1 - j] as number) + (suffix[j + 1] as number)) | 0;
    }
  }
  return c;
}
