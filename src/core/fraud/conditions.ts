/**
 * Compiles a validated condition tree into closures once, so evaluating an event never walks
 * JSON: each node becomes `(ctx) => boolean`, aggregates are resolved to their state slots, sets
 * and masks are prebuilt. Measured values go to `ctx.facts` for the reason texts.
 */
import { entityKey, typeMask } from './aggregates.js';
import { windowMs } from './duration.js';
import { AMOUNT_SEGMENT, DEVICE_SEGMENT } from './entities.js';
import { amountBaseline, knownDeviceCount, knowsDevice } from './history.js';
import type {
  AggregateCondition,
  AmountVsHistoryCondition,
  Condition,
  DeviceNewCondition,
  FieldCondition,
  FieldPath,
  NumericOp,
  Scalar,
  StructuringCondition,
} from './rule-schema.js';
import { segmentAt } from './segments.js';
import type { AggregateSlot, FraudState } from './state.js';
import type { EntityField, FraudEvent, ListLookup } from './types.js';
import { hash52 } from './window-series.js';

export interface EvalContext {
  event: FraudEvent;
  /** The event's time as the state counts it (clamped when too far ahead of the clock). */
  time: number;
  /** `typeBit(event.type)`, computed once per event. */
  bit: number;
  lists: ListLookup;
  /** Values measured by the current rule's conditions (placeholders and `detail`). */
  facts: Facts;
}

export type CompiledCondition = (ctx: EvalContext) => boolean;

/**
 * Name/value pairs measured while a rule is evaluated. One instance per evaluation, reset per rule
 * (no object per rule per event: most rules do not match, and allocation is most of the GC time).
 */
export class Facts {
  private readonly names: string[] = [];
  private readonly values: (number | string)[] = [];
  private size = 0;

  reset(): void {
    this.size = 0;
  }

  set(name: string, value: number | string): void {
    for (let i = 0; i < this.size; i++) {
      if (this.names[i] === name) {
        this.values[i] = value;
        return;
      }
    }
    this.names[this.size] = name;
    this.values[this.size] = value;
    this.size += 1;
  }

  get(name: string): number | string | undefined {
    for (let i = 0; i < this.size; i++) if (this.names[i] === name) return this.values[i];
    return undefined;
  }

  toRecord(): Record<string, number | string> | undefined {
    if (this.size === 0) return undefined;
    const record: Record<string, number | string> = {};
    for (let i = 0; i < this.size; i++) record[this.names[i]!] = this.values[i]!;
    return record;
  }
}

export function compileCondition(
  condition: Condition,
  state: FraudState,
  slots: Set<AggregateSlot>,
): CompiledCondition {
  const c = condition as unknown as Record<string, unknown>;
  if ('all' in c) {
    const parts = (c.all as Condition[]).map((child) => compileCondition(child, state, slots));
    return (ctx) => {
      for (const part of parts) if (!part(ctx)) return false;
      return true;
    };
  }
  if ('any' in c) {
    const parts = (c.any as Condition[]).map((child) => compileCondition(child, state, slots));
    return (ctx) => {
      for (const part of parts) if (part(ctx)) return true;
      return false;
    };
  }
  if ('not' in c) {
    const inner = compileCondition(c.not as Condition, state, slots);
    return (ctx) => !inner(ctx);
  }
  if ('inList' in c)
    return compileInList(c.inList as string, c.field as EntityField, (c.prefixLength as number) ?? 0);
  if ('aggregate' in c) return compileAggregate(condition as AggregateCondition, state, slots);
  if ('fanOut' in c)
    return compileFanOut(condition as Extract<Condition, { fanOut: EntityField }>, state, slots);
  if ('structuring' in c) return compileStructuring(condition as StructuringCondition, state, slots);
  if ('deviceNew' in c) return compileDeviceNew(condition as DeviceNewCondition, state);
  if ('amountVsHistory' in c) return compileAmountVsHistory(condition as AmountVsHistoryCondition, state);
  return compileField(condition as FieldCondition);
}

