/**
 * The small nonlinear half of the URL model ("wide and deep"): every hashed feature also adds a
 * row of a small embedding table, and one hidden layer of ReLUs reads the sum. The linear weights
 * add evidence independently; this half can learn that signals which are weak alone are strong
 * together (an unusual suffix, a keyboard-mash label and a bare code path). It uses other bits of
 * the feature hash than the linear table, so the two halves collide on different features.
 */

export interface SerializedDeep {
  /** Embedding rows (power of two), indexed by the feature hash's top bits. */
  rows: number;
  hidden: number;
  /** Embedding value = int8 × scale. */
  scale: number;
  /** base64 of rows × hidden signed bytes, row-major. */
  weights: string;
  /** Hidden-unit biases and output weights. */
  hiddenBias: number[];
  out: number[];
}

/** The embedding row of a feature hash: its top log2(rows) bits (the linear table uses the low ones). */
export function deepRow(hash: number, rows: number): number {
  return hash >>> (32 - Math.log2(rows));
}

export class DeepPart {
  readonly rows: number;
  readonly hidden: number;
  private readonly shift: number;
  private readonly q: Int8Array;
  private readonly scale: number;
  private readonly hiddenBias: Float64Array;
  private readonly out: Float64Array;
  /** Running sums of quantized embeddings for the check in progress (checks are synchronous). */
  private readonly acc: Int32Array;

  constructor(s: SerializedDeep) {
    const bytes = Buffer.from(s.weights, 'base64');
    if ((s.rows & (s.rows - 1)) !== 0 || bytes.length !== s.rows * s.hidden)
      throw new Error('deep model weights do not match rows × hidden');
    this.rows = s.rows;
    this.hidden = s.hidden;
    this.shift = 32 - Math.log2(s.rows);
    this.q = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    this.scale = s.scale;
    this.hiddenBias = Float64Array.from(s.hiddenBias);
    this.out = Float64Array.from(s.out);
    this.acc = new Int32Array(s.hidden);
  }

  start(): void {
    this.acc.fill(0);
  }

  add(hash: number): void {
    const h = this.hidden;
    const base = (hash >>> this.shift) * h;
    const acc = this.acc;
    const q = this.q;
    for (let k = 0; k < h; k++) acc[k] = (acc[k] as number) + (q[base + k] as number);
  }

  /** The half's contribution to the logit. */
  total(): number {
    let z = 0;
    for (let k = 0; k < this.hidden; k++) {
      const a = (this.acc[k] as number) * this.scale + (this.hiddenBias[k] as number);
      if (a > 0) z += a * (this.out[k] as number);
    }
    return z;
  }
}
