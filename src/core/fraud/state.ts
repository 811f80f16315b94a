/**
 * `FraudState`: everything the rules remember, in memory — sliding-window aggregates keyed by
 * (aggregate signature, entity value), per-account device and amount history — with bounded size
 * per key and eviction of keys no window can reach any more. Reads (`AggregateSlot.count` …) never
 * mutate; only `apply` does, so the caller decides what is applied once (duplicate ids are the
 * caller's to drop). Time always comes from the caller.
 */
import {
  type AggregateSpec,
  aggregateSignature,
  compileFilter,
  type EventFilter,
  entityKey,
  normalizeSpec,
  tableName,
  typeBit,
} from './aggregates.js';
import { type AmountHistory, type DeviceHistory, rememberAmount, rememberDevice } from './history.js';
import type { EntityField, FraudEvent } from './types.js';
import {
  addToEvents,
  BUCKETS_PER_WINDOW,
  DistinctSeries,
  type EventSeries,
  pruneEvents,
  readEvents,
} from './window-series.js';

export interface FraudStateOptions {
  /** Devices remembered per account (least recently seen replaced). Default 8. */
  deviceHistoryLimit?: number;
  /** Amounts remembered per account for `amountVsHistory`. Default 12. */
  amountHistoryLimit?: number;
  /** How long device and amount history count. Default 90 days. */
  historyRetentionMs?: number;
  /** Distinct values kept exactly per key before switching to a sketch. Default 64. */
  distinctExactCap?: number;
  /** Entities checked for expiry on each `apply` (incremental eviction). Default 4. */
  sweepPerApply?: number;
  /** Events dated further ahead of the caller's clock are clamped to it. Default 5 minutes. */
  clockSkewToleranceMs?: number;
}

/** An event's time as the state counts it: `occurredAt`, or the caller's clock when it is too far ahead. */
export interface EventTime {
  time: number;
  /** How far ahead of the clock the event claimed to be, when it was clamped (ms); else 0. */
  clampedBy: number;
}

export type ResolvedStateOptions = Required<FraudStateOptions>;

export const DEFAULT_STATE_OPTIONS: ResolvedStateOptions = {
  deviceHistoryLimit: 8,
  amountHistoryLimit: 12,
  historyRetentionMs: 90 * 86_400_000,
  distinctExactCap: 64,
  sweepPerApply: 4,
  clockSkewToleranceMs: 5 * 60_000,
};

/** Everything remembered about one entity value (an account, a device, an IP, a phone range…). */
export class EntityState {
  lastSeen: number;
  series: (EventSeries | DistinctSeries | undefined)[] = [];
  devices: DeviceHistory | undefined = undefined;
  amounts: AmountHistory | undefined = undefined;
  constructor(lastSeen: number) {
    this.lastSeen = lastSeen;
  }
}

export interface EntityTable {
  name: string;
  by: EntityField;
  prefixLength: number;
  entities: Map<string, EntityState>;
  slots: AggregateSlot[];
  /** Entities not seen for this long before the watermark hold nothing any query can read. */
  retentionMs: number;
}

/** Window reads for one registered aggregate. NaN when the event lacks the key (every comparison fails). */
export class AggregateSlot {
  readonly bucketMs: number;
  readonly filter: EventFilter;
  constructor(
    readonly signature: string,
    readonly spec: AggregateSpec,
    readonly table: EntityTable,
    readonly index: number,
  ) {
    this.bucketMs = spec.windowMs / BUCKETS_PER_WINDOW;
    this.filter = compileFilter(spec);
  }

  /** Events in the window ending at `time`, including `event` itself when it matches. */
  count(event: FraudEvent, time: number, bit: number): number {
    return this.readEvents(event, time, bit, 1);
  }

  /** Sum of amounts in the window ending at `time`, including `event`'s own amount when it matches. */
  sum(event: FraudEvent, time: number, bit: number): number {
    return this.readEvents(event, time, bit, 2);
  }

