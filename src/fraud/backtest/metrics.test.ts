import { describe, expect, it } from 'vitest';
import { computeMetrics, type EventOutcome } from './metrics.js';

// Six events worked out by hand in the comments below; the third rule never fires.
const outcomes: EventOutcome[] = [
  { decision: 'allow', label: 'legitimate', ruleIds: [], noticeCodes: [], evaluateNs: 1_000 },
  { decision: 'step_up', label: 'fraud', ruleIds: ['r1'], noticeCodes: [], evaluateNs: 2_000 },
  { decision: 'hold', label: 'legitimate', ruleIds: ['r1', 'r2'], noticeCodes: [], evaluateNs: 3_000 },
  { decision: 'deny', label: 'fraud', ruleIds: ['r2'], noticeCodes: [], evaluateNs: 4_000 },
  { decision: 'allow', label: 'fraud', ruleIds: [], noticeCodes: [], evaluateNs: 5_000 },
  {
    decision: 'step_up',
    label: undefined,
    ruleIds: ['r1'],
    noticeCodes: ['late_event'],
    evaluateNs: 100_000,
  },
];

describe('computeMetrics', () => {
  const metrics = computeMetrics(outcomes, ['r1', 'r2', 'r3']);

  it('counts labels and alert rates over all events', () => {
    expect(metrics.events).toBe(6);
    expect(metrics.labels).toEqual({ fraud: 3, legitimate: 2, unlabelled: 1 });
    expect(metrics.alerts.anyAlert).toEqual({ count: 4, rate: 4 / 6 });
    expect(metrics.alerts.holdOrDeny).toEqual({ count: 2, rate: 2 / 6 });
  });

  it('computes precision, recall and F1 over labelled events only', () => {
    // any alert: TP = events 2 and 4, FP = 3, FN = 5, TN = 1; event 6 is unlabelled.
    expect(metrics.detection.anyAlert).toEqual({
      truePositives: 2,
      falsePositives: 1,
      falseNegatives: 1,
      trueNegatives: 1,
      precision: 2 / 3,
      recall: 2 / 3,
      f1: 2 / 3,
    });
    // hold or deny: TP = 4, FP = 3, FN = 2 and 5, TN = 1; F1 = 2·½·⅓ / (½ + ⅓) = 0.4.
    const strict = metrics.detection.holdOrDeny;
    expect([
      strict.truePositives,
      strict.falsePositives,
      strict.falseNegatives,
      strict.trueNegatives,
    ]).toEqual([1, 1, 2, 1]);
    expect(strict.precision).toBe(0.5);
    expect(strict.recall).toBeCloseTo(1 / 3, 12);
    expect(strict.f1).toBeCloseTo(0.4, 12);
  });

  it('tabulates decisions by label', () => {
    expect(metrics.confusion).toEqual({
      allow: { fraud: 1, legitimate: 1, unlabelled: 0 },
      step_up: { fraud: 1, legitimate: 0, unlabelled: 1 },
      hold: { fraud: 0, legitimate: 1, unlabelled: 0 },
      deny: { fraud: 1, legitimate: 0, unlabelled: 0 },
    });
  });

  it('counts rule hits by label, including rules that never fire', () => {
    expect(metrics.rules).toEqual([
      { ruleId: 'r1', hits: 3, fraud: 1, legitimate: 1, unlabelled: 1, precision: 0.5, fraudCoverage: 1 / 3 },
      { ruleId: 'r2', hits: 2, fraud: 1, legitimate: 1, unlabelled: 0, precision: 0.5, fraudCoverage: 1 / 3 },
      { ruleId: 'r3', hits: 0, fraud: 0, legitimate: 0, unlabelled: 0, precision: null, fraudCoverage: 0 },
    ]);
    expect(metrics.notices).toEqual({ late_event: 1 });
  });

  it('reports nearest-rank latency percentiles in microseconds', () => {
    // Sorted: 1, 2, 3, 4, 5, 100 µs → p50 is the 3rd value, p99 the 6th.
    expect(metrics.latency.p50Us).toBe(3);
    expect(metrics.latency.p99Us).toBe(100);
    expect(metrics.latency.maxUs).toBe(100);
    expect(metrics.latency.meanUs).toBeCloseTo(115 / 6, 9);
  });

  it('returns null ratios instead of dividing by zero', () => {
    const empty = computeMetrics([], []);
    expect(empty.alerts.anyAlert.rate).toBeNull();
    expect(empty.detection.anyAlert).toMatchObject({ precision: null, recall: null, f1: null });
    expect(empty.latency).toEqual({ p50Us: 0, p99Us: 0, maxUs: 0, meanUs: 0 });
  });
});
