/**
 * How state is laid out per entity value, and the read side of window aggregates.
 *
 * Every entity (an account, a device, an IP, a phone range, a bank account) is one flat array in
 * its table's Map: `[lastSeenMinute, ...series]`, and for accounts
 * `[lastSeenMinute, devices, amounts, ...series]`. No object per entity and exact-length arrays
 * throughout: with a million accounts and as many devices and bank accounts, every header counts.
 * `lastSeenMinute` is whole minutes so it stays a small integer rather than a boxed double.
 */
import { type AggregateSpec, compileFilter, type EventFilter, entityKey } from './aggregates.js';
import type { AmountHistory, DeviceHistory } from './history.js';
import type { EntityField, FraudEvent } from './types.js';
import {
  BUCKETS_PER_WINDOW,
  countDistinct,
  type DistinctSeries,
  type EventSeries,
  hash52,
  readEvents,
} from './window-series.js';

export type Series = EventSeries | DistinctSeries;
export type Entity = (number | Series | DeviceHistory | AmountHistory | undefined)[];

export const LAST_SEEN = 0;
export const DEVICES = 1;
export const AMOUNTS = 2;
/** Where the series start: after `lastSeenMinute` (and the two histories in the accounts table). */
export const SERIES_OFFSET = 1;
export const ACCOUNT_SERIES_OFFSET = 3;

export interface EntityTable {
  name: string;
  by: EntityField;
  prefixLength: number;
  entities: Map<string, Entity>;
  slots: AggregateSlot[];
  /** Index of the first series in each entity array. */
  offset: number;
  /** Entities not seen for this long before the watermark hold nothing any query can read. */
  retentionMs: number;
}

export function toMinute(time: number): number {
  return Math.floor(time / 60_000);
}

export function newEntity(table: EntityTable, time: number): Entity {
  const entity: Entity = new Array(table.offset + table.slots.length);
  entity[LAST_SEEN] = toMinute(time);
  return entity;
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

  /** Position of this aggregate's series in an entity array. */
  get position(): number {
    return this.table.offset + this.index;
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
    const series = this.table.entities.get(key)?.[this.position] as DistinctSeries | undefined;
    if (!series) return own === undefined ? 0 : 1;
    return countDistinct(series, Math.floor(time / this.bucketMs) - BUCKETS_PER_WINDOW + 1, own);
  }

  private readEvents(event: FraudEvent, time: number, bit: number, field: 1 | 2): number {
    const key = entityKey(event, this.spec.by, this.spec.prefixLength);
    if (key === undefined) return Number.NaN;
    const own = this.filter(event, bit) ? (field === 1 ? 1 : (event.amount ?? 0)) : 0;
    const series = this.table.entities.get(key)?.[this.position] as EventSeries | undefined;
    if (!series) return own;
    const high = Math.floor(time / this.bucketMs);
    return own + readEvents(series, high - BUCKETS_PER_WINDOW + 1, high, field);
  }
}
