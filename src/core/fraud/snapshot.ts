/**
 * Durable state: `snapshotLines` writes the whole `FraudState` as versioned JSON lines (a header,
 * then one line per entity), `restoreState` reads them back. Lines are yielded one at a time so a
 * million accounts stream to a file without one giant string. With a journal of the events applied
 * since the snapshot (each with the `now` it was applied with), restore + replay rebuilds exactly the
 * state a process had before a restart.
 */
import type { AggregateSpec } from './aggregates.js';
import { type AggregateSlot, EntityState, FraudState, type FraudStateOptions } from './state.js';
import type { EntityField, FraudEvent } from './types.js';
import { DistinctSeries } from './window-series.js';

export const SNAPSHOT_FORMAT = 'koban-fraud-state/1';

interface SnapshotHeader {
  format: typeof SNAPSHOT_FORMAT;
  watermark: number | null;
  options: Required<FraudStateOptions>;
  tables: { name: string; by: EntityField; prefixLength: number }[];
  /** Per table, its aggregates in slot order. */
  aggregates: AggregateSpec[][];
}

type SeriesRecord =
  | [slot: number, events: number[]]
  | [slot: number, values: string[], buckets: number[]]
  | [slot: number, sketches: number[][]];
/** `[table, key, lastSeen, series, devices, amounts]`. */
type EntityRecord = [number, string, number, SeriesRecord[], number[] | 0, number[] | 0];

export class SnapshotError extends Error {}

export function* snapshotLines(state: FraudState): Generator<string> {
  const header: SnapshotHeader = {
    format: SNAPSHOT_FORMAT,
    watermark: Number.isFinite(state.watermark) ? state.watermark : null,
    options: state.options,
    tables: state.tables.map(({ name, by, prefixLength }) => ({ name, by, prefixLength })),
    aggregates: state.tables.map((table) => table.slots.map((slot) => slot.spec)),
  };
  yield JSON.stringify(header);
  for (let t = 0; t < state.tables.length; t++) {
    for (const [key, entity] of state.tables[t]!.entities) {
      const series: SeriesRecord[] = [];
      entity.series.forEach((item, slot) => {
        if (item === undefined) return;
        if (!(item instanceof DistinctSeries)) series.push([slot, item]);
        else if (item.sketches)
          series.push([slot, [...item.sketches].map(([bucket, bits]) => [bucket, ...bits])]);
        else series.push([slot, item.values, item.lastBuckets]);
      });
      const record: EntityRecord = [
        t,
        key,
        entity.lastSeen,
        series,
        entity.devices ?? 0,
        entity.amounts ?? 0,
      ];
      yield JSON.stringify(record);
    }
  }
}

/** Rebuilds a state from `snapshotLines` output; `options` override the snapshot's own. */
export function restoreState(lines: Iterable<string>, options: FraudStateOptions = {}): FraudState {
  let state: FraudState | undefined;
  let slotMaps: AggregateSlot[][] = [];
  let lineNumber = 0;
  for (const line of lines) {
    lineNumber += 1;
    if (line.length === 0) continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      throw new SnapshotError(`snapshot line ${lineNumber} is not JSON`);
    }
    if (!state) {
      const header = parsed as SnapshotHeader;
      if (header?.format !== SNAPSHOT_FORMAT) throw new SnapshotError(`not a ${SNAPSHOT_FORMAT} snapshot`);
      state = new FraudState({ ...header.options, ...options });
      state.watermark = header.watermark ?? Number.NEGATIVE_INFINITY;
      for (const table of header.tables) state.table(table.by, table.prefixLength);
      const target = state;
      slotMaps = header.aggregates.map((specs) => specs.map((spec) => target.aggregate(spec)));
      continue;
    }
    restoreEntity(state, slotMaps, parsed as EntityRecord, lineNumber);
  }
  if (!state) throw new SnapshotError('empty snapshot');
  return state;
}

function restoreEntity(
  state: FraudState,
  slotMaps: AggregateSlot[][],
  record: EntityRecord,
  lineNumber: number,
): void {
  if (!Array.isArray(record) || record.length !== 6)
    throw new SnapshotError(`snapshot line ${lineNumber} is malformed`);
  const [tableIndex, key, lastSeen, seriesRecords, devices, amounts] = record;
  const table = state.tables[tableIndex];
  const slots = slotMaps[tableIndex];
  if (!table || !slots) throw new SnapshotError(`snapshot line ${lineNumber} names an unknown table`);
  const entity = new EntityState(lastSeen);
  for (const item of seriesRecords) {
    const slot = slots[item[0]];
    if (!slot) throw new SnapshotError(`snapshot line ${lineNumber} names an unknown aggregate`);
    entity.series[slot.index] =
      item.length === 3 ? distinctFromExact(item[1], item[2]) : restoreSeries(slot, item[1]);
  }
  if (devices !== 0) entity.devices = devices;
  if (amounts !== 0) entity.amounts = amounts;
  table.entities.set(key, entity);
}

function restoreSeries(slot: AggregateSlot, data: number[] | number[][]): number[] | DistinctSeries {
  if (slot.spec.measure === 'events') return data as number[];
  const series = new DistinctSeries();
  series.sketches = new Map(
    (data as number[][]).map(([bucket, ...bits]) => [bucket!, Uint32Array.from(bits)]),
  );
  return series;
}

function distinctFromExact(values: string[], buckets: number[]): DistinctSeries {
  const series = new DistinctSeries();
  series.values = values;
  series.lastBuckets = buckets;
  return series;
}

/** An event as applied, with the clock it was applied with: the journal entry for replay. */
export interface AppliedEvent {
  event: FraudEvent;
  now?: number;
}

/** Applies journaled events in order: restore + replay gives the state before the restart. */
export function replayEvents(state: FraudState, journal: Iterable<AppliedEvent>): number {
  let applied = 0;
  for (const entry of journal) {
    state.apply(entry.event, entry.now);
    applied += 1;
  }
  return applied;
}
