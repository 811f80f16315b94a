import { describe, expect, it } from 'vitest';
import type { FraudEvent } from '../../core/fraud/index.js';
import { formatBacktestJson, formatBacktestText } from './format.js';
import { runBacktest } from './run.js';
import type { LabelledEvent } from './types.js';

const T0 = Date.parse('2026-11-01T00:00:00Z');
const reason = (code: string) => ({ code, ja: code, en: code });
const RULES = {
  format: 'koban-fraud-rules/1',
  id: 'test',
  version: '1',
  thresholds: { step_up: 30, hold: 60, deny: 90 },
  rules: [
    {
      id: 'big',
      on: ['transfer'],
      when: { field: 'amount', op: 'gte', value: 10_000 },
      score: 30,
      reason: reason('big'),
    },
    {
      id: 'burst',
      on: ['transfer'],
      when: { aggregate: 'count', by: 'accountId', window: '1h', on: ['transfer'], op: 'gte', value: 3 },
      score: 60,
      reason: reason('burst'),
    },
    { id: 'new-device', on: ['login'], when: { deviceNew: true }, score: 30, reason: reason('new_device') },
    {
      id: 'off',
      enabled: false,
      when: { field: 'amount', op: 'gte', value: 0 },
      score: 90,
      reason: reason('off'),
    },
  ],
};

function event(id: string, minute: number, fields: Partial<FraudEvent>): FraudEvent {
  return { id, type: 'transfer', accountId: 'a1', occurredAt: T0 + minute * 60_000, ...fields };
}

// Given out of order on purpose: the replay must sort by time.
const EVENTS: LabelledEvent[] = [
  { event: event('t3', 3, { amount: 100 }), label: 'fraud' },
  { event: event('t1', 1, { amount: 100 }), label: 'legitimate' },
  { event: event('t2', 2, { amount: 100 }), label: 'legitimate' },
  { event: event('big', 2, { accountId: 'a2', amount: 50_000 }), label: 'fraud' },
  { event: event('l1', 0, { type: 'login', deviceId: 'd1' }) },
  { event: event('l2', 4, { type: 'login', deviceId: 'd1' }), label: 'legitimate' },
];

describe('runBacktest', () => {
  let tick = 0n;
  const run = runBacktest(RULES, EVENTS, { clockNs: () => (tick += 500n) });
  if (!run.ok) throw new Error('rule set should be valid');
  const { result } = run;

  it('evaluates each event before applying it, in time order', () => {
    // l1 is the account's first device (new before apply, known afterwards, so l2 is not new);
    // t3 is the third transfer within an hour; t1 and t2 are not.
    expect(result.confusion.hold).toEqual({ fraud: 1, legitimate: 0, unlabelled: 0 });
    expect(result.confusion.step_up).toEqual({ fraud: 1, legitimate: 0, unlabelled: 1 });
    expect(result.confusion.allow).toEqual({ fraud: 0, legitimate: 3, unlabelled: 0 });
    expect(result.rules.map((r) => [r.ruleId, r.hits])).toEqual([
      ['big', 1],
      ['burst', 1],
      ['new-device', 1],
    ]);
    expect(result.detection.anyAlert).toMatchObject({ precision: 1, recall: 1 });
  });

  it('times each decision with the given clock and names the rule set', () => {
    expect(result.latency.p50Us).toBe(0.5);
    expect(result.ruleSet).toEqual({ id: 'test', version: '1', rules: 3 });
    expect(result.replayMs).toBeGreaterThan(0);
  });

  it('returns the validator errors for an invalid rule set', () => {
    const invalid = runBacktest({ ...RULES, thresholds: { step_up: 1 } }, EVENTS);
    expect(invalid.ok).toBe(false);
    if (!invalid.ok) expect(invalid.errors.map((e) => e.path)).toContain('/thresholds/hold');
  });

  it('formats a readable table and round-trippable JSON', () => {
    const report = { data: { path: 'x.jsonl', format: 'jsonl' as const, notes: [], skipped: [] }, result };
    const text = formatBacktestText(report);
    expect(text).toMatch(/any \(≠ allow\)\s+3\s+50\.0 %/);
    expect(text).toMatch(/hold or deny\s+100\.0 %\s+50\.0 %/);
    expect(text).toContain('decision latency (evaluate): p50 0.5 µs');
    expect(JSON.parse(formatBacktestJson(report)).result.alerts.anyAlert.count).toBe(3);
  });
});
