/**
 * Trains the URL model's linear weights and its small hidden layer (src/core/detect/url-deep.ts)
 * together, with AdaGrad on the logistic loss. Samples carry full 32-bit feature hashes: the
 * linear table indexes their low bits, the embedding their top bits. Deterministic (seeded init
 * and shuffle), so `npm run train:detect` reproduces the shipped weights.
 */
import { deepRow, type SerializedDeep } from '../../src/core/detect/url-deep.js';
import { prng } from '../generate.js';

export interface HashedSample {
  hashes: Uint32Array;
  y: 0 | 1;
  weight: number;
}

export interface WideDeepOptions {
  dims: number;
  rows: number;
  hidden: number;
  epochs: number;
  learningRate: number;
  deepLearningRate: number;
  l2: number;
  seed: number;
}

export interface WideDeepWeights {
  weights: Float32Array;
  bias: number;
  embedding: Float32Array;
  hiddenBias: Float64Array;
  out: Float64Array;
}

/** Logit of one sample under float weights (training and calibration). */
export function wideDeepLogit(
  m: WideDeepWeights,
  o: WideDeepOptions,
  hashes: Uint32Array,
  act?: Float64Array,
): number {
  const mask = o.dims - 1;
  const a = act ?? new Float64Array(o.hidden);
  let z = m.bias;
  a.set(m.hiddenBias);
  for (const h of hashes) {
    z += m.weights[h & mask] as number;
    const base = deepRow(h, o.rows) * o.hidden;
    for (let k = 0; k < o.hidden; k++) a[k] = (a[k] as number) + (m.embedding[base + k] as number);
  }
  for (let k = 0; k < o.hidden; k++) if ((a[k] as number) > 0) z += (a[k] as number) * (m.out[k] as number);
  return z;
}

export function trainWideDeep(samples: readonly HashedSample[], o: WideDeepOptions): WideDeepWeights {
  const rand = prng(o.seed);
  const m: WideDeepWeights = {
    weights: new Float32Array(o.dims),
    bias: 0,
    embedding: new Float32Array(o.rows * o.hidden).map(() => (rand() - 0.5) * 0.1),
    hiddenBias: new Float64Array(o.hidden).fill(0.05),
    out: new Float64Array(o.hidden).map(() => (rand() - 0.5) * 0.2),
  };
  const g2w = new Float32Array(o.dims).fill(1e-6);
  const g2e = new Float32Array(o.rows * o.hidden).fill(1e-6);
  const g2c = new Float64Array(o.hidden).fill(1e-6);
  const g2v = new Float64Array(o.hidden).fill(1e-6);
  let g2b = 1e-6;
  const mask = o.dims - 1;
  const act = new Float64Array(o.hidden);
  const gradA = new Float64Array(o.hidden);
  const order = samples.map((_, i) => i);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
    for (const idx of order) {
      const s = samples[idx] as HashedSample;
      const z = wideDeepLogit(m, o, s.hashes, act);
      const g = (1 / (1 + Math.exp(-z)) - s.y) * s.weight;
      for (const h of s.hashes) {
        const f = h & mask;
        const grad = g + o.l2 * (m.weights[f] as number);
        g2w[f] = (g2w[f] as number) + grad * grad;
        m.weights[f] = (m.weights[f] as number) - (o.learningRate * grad) / Math.sqrt(g2w[f] as number);
      }
      g2b += g * g;
      m.bias -= (o.learningRate * g) / Math.sqrt(g2b);
      for (let k = 0; k < o.hidden; k++) {
        const a = act[k] as number;
        const v = m.out[k] as number;
        gradA[k] = a > 0 ? g * v : 0;
        const gv = (a > 0 ? g * a : 0) + o.l2 * v;
        g2v[k] = (g2v[k] as number) + gv * gv;
        m.out[k] = v - (o.deepLearningRate * gv) / Math.sqrt(g2v[k] as number);
        const gc = gradA[k] as number;
        g2c[k] = (g2c[k] as number) + gc * gc;
        m.hiddenBias[k] =
          (m.hiddenBias[k] as number) - (o.deepLearningRate * gc) / Math.sqrt(g2c[k] as number);
      }
      for (const h of s.hashes) {
        const base = deepRow(h, o.rows) * o.hidden;
        for (let k = 0; k < o.hidden; k++) {
          const ga = gradA[k] as number;
          if (ga === 0) continue;
          const e = base + k;
          const grad = ga + o.l2 * (m.embedding[e] as number);
          g2e[e] = (g2e[e] as number) + grad * grad;
          m.embedding[e] =
            (m.embedding[e] as number) - (o.deepLearningRate * grad) / Math.sqrt(g2e[e] as number);
        }
      }
    }
  }
  return m;
}

/** The hidden layer for shipping, int8-quantized like the linear weights. */
export function quantizeDeep(m: WideDeepWeights, o: WideDeepOptions): SerializedDeep {
  let max = 0;
  for (const e of m.embedding) max = Math.max(max, Math.abs(e));
  const scale = max === 0 ? 1 : max / 127;
  const q = new Int8Array(m.embedding.length);
  for (let i = 0; i < q.length; i++) q[i] = Math.round((m.embedding[i] as number) / scale);
  return {
    rows: o.rows,
    hidden: o.hidden,
    scale,
    weights: Buffer.from(q.buffer).toString('base64'),
    hiddenBias: [...m.hiddenBias],
    out: [...m.out],
  };
}
