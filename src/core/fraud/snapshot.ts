/**
 * Durable state: `snapshotLines` writes the whole `FraudState` as versioned JSON lines (a header,
 * then one line per entity), `restoreState` reads them back. Lines are yielded one at a time so a
 * million accounts stream to a file without one giant string. With a journal of the events applied
 * since the snapshot (each with the `now` it was applied with), restore + replay rebuilds exactly the
 * state a process had before a restart.
 */
import type { AggregateSpec } from './aggregates.js';
import { AMOUNTS, DEVICES, LAST_SEEN, newEntity } from './entities.js';
import { type AggregateSlot, FraudState, type FraudStateOptions } from './state.js';
import type { EntityField, FraudEvent } from './types.js';
import { DistinctSketch } from './window-series.js';

export const SNAPSHOT_FORMAT = 'koban-fraud-state/1';

interface SnapshotHeader {
  format: typeof SNAPSHOT_FORMAT;
  watermark: number | null;
  options: Required<FraudStateOptions>;
  tables: { name: string; by: EntityField; prefixLength: number }[];
  /** Per table, its aggregates in slot order. */
  aggregates: AggregateSpec[][];
}

/** Event series and exact distinct series as stored; a sketch as `[bucket, ...32 words]` rows. */
type SeriesRecord =
  | [slot: number, data: (string | number)[]]
  | [slot: number, sketch: number[][], marker: 's'];
/** `[table, key, lastSeenMinute, series, devices, amounts]`. */
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
    const table = state.tables[t]!;
    for (const [key, entity] of table.entities) {
      const series: SeriesRecord[] = [];
      for (let i = table.offset; i < entity.length; i++) {
        const item = entity[i];
        if (item === undefined) continue;
        if (item instanceof DistinctSketch) {
          series.push([i - table.offset, [...item.buckets].map(([bucket, bits]) => [bucket, ...bits]), 's']);
        } else series.push([i - table.offset, item as number[]]);
      }
      const devices = table.offset > DEVICES ? (entity[DEVICES] as number[] | undefined) : undefined;
      const amounts = table.offset > AMOUNTS ? (entity[AMOUNTS] as number[] | undefined) : undefined;
      const record: EntityRecord = [t, key, entity[LAST_SEEN] as number, series, devices ?? 0, amounts ?? 0];
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
  const [tableIndex, key, lastSeenMinute, seriesRecords, devices, amounts] = record;
  const table = state.tables[tableIndex];
  const slots = slotMaps[tableIndex];
  if (!table || !slots) throw new SnapshotError(`snapshot line ${lineNumber} names an unknown table`);
  const entity = newEntity(table, 0);
  entity[LAST_SEEN] = lastSeenMinute;
  for (const item of seriesRecords) {
    const slot = slots[item[0]];
    if (!slot) throw new SnapshotError(`snapshot line ${lineNumber} names an unknown aggregate`);
    entity[slot.position] = item.length === 3 ? sketchFrom(item[1]) : (item[1] as number[]);
  }
  if (devices !== 0) entity[DEVICES] = devices;
  if (amounts !== 0) entity[AMOUNTS] = amounts;
  table.entities.set(key, entity);
}

function sketchFrom(rows: number[][]): DistinctSketch {
  const sketch = new DistinctSketch();
  for (const [bucket, ...bits] of rows) sketch.buckets.set(bucket!, Uint32Array.from(bits));
  return sketch;
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
