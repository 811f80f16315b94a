/**
 * `runBacktest`: replays labelled events through a fresh `FraudState` the way production does —
 * for each event, in time order, `evaluate` (the decision the app would have got) and then
 * `apply` (so later events see it in their windows) — timing each decision with a monotonic clock.
 */
import {
  compileRuleSet,
  EMPTY_LISTS,
  FraudState,
  type FraudStateOptions,
  type ListLookup,
  type RuleSetError,
  validateRuleSet,
} from '../../core/fraud/index.js';
import { type BacktestMetrics, computeMetrics, type EventOutcome } from './metrics.js';
import type { LabelledEvent } from './types.js';

export interface BacktestOptions {
  stateOptions?: FraudStateOptions;
  /** Named lists the rules look up; a replay has none by default (no list knows the data-set ids). */
  lists?: ListLookup;
  /** Monotonic nanosecond clock; injectable so tests get exact latencies. */
  clockNs?: () => bigint;
}

export interface BacktestResult extends BacktestMetrics {
  ruleSet: { id: string; version: string; rules: number };
  /** Wall time of the whole replay (evaluate + apply), milliseconds. */
  replayMs: number;
  eventsPerSecond: number | null;
}

export type BacktestRun = { ok: true; result: BacktestResult } | { ok: false; errors: RuleSetError[] };

export function runBacktest(
  ruleSetInput: unknown,
  events: readonly LabelledEvent[],
  options: BacktestOptions = {},
): BacktestRun {
  const validation = validateRuleSet(ruleSetInput);
  if (!validation.ok) return validation;
  const ruleSet = validation.ruleSet;
  const state = new FraudState(options.stateOptions);
  const rules = compileRuleSet(ruleSet, state);
  const lists = options.lists ?? EMPTY_LISTS;
  const clock = options.clockNs ?? process.hrtime.bigint;
  // Sorting here too: a journal export may be out of order, and replay order is the point.
  const ordered = [...events].sort((a, b) => a.event.occurredAt - b.event.occurredAt);
  const outcomes: EventOutcome[] = new Array(ordered.length);
  const started = clock();
  ordered.forEach(({ event, label }, i) => {
    const now = event.occurredAt;
    const before = clock();
    const verdict = rules.evaluate(event, { now, lists });
    const evaluateNs = Number(clock() - before);
    state.apply(event, now);
    const ruleIds: string[] = [];
    const noticeCodes: string[] = [];
    for (const reason of verdict.reasons) {
      if (reason.ruleId === 'engine') noticeCodes.push(reason.code);
      else ruleIds.push(reason.ruleId);
    }
    outcomes[i] = { decision: verdict.decision, label, ruleIds, noticeCodes, evaluateNs };
  });
  const replayMs = Number(clock() - started) / 1e6;
  const enabled = ruleSet.rules.filter((rule) => rule.enabled !== false).map((rule) => rule.id);
  return {
    ok: true,
    result: {
      ruleSet: { id: ruleSet.id, version: ruleSet.version, rules: enabled.length },
      ...computeMetrics(outcomes, enabled),
      replayMs,
      eventsPerSecond: replayMs > 0 ? ordered.length / (replayMs / 1000) : null,
    },
  };
}