  /** Distinct values of `of` seen from the window's start on, counting `event`'s own value. */
  distinct(event: FraudEvent, time: number, bit: number): number {
    const key = entityKey(event, this.spec.by, this.spec.prefixLength);
    if (key === undefined) return Number.NaN;
    const matches = this.filter(event, bit);
    const own = matches ? entityKey(event, this.spec.of!, 0) : undefined;
    const series = this.table.entities.get(key)?.series[this.index] as DistinctSeries | undefined;
    const low = Math.floor(time / this.bucketMs) - BUCKETS_PER_WINDOW + 1;
    if (!series) return own === undefined ? 0 : 1;
    return series.count(low, own);
  }

  private readEvents(event: FraudEvent, time: number, bit: number, field: 1 | 2): number {
    const key = entityKey(event, this.spec.by, this.spec.prefixLength);
    if (key === undefined) return Number.NaN;
    const own = this.filter(event, bit) ? (field === 1 ? 1 : (event.amount ?? 0)) : 0;
    const series = this.table.entities.get(key)?.series[this.index] as EventSeries | undefined;
    if (!series) return own;
    const high = Math.floor(time / this.bucketMs);
    return own + readEvents(series, high - BUCKETS_PER_WINDOW + 1, high, field);
  }
}

export class FraudState {
  readonly options: ResolvedStateOptions;
  /** Latest event time applied: what "too old" and "expired" are measured against. */
  watermark = Number.NEGATIVE_INFINITY;
  readonly tables: EntityTable[] = [];
  readonly accounts: EntityTable;
  private readonly slotsBySignature = new Map<string, AggregateSlot>();
  private sweepTable = 0;
  private sweepCursor: Iterator<[string, EntityState]> | undefined = undefined;

  constructor(options: FraudStateOptions = {}) {
    this.options = { ...DEFAULT_STATE_OPTIONS, ...options };
    this.accounts = this.table('accountId', 0);
    this.accounts.retentionMs = this.options.historyRetentionMs;
  }

  /** The slot for this aggregate, shared with every rule set that asked for the same signature. */
  aggregate(spec: AggregateSpec): AggregateSlot {
    const normalized = normalizeSpec(spec);
    const signature = aggregateSignature(normalized);
    const existing = this.slotsBySignature.get(signature);
    if (existing) return existing;
    const table = this.table(normalized.by, normalized.prefixLength);
    const slot = new AggregateSlot(signature, normalized, table, table.slots.length);
    table.slots.push(slot);
    table.retentionMs = Math.max(table.retentionMs, 2 * normalized.windowMs);
    this.slotsBySignature.set(signature, slot);
    return slot;
  }

  get slots(): AggregateSlot[] {
    return [...this.slotsBySignature.values()];
  }

  /** `now` is the caller's clock (receipt time); without it the event's own time is trusted. */
  eventTime(event: FraudEvent, now?: number): EventTime {
    const claimed = event.occurredAt;
    if (now === undefined || !(claimed > now + this.options.clockSkewToleranceMs))
      return { time: claimed, clampedBy: 0 };
    return { time: now, clampedBy: claimed - now };
  }

  /**
   * Records one event (its time clamped as in `eventTime`). An aggregate ignores the event when it
   * is older than its window before the watermark; a late event within the window lands in its own
   * bucket. Call it once per event id: the state does not deduplicate.
   */
  apply(event: FraudEvent, now?: number): void {
    const time = this.eventTime(event, now).time;
    if (!Number.isFinite(time)) return;
    if (time > this.watermark) this.watermark = time;
    const bit = typeBit(event.type);
    for (const table of this.tables) {
      if (table.slots.length === 0) continue;
      const key = entityKey(event, table.by, table.prefixLength);
      if (key !== undefined) this.applyToTable(table, key, event, time, bit);
    }
    if (time >= this.watermark - this.options.historyRetentionMs) this.applyHistory(event, time, bit);
    if (this.options.sweepPerApply > 0) this.sweep(this.options.sweepPerApply);
  }

