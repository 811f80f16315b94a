/**
 * Entity tables (one per key kind: `accountId`, `deviceId`, `phone/9`, …) and the read side of
 * window aggregates. Each entity is one flat array (`segments.ts`); an account's first two
 * segments are its device and amount histories, then one segment per aggregate of the table.
 */
import {
  type AggregateSpec,
  compileFilter,
  type EventFilter,
  entityKey,
  summableAmount,
} from './aggregates.js';
import { type Entity, SKETCHED, segmentAt } from './segments.js';
import type { EntityField, FraudEvent } from './types.js';
import {
  BUCKETS_PER_WINDOW,
  countDistinctAt,
  type DistinctSketch,
  hash52,
  readEventsAt,
} from './window-series.js';

export const DEVICE_SEGMENT = 0;
export const AMOUNT_SEGMENT = 1;

export interface EntityTable {
  name: string;
  by: EntityField;
  prefixLength: number;
  entities: Map<string, Entity>;
  /** Distinct counts that outgrew the exact form, by key and then aggregate index. */
  sketches: Map<string, Map<number, DistinctSketch>>;
  slots: AggregateSlot[];
  /** Segment of the first aggregate: 2 for accounts (after the histories), else 0. */
  firstSlotSegment: number;
  /** Entities not seen for this long before the watermark hold nothing any query can read. */
  retentionMs: number;
}

export function toMinute(time: number): number {
  return Math.floor(time / 60_000);
}

/** Window reads for one registered aggregate. NaN when the event lacks the key (every comparison fails). */
export class AggregateSlot {
  readonly bucketMs: number;
  readonly filter: EventFilter;
  /** This aggregate's segment in each entity of its table. */
  readonly segment: number;
  constructor(
    readonly signature: string,
    readonly spec: AggregateSpec,
    readonly table: EntityTable,
    readonly index: number,
  ) {
    this.bucketMs = spec.windowMs / BUCKETS_PER_WINDOW;
    this.filter = compileFilter(spec);
    this.segment = table.firstSlotSegment + index;
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
    const ownValue = this.filter(event, bit) ? entityKey(event, this.spec.of!, 0) : undefined;
    const own = ownValue === undefined ? undefined : hash52(ownValue);
    const entity = this.table.entities.get(key);
    const p = entity ? segmentAt(entity, this.segment) : -1;
    const low = Math.floor(time / this.bucketMs) - BUCKETS_PER_WINDOW + 1;
    if (p >= 0 && entity![p] === SKETCHED)
      return this.table.sketches.get(key)!.get(this.index)!.count(low, own);
    if (p < 0) return own === undefined ? 0 : 1;
    return countDistinctAt(entity!, p, low, own);
  }

  private readEvents(event: FraudEvent, time: number, bit: number, field: 1 | 2): number {
    const key = entityKey(event, this.spec.by, this.spec.prefixLength);
    if (key === undefined) return Number.NaN;
    const own = this.filter(event, bit) ? (field === 1 ? 1 : summableAmount(event)) : 0;
    const entity = this.table.entities.get(key);
    if (!entity) return own;
    const p = segmentAt(entity, this.segment);
    if (p < 0) return own;
    const high = Math.floor(time / this.bucketMs);
    return own + readEventsAt(entity, p, high - BUCKETS_PER_WINDOW + 1, high, field);
  }
}
