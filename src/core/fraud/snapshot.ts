/**
 * Durable state: `snapshotLines` writes the whole `FraudState` as versioned JSON lines (a header,
 * then one line per entity: its flat array as is, plus any distinct sketches), `restoreState` reads
 * them back. Lines are yielded one at a time so a million accounts stream to a file without one
 * giant string. With a journal of the events applied since the snapshot (each with the `now` it
 * was applied with), restore + replay rebuilds exactly the state a process had before a restart.
 */
import type { AggregateSpec } from './aggregates.js';
import type { Entity } from './segments.js';
import { type AggregateSlot, FraudState, type FraudStateOptions } from './state.js';
import type { EntityField, FraudEvent } from './types.js';
import { DistinctSketch } from './window-series.js';

export const SNAPSHOT_FORMAT = 'koban-fraud-state/2';

interface SnapshotHeader {
  format: typeof SNAPSHOT_FORMAT;
  watermark: number | null;
  options: Required<FraudStateOptions>;
  tables: { name: string; by: EntityField; prefixLength: number }[];
  /** Per table, its aggregates in slot order (segments follow this order). */
  aggregates: AggregateSpec[][];
}

/** A sketch as `[aggregateIndex, [[bucket, ...32 bitmap words], …]]`. */
type SketchRecord = [number, number[][]];
/** `[table, key, entity, sketches?]`. */
type EntityRecord = [number, string, Entity] | [number, string, Entity, SketchRecord[]];

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
      const sketches = table.sketches.get(key);
      if (!sketches) {
        yield JSON.stringify([t, key, entity]);
        continue;
      }
      const records: SketchRecord[] = [...sketches].map(([index, sketch]) => [
        index,
        [...sketch.buckets].map(([bucket, bits]) => [bucket, ...bits]),
      ]);
      yield JSON.stringify([t, key, entity, records]);
    }
  }
}

/**
 * Rebuilds a state from `snapshotLines` output; `options` override the snapshot's own. Compile rule
 * sets against the restored state afterwards: their aggregates find the restored ones by signature.
 */
export function restoreState(lines: Iterable<string>, options: FraudStateOptions = {}): FraudState {
  let state: FraudState | undefined;
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
      state = fromHeader(parsed as SnapshotHeader, options);
      continue;
    }
    restoreEntity(state, parsed as EntityRecord, lineNumber);
  }
  if (!state) throw new SnapshotError('empty snapshot');
  return state;
}

function fromHeader(header: SnapshotHeader, options: FraudStateOptions): FraudState {
  if (header?.format !== SNAPSHOT_FORMAT) throw new SnapshotError(`not a ${SNAPSHOT_FORMAT} snapshot`);
  const state = new FraudState({ ...header.options, ...options });
  state.watermark = header.watermark ?? Number.NEGATIVE_INFINITY;
  header.tables.forEach((table, t) => {
    state.table(table.by, table.prefixLength);
    const slots: AggregateSlot[] = (header.aggregates[t] ?? []).map((spec) => state.aggregate(spec));
    // Segments are positional: the restored table must list the aggregates in the same order.
    if (slots.some((slot, i) => slot.index !== i))
      throw new SnapshotError(`aggregates of ${table.name} out of order`);
  });
  return state;
}

function restoreEntity(state: FraudState, record: EntityRecord, lineNumber: number): void {
  if (!Array.isArray(record) || record.length < 3 || !Array.isArray(record[2])) {
    throw new SnapshotError(`snapshot line ${lineNumber} is malformed`);
  }
  const [tableIndex, key, entity, sketches] = record;
  const table = state.tables[tableIndex];
  if (!table) throw new SnapshotError(`snapshot line ${lineNumber} names an unknown table`);
  table.entities.set(key, entity);
  if (!sketches) return;
  const byIndex = new Map<number, DistinctSketch>();
  for (const [index, rows] of sketches) {
    const sketch = new DistinctSketch();
    for (const [bucket, ...bits] of rows) sketch.buckets.set(bucket!, Uint32Array.from(bits));
    byIndex.set(index, sketch);
  }
  table.sketches.set(key, byIndex);
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
