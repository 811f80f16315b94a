/**
 * Edit distance for short labels: optimal string alignment (Damerau–Levenshtein where a swapped
 * pair counts as one edit, the typo people make), bounded so a hopeless pair stops early, and the
 * deletion neighbourhoods of the symmetric-deletion index (SymSpell): two strings within distance
 * k share a string reachable from both by at most k deletions, so candidates come from hash
 * lookups instead of comparing a name with every brand.
 */

/** Reused rows: the matcher is single-threaded and never re-enters this function. */
let prev2 = new Int32Array(64);
let prev = new Int32Array(64);
let cur = new Int32Array(64);

/** OSA distance between `a` and `b`, or `max + 1` as soon as it must exceed `max`. */
export function boundedOsa(a: string, b: string, max: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  if (m + 1 > cur.length) {
    prev2 = new Int32Array(m + 1);
    prev = new Int32Array(m + 1);
    cur = new Int32Array(m + 1);
  }
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + (ai === bj ? 0 : 1),
      );
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        d = Math.min(d, (prev2[j - 2] as number) + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  const d = prev[m] as number;
  return d > max ? max + 1 : d;
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
