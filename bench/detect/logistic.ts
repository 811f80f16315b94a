/**
 * Logistic regression over hashed sparse features, trained with AdaGrad. Small and deterministic
 * (seeded shuffle), so `npm run train:detect` reproduces the shipped weights exactly.
 */
import { prng } from '../generate.js';

export interface Sample {
  features: Uint32Array;
  y: 0 | 1;
  weight: number;
}

export interface TrainOptions {
  dims: number;
  epochs: number;
  learningRate: number;
  l2: number;
  seed: number;
}

export function trainLogistic(
  samples: readonly Sample[],
  o: TrainOptions,
): { weights: Float32Array; bias: number } {
  const w = new Float32Array(o.dims);
  const g2 = new Float32Array(o.dims).fill(1e-6);
  let bias = 0;
  let biasG2 = 1e-6;
  const order = samples.map((_, i) => i);
  const rand = prng(o.seed);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
    for (const idx of order) {
      const s = samples[idx] as Sample;
      let z = bias;
      for (const f of s.features) z += w[f] as number;
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - s.y) * s.weight;
      for (const f of s.features) {
        const grad = g + o.l2 * (w[f] as number);
        g2[f] = (g2[f] as number) + grad * grad;
        w[f] = (w[f] as number) - (o.learningRate * grad) / Math.sqrt(g2[f] as number);
      }
      biasG2 += g * g;
      bias -= (o.learningRate * g) / Math.sqrt(biasG2);
    }
  }
  return { weights: w, bias };
}

/** Score at which `fraction` of `scores` lie at or above (for thresholds at a target rate). */
export function quantileFromTop(scores: readonly number[], fraction: number): number {
  const sorted = [...scores].sort((a, b) => b - a);
  const k = Math.min(sorted.length - 1, Math.max(0, Math.floor(sorted.length * fraction)));
  return sorted[k] ?? 1;
}