  private applyToTable(table: EntityTable, key: string, event: FraudEvent, time: number, bit: number): void {
    let entity = table.entities.get(key);
    for (const slot of table.slots) {
      if (!slot.filter(event, bit)) continue;
      const bucket = Math.floor(time / slot.bucketMs);
      const newest = Math.floor(this.watermark / slot.bucketMs);
      if (bucket <= newest - BUCKETS_PER_WINDOW) continue;
      // Keep two windows so an event up to one window late still reads its whole window.
      const low = newest - 2 * BUCKETS_PER_WINDOW + 1;
      if (slot.spec.measure === 'distinct') {
        const value = entityKey(event, slot.spec.of!, 0);
        if (value === undefined) continue;
        entity ??= this.enter(table, key, time);
        let series = entity.series[slot.index] as DistinctSeries | undefined;
        if (!series) entity.series[slot.index] = series = new DistinctSeries();
        if (
          series.values.length >= this.options.distinctExactCap ||
          (series.sketches?.size ?? 0) > 2 * BUCKETS_PER_WINDOW
        ) {
          series.prune(low);
        }
        series.add(value, bucket, this.options.distinctExactCap);
      } else {
        entity ??= this.enter(table, key, time);
        let series = entity.series[slot.index] as EventSeries | undefined;
        if (!series) entity.series[slot.index] = series = [];
        addToEvents(series, bucket, event.amount ?? 0);
        pruneEvents(series, low);
      }
    }
    if (entity && entity.lastSeen < time) entity.lastSeen = time;
  }

  private applyHistory(event: FraudEvent, time: number, bit: number): void {
    const hasDevice = event.deviceId !== undefined && event.deviceId !== '';
    const hasAmount = event.amount !== undefined && event.amount > 0;
    if (!hasDevice && !hasAmount) return;
    let account = this.accounts.entities.get(event.accountId);
    account ??= this.enter(this.accounts, event.accountId, time);
    if (account.lastSeen < time) account.lastSeen = time;
    if (hasDevice) {
      account.devices ??= [];
      rememberDevice(account.devices, event.deviceId!, time, this.options.deviceHistoryLimit);
    }
    if (hasAmount) {
      account.amounts ??= [];
      rememberAmount(account.amounts, event.amount!, time, bit, this.options.amountHistoryLimit);
    }
  }

  private enter(table: EntityTable, key: string, time: number): EntityState {
    const entity = new EntityState(time);
    table.entities.set(key, entity);
    return entity;
  }

  /** @internal for snapshots: the table for `by`/`prefixLength`, created on first use. */
  table(by: EntityField, prefixLength: number): EntityTable {
    const name = tableName(by, prefixLength);
    let table = this.tables.find((t) => t.name === name);
    if (!table) {
      table = { name, by, prefixLength, entities: new Map(), slots: [], retentionMs: 0 };
      this.tables.push(table);
    }
    return table;
  }

  /**
   * Checks up to `limit` entities (round robin over all tables) and drops those not seen within
   * their table's retention; returns how many were dropped. `apply` calls it with a small limit so
   * eviction is incremental; call `sweep(Infinity)` for a full pass.
   */
  sweep(limit: number): number {
    let evicted = 0;
    let visited = 0;
    let tablesStarted = 0;
    while (visited < limit && tablesStarted <= this.tables.length) {
      const table = this.tables[this.sweepTable]!;
      this.sweepCursor ??= table.entities.entries();
      const next = this.sweepCursor.next();
      if (next.done) {
        this.sweepCursor = undefined;
        this.sweepTable = (this.sweepTable + 1) % this.tables.length;
        tablesStarted += 1;
        continue;
      }
      visited += 1;
      const [key, entity] = next.value;
      if (entity.lastSeen < this.watermark - table.retentionMs) {
        table.entities.delete(key);
        evicted += 1;
      }
    }
    return evicted;
  }

  /** Keys held per table and how many distinct series run on a sketch, for metrics. */
  stats(): { entities: Record<string, number>; approximateDistinctKeys: number } {
    const entities: Record<string, number> = {};
    let approximateDistinctKeys = 0;
    for (const table of this.tables) {
      entities[table.name] = table.entities.size;
      for (const entity of table.entities.values()) {
        for (const series of entity.series)
          if (series instanceof DistinctSeries && series.isApproximate()) approximateDistinctKeys += 1;
      }
    }
    return { entities, approximateDistinctKeys };
  }
}
