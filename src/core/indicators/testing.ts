import type { Indicator, NormalizeResult } from './types.js';

/** Test helpers: unwrap a normalization result, failing loudly when it went the other way. */
export function ind(r: NormalizeResult): Indicator {
  if (!r.ok) throw new Error(`expected ok, got: ${r.reason}`);
  return r.indicator;
}

export function value(r: NormalizeResult): string {
  return ind(r).value;
}

export function reason(r: NormalizeResult): string {
  if (r.ok) throw new Error(`expected rejection, got ${r.indicator.value}`);
  return r.reason;
}
