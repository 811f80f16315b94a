/**
 * What every data-set adapter shares: the fixed currency rate, the replay calendar, and the path
 * through `normalizeFraudEvent` so a backtest sees exactly what production would accept.
 */
import { normalizeFraudEvent } from '../../../core/fraud/index.js';
import type { FraudLabel, LabelledEvent, SkippedRow } from '../types.js';

/**
 * Yen per US dollar used for every conversion. Fixed, not a market rate, so results are
 * reproducible; 150 is roughly the 2024–2026 average. PaySim and AMLSim amounts have no stated
 * currency and are read as dollar-like units at the same rate.
 */
export const DEFAULT_YEN_PER_USD = 150;

/** Replays start at 2026-01-01 00:00 JST: data-set steps become plausible Japanese clock times. */
export const REPLAY_EPOCH_MS = Date.UTC(2025, 11, 31, 15, 0, 0);

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export function toYen(amount: number, yenPerUsd: number): number {
  return Math.round(amount * yenPerUsd);
}

/**
 * Data sets that only give a step (PaySim hours, AMLSim days) would put a whole step at one
 * instant, which makes every sub-step window see the step's full volume at once. Rows of a step
 * keep their file order and are spread evenly across it instead.
 */
export function spreadWithinSteps(steps: readonly number[], stepMs: number): number[] {
  const perStep = new Map<number, number>();
  for (const step of steps) perStep.set(step, (perStep.get(step) ?? 0) + 1);
  const seen = new Map<number, number>();
  return steps.map((step) => {
    const index = seen.get(step) ?? 0;
    seen.set(step, index + 1);
    return REPLAY_EPOCH_MS + step * stepMs + Math.floor((index * stepMs) / perStep.get(step)!);
  });
}

/** Normalizes one raw event; a rejected one becomes a skipped row with the engine's reasons. */
export function labelled(
  raw: Record<string, unknown>,
  label: FraudLabel | undefined,
  line: number,
  events: LabelledEvent[],
  skipped: SkippedRow[],
): void {
  const normalized = normalizeFraudEvent(raw);
  if (!normalized.ok) {
    skipped.push({ line, message: normalized.errors.map((e) => `${e.path} ${e.message}`).join('; ') });
    return;
  }
  events.push(label === undefined ? { event: normalized.event } : { event: normalized.event, label });
}

/** By event time; `Array.prototype.sort` is stable, so rows of the same instant keep their input order. */
export function inTimeOrder(events: readonly LabelledEvent[]): LabelledEvent[] {
  return [...events].sort((a, b) => a.event.occurredAt - b.event.occurredAt);
}

export function parseAmount(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
