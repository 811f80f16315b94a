/**
 * Combines independent pieces of evidence into one 0–100 score: a noisy-OR of the positive
 * weights (two 50s make 75, never more than 100), then benign evidence subtracts. Every piece
 * stays in the result as a reason, strongest first, so a verdict can always be explained.
 */
import type { CheckResult, Reason, Verdict } from './types.js';

export interface VerdictThresholds {
  block: number;
  warn: number;
}

export const DEFAULT_THRESHOLDS: VerdictThresholds = { block: 75, warn: 45 };

function byStrength(a: Reason, b: Reason): number {
  return Math.abs(b.weight) - Math.abs(a.weight);
}

export class Evidence {
  readonly reasons: Reason[] = [];

  /** Keeps the stronger of two reasons about the same thing. Never changes a reason object: callers may share them. */
  add(reason: Reason): void {
    const rs = this.reasons;
    for (let i = 0; i < rs.length; i++) {
      const same = rs[i] as Reason;
      if (same.code === reason.code && same.brand === reason.brand && same.subject === reason.subject) {
        if (reason.weight > same.weight) rs[i] = reason;
        return;
      }
    }
    rs.push(reason);
  }

  addAll(reasons: readonly Reason[]): void {
    for (const r of reasons) this.add(r);
  }

  score(): number {
    let keep = 1;
    let benign = 0;
    for (const r of this.reasons) {
      if (r.weight > 0) keep *= 1 - Math.min(r.weight, 100) / 100;
      else benign -= r.weight;
    }
    const s = 100 * (1 - keep) - benign;
    return Math.max(0, Math.min(100, Math.round(s)));
  }

  /** The verdict; orders `reasons` in place (strongest first) and hands them over, so call it once. */
  result(thresholds: VerdictThresholds = DEFAULT_THRESHOLDS): CheckResult {
    const score = this.score();
    const verdict: Verdict =
      score >= thresholds.block ? 'block' : score >= thresholds.warn ? 'warn' : 'allow';
    const reasons = this.reasons;
    if (reasons.length > 1) reasons.sort(byStrength);
    return { verdict, score, reasons };
  }
}
