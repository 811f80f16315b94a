import type { Indicator, IndicatorAttributes, IndicatorType, NormalizeResult } from './types.js';
import { makeIndicator } from './types.js';

/** Successful normalization result. */
export function ok(
  type: IndicatorType,
  value: string,
  attributes: IndicatorAttributes = {},
): NormalizeResult {
  return { ok: true, indicator: makeIndicator(type, value, attributes) };
}

/** Wraps an already-built indicator. */
export function okIndicator(indicator: Indicator): NormalizeResult {
  return { ok: true, indicator };
}

/** Rejection with a human-readable reason (shown to API callers). */
export function fail(reason: string): NormalizeResult {
  return { ok: false, reason };
}

/** Upper bound on any single raw value handed to a normalizer (protects the hot path). */
export const MAX_RAW_LENGTH = 8192;
