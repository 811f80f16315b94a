/**
 * Turns per-event outcomes of a replay into the numbers an analyst tunes a rule set by: alert
 * rates, event-level precision/recall/F1 (with "any alert" and "hold or deny" as the positive
 * class), confusion by decision, per-rule hits by label, engine notices, decision latency.
 * Pure: the replay measures, this only counts.
 */
import { FRAUD_DECISIONS, type FraudDecision } from '../../core/fraud/index.js';
import type { FraudLabel } from './types.js';

/** What the replay keeps of one event. */
export interface EventOutcome {
  decision: FraudDecision;
  label: FraudLabel | undefined;
  /** Rules that matched (engine notices excluded). */
  ruleIds: readonly string[];
  /** Engine notice codes (`late_event`, `unknown_event_type`, …). */
  noticeCodes: readonly string[];
  /** Time `evaluate` took, nanoseconds. */
  evaluateNs: number;
}

export interface LabelCounts {
  fraud: number;
  legitimate: number;
  unlabelled: number;
}

export interface AlertRate {
  count: number;
  /** Share of all events; null when there are none. */
  rate: number | null;
}

/** Event-level quality over labelled events only; ratios are null when undefined (0/0). */
export interface DetectionQuality {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  trueNegatives: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface RuleHits extends LabelCounts {
  ruleId: string;
  hits: number;
  /** Share of the rule's labelled hits that are fraud. */
  precision: number | null;
  /** Share of all fraud events this rule fired on. */
  fraudCoverage: number | null;
}

export interface LatencySummary {
  p50Us: number;
  p99Us: number;
  maxUs: number;
  meanUs: number;
}

export interface BacktestMetrics {
  events: number;
  labels: LabelCounts;
  alerts: { anyAlert: AlertRate; holdOrDeny: AlertRate };
  detection: { anyAlert: DetectionQuality; holdOrDeny: DetectionQuality };
  confusion: Record<FraudDecision, LabelCounts>;
  rules: RuleHits[];
  notices: Record<string, number>;
  latency: LatencySummary;
}

const HOLD_OR_DENY: ReadonlySet<FraudDecision> = new Set(['hold', 'deny']);

/** `ruleIds` lists every enabled rule so rules that never fire show up with zero hits. */
export function computeMetrics(
  outcomes: readonly EventOutcome[],
  ruleIds: readonly string[],
): BacktestMetrics {
  const labels = emptyCounts();
  const confusion = Object.fromEntries(FRAUD_DECISIONS.map((d) => [d, emptyCounts()])) as Record<
    FraudDecision,
    LabelCounts
  >;
  const perRule = new Map<string, LabelCounts>(ruleIds.map((id) => [id, emptyCounts()]));
  const notices: Record<string, number> = {};
  const latencies = new Float64Array(outcomes.length);
  outcomes.forEach((outcome, i) => {
    const key = outcome.label ?? 'unlabelled';
    labels[key] += 1;
    confusion[outcome.decision][key] += 1;
    for (const ruleId of outcome.ruleIds) {
      const counts = perRule.get(ruleId) ?? emptyCounts();
      counts[key] += 1;
      perRule.set(ruleId, counts);
    }
    for (const code of outcome.noticeCodes) notices[code] = (notices[code] ?? 0) + 1;
    latencies[i] = outcome.evaluateNs;
  });
  const anyAlert = outcomes.filter((o) => o.decision !== 'allow').length;
  const holdOrDeny = outcomes.filter((o) => HOLD_OR_DENY.has(o.decision)).length;
  return {
    events: outcomes.length,
    labels,
    alerts: { anyAlert: rate(anyAlert, outcomes.length), holdOrDeny: rate(holdOrDeny, outcomes.length) },
    detection: {
      anyAlert: quality(outcomes, (d) => d !== 'allow'),
      holdOrDeny: quality(outcomes, (d) => HOLD_OR_DENY.has(d)),
    },
    confusion,
    rules: [...perRule].map(([ruleId, counts]) => ({
      ruleId,
      hits: counts.fraud + counts.legitimate + counts.unlabelled,
      ...counts,
      precision: ratio(counts.fraud, counts.fraud + counts.legitimate),
      fraudCoverage: ratio(counts.fraud, labels.fraud),
    })),
    notices,
    latency: summarizeLatency(latencies),
  };
}

function quality(
  outcomes: readonly EventOutcome[],
  positive: (d: FraudDecision) => boolean,
): DetectionQuality {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const { decision, label } of outcomes) {
    if (label === undefined) continue;
    const flagged = positive(decision);
    if (label === 'fraud') {
      if (flagged) tp += 1;
      else fn += 1;
    } else if (flagged) fp += 1;
    else tn += 1;
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 =
    precision === null || recall === null || precision + recall === 0
      ? null
      : (2 * precision * recall) / (precision + recall);
  return {
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    trueNegatives: tn,
    precision,
    recall,
    f1,
  };
}

/** Nearest-rank percentiles in microseconds. */
export function summarizeLatency(nanoseconds: Float64Array): LatencySummary {
  if (nanoseconds.length === 0) return { p50Us: 0, p99Us: 0, maxUs: 0, meanUs: 0 };
  const sorted = Float64Array.from(nanoseconds).sort();
  const at = (p: number): number => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]! / 1000;
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    p50Us: at(0.5),
    p99Us: at(0.99),
    maxUs: sorted[sorted.length - 1]! / 1000,
    meanUs: total / sorted.length / 1000,
  };
}

function rate(count: number, total: number): AlertRate {
  return { count, rate: ratio(count, total) };
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function emptyCounts(): LabelCounts {
  return { fraud: 0, legitimate: 0, unlabelled: 0 };
}