type Getter = (event: FraudEvent) => Scalar | undefined;

function getter(path: FieldPath): Getter {
  if (path.startsWith('attributes.')) {
    const name = path.slice('attributes.'.length);
    return (event) => event.attributes?.[name];
  }
  const field = path as keyof FraudEvent;
  return (event) => event[field] as Scalar | undefined;
}

/** A missing field fails every comparison except `exists: false`. */
function compileField(condition: FieldCondition): CompiledCondition {
  const get = getter(condition.field);
  const value = condition.value;
  switch (condition.op) {
    case 'eq':
      return (ctx) => get(ctx.event) === value;
    case 'ne':
      return (ctx) => {
        const v = get(ctx.event);
        return v !== undefined && v !== value;
      };
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const compare = numericComparison(condition.op, value as number);
      return (ctx) => {
        const v = get(ctx.event);
        return typeof v === 'number' && compare(v);
      };
    }
    case 'in': {
      const set = new Set(value as Scalar[]);
      return (ctx) => set.has(get(ctx.event) as Scalar);
    }
    case 'between': {
      const [low, high] = value as [number, number];
      return (ctx) => {
        const v = get(ctx.event);
        return typeof v === 'number' && v >= low && v <= high;
      };
    }
    case 'prefix': {
      const prefix = value as string;
      return (ctx) => {
        const v = get(ctx.event);
        return typeof v === 'string' && v.startsWith(prefix);
      };
    }
    default: {
      const wanted = value !== false;
      return (ctx) => {
        const v = get(ctx.event);
        return (v !== undefined && v !== '') === wanted;
      };
    }
  }
}

export function numericComparison(op: NumericOp | 'ne', threshold: number): (value: number) => boolean {
  switch (op) {
    case 'eq':
      return (v) => v === threshold;
    case 'ne':
      return (v) => v !== threshold;
    case 'gt':
      return (v) => v > threshold;
    case 'gte':
      return (v) => v >= threshold;
    case 'lt':
      return (v) => v < threshold;
    default:
      return (v) => v <= threshold;
  }
}

function compileInList(list: string, field: EntityField, prefixLength: number): CompiledCondition {
  return (ctx) => {
    const value = entityKey(ctx.event, field, prefixLength);
    if (value === undefined || !ctx.lists.has(list, value)) return false;
    ctx.facts.set('list', list);
    ctx.facts.set('listValue', value);
    return true;
  };
}

function compileAggregate(
  condition: AggregateCondition,
  state: FraudState,
  slots: Set<AggregateSlot>,
): CompiledCondition {
  const slot = state.aggregate({
    measure: condition.aggregate === 'distinct' ? 'distinct' : 'events',
    by: condition.by,
    prefixLength: condition.prefixLength ?? 0,
    ...(condition.of ? { of: condition.of } : {}),
    windowMs: windowMs(condition.window),
    ...(condition.on ? { on: condition.on } : {}),
    ...(condition.where ? { where: Object.entries(condition.where) as [never, string[]][] } : {}),
  });
  slots.add(slot);
  const name = condition.as ?? condition.aggregate;
  const compare = numericComparison(condition.op, condition.value);
  const read =
    condition.aggregate === 'count'
      ? (ctx: EvalContext) => slot.count(ctx.event, ctx.time, ctx.bit)
      : condition.aggregate === 'sum'
        ? (ctx: EvalContext) => slot.sum(ctx.event, ctx.time, ctx.bit)
        : (ctx: EvalContext) => slot.distinct(ctx.event, ctx.time, ctx.bit);
  return (ctx) => {
    const value = read(ctx);
    if (Number.isNaN(value)) return false;
    ctx.facts.set(name, value);
    return compare(value);
  };
}

