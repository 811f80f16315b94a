/**
 * What an aggregate measures, in a normalized form whose signature is stable across rule sets:
 * two rule sets (the active one and a shadow draft) that ask for the same window over the same
 * events share one piece of state.
 */
import { type EntityField, FRAUD_EVENT_TYPES, type FraudEvent } from './types.js';

export type AggregateMeasure = 'events' | 'distinct';
export type WhereField = 'channel' | 'currency' | 'asset';

export interface AggregateSpec {
  /** `events` keeps count and sum together; `distinct` counts distinct values of `of`. */
  measure: AggregateMeasure;
  by: EntityField;
  /** Key on the first characters only (a phone-number range); 0 = the whole value. */
  prefixLength: number;
  of?: EntityField;
  windowMs: number;
  on?: readonly string[];
  where?: readonly (readonly [WhereField, readonly string[]])[];
  /** Amount range `[amountGte, amountLt)`, for structuring bands. */
  amountGte?: number;
  amountLt?: number;
}

/** Normalizes order (types, where fields, values) so equal meanings give equal signatures. */
export function normalizeSpec(spec: AggregateSpec): AggregateSpec {
  const normalized: AggregateSpec = {
    measure: spec.measure,
    by: spec.by,
    prefixLength: spec.prefixLength,
    windowMs: spec.windowMs,
  };
  if (spec.of !== undefined) normalized.of = spec.of;
  if (spec.on !== undefined) normalized.on = [...new Set(spec.on)].sort();
  if (spec.where !== undefined && spec.where.length > 0) {
    normalized.where = [...spec.where]
      .map(([field, values]) => [field, [...new Set(values)].sort()] as const)
      .sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }
  if (spec.amountGte !== undefined) normalized.amountGte = spec.amountGte;
  if (spec.amountLt !== undefined) normalized.amountLt = spec.amountLt;
  return normalized;
}

export function aggregateSignature(spec: AggregateSpec): string {
  const s = normalizeSpec(spec);
  return JSON.stringify([
    s.measure,
    s.by,
    s.prefixLength,
    s.of ?? null,
    s.windowMs,
    s.on ?? null,
    s.where ?? null,
    s.amountGte ?? null,
    s.amountLt ?? null,
  ]);
}

export function tableName(by: EntityField, prefixLength: number): string {
  return prefixLength > 0 ? `${by}/${prefixLength}` : by;
}

const TYPE_BITS: ReadonlyMap<string, number> = new Map(FRAUD_EVENT_TYPES.map((type, i) => [type, 1 << i]));

/** One bit per known event type; unknown types get 0 and so match no `on` list. */
export function typeBit(type: string): number {
  return TYPE_BITS.get(type) ?? 0;
}

export function typeMask(types: readonly string[] | undefined): number {
  let mask = 0;
  for (const type of types ?? []) mask |= typeBit(type);
  return mask;
}

export type EventFilter = (event: FraudEvent, bit: number) => boolean;

/** Compiles the spec's event filter once; `bit` is the event's `typeBit`. */
export function compileFilter(spec: AggregateSpec): EventFilter {
  const mask = typeMask(spec.on);
  const where = (spec.where ?? []).map(([field, values]) => [field, new Set(values)] as const);
  const low = spec.amountGte;
  const high = spec.amountLt;
  const needsAmount = low !== undefined || high !== undefined;
  return (event, bit) => {
    if (mask !== 0 && (mask & bit) === 0) return false;
    for (const [field, values] of where) {
      const value = event[field];
      if (value === undefined || !values.has(value)) return false;
    }
    if (needsAmount) {
      const amount = event.amount;
      if (amount === undefined || !(amount >= 0)) return false;
      if (low !== undefined && amount < low) return false;
      if (high !== undefined && amount >= high) return false;
    }
    return true;
  };
}

/**
 * The amount aggregates add up: a finite, non-negative number, else 0. `normalizeFraudEvent`
 * already drops absurd amounts; this keeps one NaN from an unnormalized caller from poisoning a
 * window sum for its whole life.
 */
export function summableAmount(event: FraudEvent): number {
  const amount = event.amount;
  return amount !== undefined && amount >= 0 && amount <= Number.MAX_SAFE_INTEGER ? amount : 0;
}

/** The key an event has for `by` (prefix applied), or undefined when the event lacks that entity. */
export function entityKey(event: FraudEvent, by: EntityField, prefixLength: number): string | undefined {
  const value = event[by];
  if (value === undefined || value === '') return undefined;
  return prefixLength > 0 && value.length > prefixLength ? value.slice(0, prefixLength) : value;
}
