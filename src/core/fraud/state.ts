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
  entityKey,
  normalizeSpec,
  tableName,
  typeBit,
} from './aggregates.js';
import {
  ACCOUNT_SERIES_OFFSET,
  AggregateSlot,
  AMOUNTS,
  DEVICES,
  type Entity,
  type EntityTable,
  LAST_SEEN,
  newEntity,
  SERIES_OFFSET,
  toMinute,
} from './entities.js';
import { type AmountHistory, type DeviceHistory, rememberAmount, rememberDevice } from './history.js';
import type { EntityField, FraudEvent } from './types.js';
import {
  addDistinct,
  addToEvents,
  BUCKETS_PER_WINDOW,
  type DistinctSeries,
  DistinctSketch,
  type EventSeries,
  hash52,
  pruneDistinct,
  pruneEvents,
} from './window-series.js';

export { AggregateSlot, type EntityTable } from './entities.js';

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

export class FraudState {
  readonly options: ResolvedStateOptions;
  /** Latest event time applied: what "too old" and "expired" are measured against. */
  watermark = Number.NEGATIVE_INFINITY;
  readonly tables: EntityTable[] = [];
  readonly accounts: EntityTable;
  private readonly slotsBySignature = new Map<string, AggregateSlot>();
  private sweepTable = 0;
  private sweepCursor: Iterator<[string, Entity]> | undefined = undefined;

  constructor(options: FraudStateOptions = {}) {
    this.options = { ...DEFAULT_STATE_OPTIONS, ...options };
    this.accounts = this.table('accountId', 0);
    this.accounts.offset = ACCOUNT_SERIES_OFFSET;
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
        let series = entity[slot.position] as DistinctSeries | undefined;
        // Prune only when full (exact) or past two windows of buckets (sketch): O(1) amortised.
        if (
          series &&
          (series instanceof DistinctSketch
            ? series.buckets.size > 2 * BUCKETS_PER_WINDOW
            : series.length >= 2 * this.options.distinctExactCap)
        ) {
          series = pruneDistinct(series, low);
        }
        entity[slot.position] = addDistinct(series, hash52(value), bucket, this.options.distinctExactCap);
      } else {
        entity ??= this.enter(table, key, time);
        const series = addToEvents(
          entity[slot.position] as EventSeries | undefined,
          bucket,
          event.amount ?? 0,
        );
        entity[slot.position] = pruneEvents(series, low);
      }
    }
    if (entity && (entity[LAST_SEEN] as number) < toMinute(time)) entity[LAST_SEEN] = toMinute(time);
  }

  private applyHistory(event: FraudEvent, time: number, bit: number): void {
    const hasDevice = event.deviceId !== undefined && event.deviceId !== '';
    const hasAmount = event.amount !== undefined && event.amount > 0;
    if (!hasDevice && !hasAmount) return;
    let account = this.accounts.entities.get(event.accountId);
    account ??= this.enter(this.accounts, event.accountId, time);
    if ((account[LAST_SEEN] as number) < toMinute(time)) account[LAST_SEEN] = toMinute(time);
    const { deviceHistoryLimit, amountHistoryLimit } = this.options;
    if (hasDevice) {
      const devices = account[DEVICES] as DeviceHistory | undefined;
      account[DEVICES] = rememberDevice(devices, event.deviceId!, time, deviceHistoryLimit);
    }
    if (hasAmount) {
      const amounts = account[AMOUNTS] as AmountHistory | undefined;
      account[AMOUNTS] = rememberAmount(amounts, event.amount!, time, bit, amountHistoryLimit);
    }
  }

  private enter(table: EntityTable, key: string, time: number): Entity {
    const entity = newEntity(table, time);
    table.entities.set(key, entity);
    return entity;
  }

  /** @internal for snapshots: the table for `by`/`prefixLength`, created on first use. */
  table(by: EntityField, prefixLength: number): EntityTable {
    const name = tableName(by, prefixLength);
    let table = this.tables.find((t) => t.name === name);
    if (!table) {
      table = {
        name,
        by,
        prefixLength,
        entities: new Map(),
        slots: [],
        offset: SERIES_OFFSET,
        retentionMs: 0,
      };
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
      if ((entity[LAST_SEEN] as number) < toMinute(this.watermark - table.retentionMs)) {
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
        for (let i = table.offset; i < entity.length; i++) {
          if (entity[i] instanceof DistinctSketch) approximateDistinctKeys += 1;
        }
      }
    }
    return { entities, approximateDistinctKeys };
  }
}
