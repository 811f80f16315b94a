/**
 * Lowercase of one UTF-16 code unit, for scans that compare text without building a lowercased
 * copy of it. A code unit whose lowercase is longer (İ) folds to itself, and Σ always folds to σ
 * (String#toLowerCase picks ς at the end of a word); otherwise it agrees with `toLowerCase`.
 */
let table: Uint16Array | undefined;

/** The fold of every code unit (128 KiB), built on first use and never changed afterwards. */
export function caseFoldTable(): Uint16Array {
  if (table === undefined) {
    const t = new Uint16Array(65536);
    for (let c = 0; c < 65536; c++) {
      const lower = String.fromCharCode(c).toLowerCase();
      t[c] = lower.length === 1 ? lower.charCodeAt(0) : c;
    }
    table = t;
  }
  return table;
}

/** `s` folded code unit by code unit (same length, same offsets). */
export function foldCase(s: string): string {
  const fold = caseFoldTable();
  let out = '';
  for (let i = 0; i < s.length; i++) out += String.fromCharCode(fold[s.charCodeAt(i)] as number);
  return out;
}
