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
  summableAmount,
  tableName,
  typeBit,
} from './aggregates.js';
import { AggregateSlot, AMOUNT_SEGMENT, DEVICE_SEGMENT, type EntityTable, toMinute } from './entities.js';
import { rememberAmount, rememberDevice } from './history.js';
import { type Entity, LAST_SEEN, newEntity, SKETCHED, segmentAt, withSegment } from './segments.js';
import type { EntityField, FraudEvent } from './types.js';
import { addDistinct, addEvent, BUCKETS_PER_WINDOW, DistinctSketch, hash52 } from './window-series.js';

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
    this.accounts.firstSlotSegment = AMOUNT_SEGMENT + 1;
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
    const stored = table.entities.get(key);
    let entity = stored;
    for (const slot of table.slots) {
      if (!slot.filter(event, bit)) continue;
      const bucket = Math.floor(time / slot.bucketMs);
      const newest = Math.floor(this.watermark / slot.bucketMs);
      if (bucket <= newest - BUCKETS_PER_WINDOW) continue;
      // Keep two windows so an event up to one window late still reads its whole window.
      const low = newest - 2 * BUCKETS_PER_WINDOW + 1;
      if (slot.spec.measure === 'events') {
        entity ??= this.newEntity(table, time);
        entity = addEvent(entity, slot.segment, bucket, summableAmount(event), low);
        continue;
      }
      const value = entityKey(event, slot.spec.of!, 0);
      if (value === undefined) continue;
      entity ??= this.newEntity(table, time);
      entity = this.addDistinct(table, key, entity, slot, hash52(value), bucket, low);
    }
    if (!entity) return;
    if (entity[LAST_SEEN]! < toMinute(time)) entity[LAST_SEEN] = toMinute(time);
    if (entity !== stored) table.entities.set(key, entity);
  }

  private addDistinct(
    table: EntityTable,
    key: string,
    entity: Entity,
    slot: AggregateSlot,
    hash: number,
    bucket: number,
    low: number,
  ): Entity {
    const p = segmentAt(entity, slot.segment);
    if (p >= 0 && entity[p] === SKETCHED) {
      const sketch = table.sketches.get(key)!.get(slot.index)!;
      sketch.add(hash, bucket);
      // A sketch holds at most two windows of buckets; when all expire the key is exact again.
      if (sketch.buckets.size > 2 * BUCKETS_PER_WINDOW && sketch.prune(low))
        return this.unsketch(table, key, entity, slot);
      return entity;
    }
    const result = addDistinct(entity, slot.segment, hash, bucket, this.options.distinctExactCap, low);
    if (Array.isArray(result)) return result;
    const sketch = DistinctSketch.fromExact(result.overflow);
    sketch.add(hash, bucket);
    let byIndex = table.sketches.get(key);
    if (!byIndex) {
      byIndex = new Map();
      table.sketches.set(key, byIndex);
    }
    byIndex.set(slot.index, sketch);
    return withSegment(entity, slot.segment, [], SKETCHED);
  }

  private unsketch(table: EntityTable, key: string, entity: Entity, slot: AggregateSlot): Entity {
    const byIndex = table.sketches.get(key)!;
    byIndex.delete(slot.index);
    if (byIndex.size === 0) table.sketches.delete(key);
    return withSegment(entity, slot.segment, []);
  }

  private applyHistory(event: FraudEvent, time: number, bit: number): void {
    const hasDevice = event.deviceId !== undefined && event.deviceId !== '';
    const hasAmount = summableAmount(event) > 0;
    if (!hasDevice && !hasAmount) return;
    const stored = this.accounts.entities.get(event.accountId);
    let account = stored ?? this.newEntity(this.accounts, time);
    if (account[LAST_SEEN]! < toMinute(time)) account[LAST_SEEN] = toMinute(time);
    const { deviceHistoryLimit, amountHistoryLimit } = this.options;
    if (hasDevice) {
      account = rememberDevice(account, DEVICE_SEGMENT, hash52(event.deviceId!), time, deviceHistoryLimit);
    }
    if (hasAmount) {
      account = rememberAmount(account, AMOUNT_SEGMENT, event.amount!, time, bit, amountHistoryLimit);
    }
    if (account !== stored) this.accounts.entities.set(event.accountId, account);
  }

  private newEntity(table: EntityTable, time: number): Entity {
    return newEntity(table.firstSlotSegment + table.slots.length, toMinute(time));
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
        sketches: new Map(),
        slots: [],
        firstSlotSegment: 0,
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
      if (entity[LAST_SEEN]! < toMinute(this.watermark - table.retentionMs)) {
        table.entities.delete(key);
        table.sketches.delete(key);
        evicted += 1;
      }
    }
    return evicted;
  }

  /** Keys held per table and how many distinct counts run on a sketch, for metrics. */
  stats(): { entities: Record<string, number>; approximateDistinctKeys: number } {
    const entities: Record<string, number> = {};
    let approximateDistinctKeys = 0;
    for (const table of this.tables) {
      entities[table.name] = table.entities.size;
      for (const byIndex of table.sketches.values()) approximateDistinctKeys += byIndex.size;
    }
    return { entities, approximateDistinctKeys };
  }
}