function compileFanOut(
  condition: { fanOut: EntityField; prefixLength?: number; window: string; on?: string[]; min: number },
  state: FraudState,
  slots: Set<AggregateSlot>,
): CompiledCondition {
  const slot = state.aggregate({
    measure: 'distinct',
    by: condition.fanOut,
    prefixLength: condition.prefixLength ?? 0,
    of: 'accountId',
    windowMs: windowMs(condition.window),
    ...(condition.on ? { on: condition.on } : {}),
  });
  slots.add(slot);
  const min = condition.min;
  return (ctx) => {
    const accounts = slot.distinct(ctx.event, ctx.time, ctx.bit);
    if (Number.isNaN(accounts)) return false;
    ctx.facts.set('accounts', accounts);
    return accounts >= min;
  };
}

function compileStructuring(
  condition: StructuringCondition,
  state: FraudState,
  slots: Set<AggregateSlot>,
): CompiledCondition {
  const threshold = condition.structuring;
  const low = threshold * (1 - condition.band);
  const slot = state.aggregate({
    measure: 'events',
    by: condition.by ?? 'accountId',
    prefixLength: 0,
    windowMs: windowMs(condition.window),
    ...(condition.on ? { on: condition.on } : {}),
    amountGte: low,
    amountLt: threshold,
  });
  slots.add(slot);
  const minCount = condition.minCount;
  return (ctx) => {
    const amount = ctx.event.amount;
    // Only the event that completes the pattern is in question: one inside the band itself.
    if (amount === undefined || amount < low || amount >= threshold) return false;
    const count = slot.count(ctx.event, ctx.time, ctx.bit);
    if (Number.isNaN(count)) return false;
    ctx.facts.set('structuringCount', count);
    ctx.facts.set('threshold', threshold);
    return count >= minCount;
  };
}

function compileDeviceNew(condition: DeviceNewCondition, state: FraudState): CompiledCondition {
  const retention = state.options.historyRetentionMs;
  // Never look further back than history is kept, so eviction cannot change an answer.
  const lookBack = Math.min(condition.within ? windowMs(condition.within) : retention, retention);
  const requireHistory = condition.requireHistory === true;
  return (ctx) => {
    const deviceId = ctx.event.deviceId;
    if (deviceId === undefined || deviceId === '') return false;
    const account = state.accounts.entities.get(ctx.event.accountId);
    const p = account ? segmentAt(account, DEVICE_SEGMENT) : -1;
    const since = ctx.time - lookBack;
    const known = knownDeviceCount(account, p, since);
    if (requireHistory && known === 0) return false;
    ctx.facts.set('knownDevices', known);
    return !knowsDevice(account, p, hash52(deviceId), since);
  };
}

function compileAmountVsHistory(condition: AmountVsHistoryCondition, state: FraudState): CompiledCondition {
  const retention = state.options.historyRetentionMs;
  const lookBack = Math.min(condition.window ? windowMs(condition.window) : retention, retention);
  const lastN = Math.min(
    condition.lastN ?? state.options.amountHistoryLimit,
    state.options.amountHistoryLimit,
  );
  const minHistory = condition.minHistory ?? 3;
  const mask = typeMask(condition.on);
  const { amountVsHistory: stat, factor } = condition;
  return (ctx) => {
    const amount = ctx.event.amount;
    if (amount === undefined || amount <= 0) return false;
    const account = state.accounts.entities.get(ctx.event.accountId);
    const p = account ? segmentAt(account, AMOUNT_SEGMENT) : -1;
    const baseline = amountBaseline(account, p, stat, lastN, ctx.time - lookBack, ctx.time, mask);
    if (baseline.count < minHistory || baseline.value <= 0) return false;
    ctx.facts.set('baseline', baseline.value);
    ctx.facts.set('ratio', amount / baseline.value);
    ctx.facts.set('historyCount', baseline.count);
    return amount > factor * baseline.value;
  };
}
