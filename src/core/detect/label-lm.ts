/**
 * How word-like a DNS label reads: the mean surprise (bits per character) of a character bigram
 * model of popular domain names. Phishing hosts are often keyboard mashes (`mhnbk`, `ua4n`), and
 * a hashed trigram can only score trigrams it has seen; a language model scores every label on
 * one scale, so a name made of unseen but ordinary pieces still reads as ordinary. The table is
 * trained by bench/detect (popular domains of the training split only) and shipped with the URL
 * model.
 */

/** `^`/`$` boundary, a–z, 0–9, `-`, anything else. */
export const LM_SYMBOLS = 39;
const BOUNDARY = 0;
const OTHER = 38;
/** Surprise is stored in sixteenths of a bit, one byte per bigram. */
export const LM_STEP = 16;

export function lmSymbol(c: number): number {
  if (c >= 97 && c <= 122) return c - 96;
  if (c >= 65 && c <= 90) return c - 64;
  if (c >= 48 && c <= 57) return c - 48 + 27;
  return c === 45 ? 37 : OTHER;
}

export class LabelLm {
  /** `table[prev * LM_SYMBOLS + next]` = −log2 P(next | prev) × LM_STEP. */
  constructor(private readonly table: Uint8Array) {
    if (table.length !== LM_SYMBOLS * LM_SYMBOLS) throw new Error('label model has the wrong size');
  }

  static fromBase64(s: string): LabelLm {
    const b = Buffer.from(s, 'base64');
    return new LabelLm(new Uint8Array(b.buffer, b.byteOffset, b.length));
  }

  /** Mean surprise in bits per transition of `^s[from,to)$` (the end counts, so short labels are scored too). */
  bitsPerChar(s: string, from = 0, to = s.length): number {
    let prev = BOUNDARY;
    let sum = 0;
    for (let i = from; i < to; i++) {
      const c = lmSymbol(s.charCodeAt(i));
      sum += this.table[prev * LM_SYMBOLS + c] as number;
      prev = c;
    }
    sum += this.table[prev * LM_SYMBOLS + BOUNDARY] as number;
    return sum / LM_STEP / (to - from + 1);
  }
}

/** Trains the table from labels (add-k smoothing), for bench/detect; deterministic. */
export function trainLabelLm(labels: Iterable<string>, k = 0.5): Uint8Array {
  const n = LM_SYMBOLS;
  const counts = new Float64Array(n * n);
  for (const label of labels) {
    let prev = BOUNDARY;
    for (let i = 0; i < label.length; i++) {
      const c = lmSymbol(label.charCodeAt(i));
      counts[prev * n + c] = (counts[prev * n + c] as number) + 1;
      prev = c;
    }
    counts[prev * n + BOUNDARY] = (counts[prev * n + BOUNDARY] as number) + 1;
  }
  const table = new Uint8Array(n * n);
  for (let a = 0; a < n; a++) {
    let row = 0;
    for (let b = 0; b < n; b++) row += (counts[a * n + b] as number) + k;
    for (let b = 0; b < n; b++) {
      const bits = -Math.log2(((counts[a * n + b] as number) + k) / row);
      table[a * n + b] = Math.min(255, Math.round(bits * LM_STEP));
    }
  }
  return table;
}
