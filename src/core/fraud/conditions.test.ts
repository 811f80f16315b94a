import { describe, expect, it } from 'vitest';
import { compileRuleSet, decide } from './compile.js';
import type { Condition, Rule } from './rule-schema.js';
import { FraudState } from './state.js';
import type { FraudEvent, ListLookup } from './types.js';
import { validateRuleSet } from './validate.js';

const T0 = Date.parse('2026-12-01T00:00:00Z');
const MIN = 60_000;
let seq = 0;
const ev = (over: Partial<FraudEvent> = {}): FraudEvent => ({
  id: `e${seq++}`,
  type: 'transfer',
  occurredAt: T0,
  accountId: 'a1',
  ...over,
});

function setOf(rules: Partial<Rule>[], state = new FraudState()) {
  const input = {
    format: 'koban-fraud-rules/1',
    id: 'test',
    version: '1',
    thresholds: { step_up: 30, hold: 60, deny: 90 },
    rules: rules.map((rule, i) => ({
      id: `r${i}`,
      score: 10,
      reason: { code: 'c', ja: 'j', en: 'e' },
      ...rule,
    })),
  };
  const result = validateRuleSet(input);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return { state, rules: compileRuleSet(result.ruleSet, state) };
}

/** Whether a single-condition rule matches `event` after `history` was applied. */
function matches(
  when: Condition,
  event: FraudEvent,
  history: FraudEvent[] = [],
  lists?: ListLookup,
): boolean {
  const { state, rules } = setOf([{ when }]);
  for (const past of history) state.apply(past);
  return rules.evaluate(event, lists ? { lists } : {}).reasons.some((r) => r.ruleId === 'r0');
}

describe('field comparisons', () => {
  const e = ev({ amount: 50_000, channel: 'bank', phone: '+819012345678', attributes: { kyc: 2 } });
  it.each([
    [{ field: 'amount', op: 'eq', value: 50_000 }, true],
    [{ field: 'amount', op: 'ne', value: 1 }, true],
    [{ field: 'currency', op: 'ne', value: 'JPY' }, false],
    [{ field: 'amount', op: 'gt', value: 50_000 }, false],
    [{ field: 'amount', op: 'gte', value: 50_000 }, true],
    [{ field: 'amount', op: 'lt', value: 50_001 }, true],
    [{ field: 'amount', op: 'lte', value: 49_999 }, false],
    [{ field: 'channel', op: 'in', value: ['bank', 'card'] }, true],
    [{ field: 'amount', op: 'between', value: [10_000, 50_000] }, true],
    [{ field: 'deviceId', op: 'exists' }, false],
    [{ field: 'deviceId', op: 'exists', value: false }, true],
    [{ field: 'phone', op: 'prefix', value: '+8190' }, true],
    [{ field: 'attributes.kyc', op: 'gte', value: 2 }, true],
    [{ not: { field: 'phone', op: 'prefix', value: '+81' } }, false],
    [
      {
        all: [
          { field: 'amount', op: 'gt', value: 1 },
          { field: 'channel', op: 'eq', value: 'card' },
        ],
      },
      false,
    ],
    [
      {
        any: [
          { field: 'amount', op: 'gt', value: 1 },
          { field: 'channel', op: 'eq', value: 'card' },
        ],
      },
      true,
    ],
  ] as [Condition, boolean][])('%j → %s', (when, expected) => {
    expect(matches(when, e)).toBe(expected);
  });
});

describe('inList', () => {
  const lists: ListLookup = {
    has: (list, value) => list === 'infra:sms_verification_proxy' && value === '+8170123',
  };
  it('looks up the whole value or its prefix and reports what matched', () => {
    const e = ev({ phone: '+817012345678' });
    expect(matches({ inList: 'infra:sms_verification_proxy', field: 'phone' }, e, [], lists)).toBe(false);
    expect(
      matches({ inList: 'infra:sms_verification_proxy', field: 'phone', prefixLength: 8 }, e, [], lists),
    ).toBe(true);
    expect(matches({ inList: 'infra:sms_verification_proxy', field: 'phone' }, ev(), [], lists)).toBe(false);
  });
});

describe('aggregates', () => {
  const when: Condition = {
    aggregate: 'count',
    by: 'accountId',
    window: '1h',
    on: ['transfer'],
    op: 'gte',
    value: 3,
  };
  it('counts the event itself plus earlier ones inside the window, by key and type', () => {
    const past = [ev({ occurredAt: T0 - 10 * MIN }), ev({ occurredAt: T0 - 5 * MIN }), ev({ type: 'login' })];
    expect(matches(when, ev(), past)).toBe(true);
    expect(matches(when, ev(), past.slice(1))).toBe(false);
    expect(matches(when, ev({ accountId: 'a2' }), past)).toBe(false);
    expect(matches(when, ev({ occurredAt: T0 + 70 * MIN }), past)).toBe(false);
  });
  it('sums amounts with where-filters and counts distinct values', () => {
    const sum: Condition = {
      aggregate: 'sum',
      by: 'accountId',
      window: '1h',
      where: { channel: ['crypto'] },
      op: 'gte',
      value: 100,
    };
    const crypto = (amount: number) => ev({ type: 'withdrawal', channel: 'crypto', amount });
    expect(matches(sum, crypto(40), [crypto(30), crypto(30), ev({ amount: 1000 })])).toBe(true);
    expect(matches(sum, crypto(39), [crypto(30), crypto(30)])).toBe(false);
    const distinct: Condition = {
      aggregate: 'distinct',
      of: 'deviceId',
      by: 'accountId',
      window: '1d',
      op: 'gte',
      value: 3,
    };
    expect(matches(distinct, ev({ deviceId: 'd3' }), [ev({ deviceId: 'd1' }), ev({ deviceId: 'd2' })])).toBe(
      true,
    );
    expect(matches(distinct, ev({ deviceId: 'd2' }), [ev({ deviceId: 'd1' }), ev({ deviceId: 'd2' })])).toBe(
      false,
    );
  });
  it('is false when the event lacks the key, whatever the comparison', () => {
    expect(matches({ aggregate: 'count', by: 'deviceId', window: '1h', op: 'lt', value: 5 }, ev())).toBe(
      false,
    );
  });
});

describe('fanOut, structuring, deviceNew, amountVsHistory', () => {
  it('fanOut counts distinct accounts per phone-number range', () => {
    const when: Condition = { fanOut: 'phone', prefixLength: 8, window: '1d', on: ['reward_claim'], min: 3 };
    const claim = (accountId: string, phone: string) => ev({ type: 'reward_claim', accountId, phone });
    const farm = [claim('s1', '+817011110001'), claim('s2', '+817011110002'), claim('s2', '+817011110003')];
    expect(matches(when, claim('s3', '+817011119999'), farm)).toBe(true);
    expect(matches(when, claim('s2', '+817011119999'), farm)).toBe(false);
    expect(matches(when, claim('s3', '+817022220000'), farm)).toBe(false);
  });
  it('structuring needs n amounts just under the threshold, this one included', () => {
    const when: Condition = {
      structuring: 1_000_000,
      band: 0.1,
      minCount: 3,
      window: '7d',
      on: ['transfer'],
    };
    const t = (amount: number, daysAgo = 0) => ev({ amount, occurredAt: T0 - daysAgo * 86_400_000 });
    expect(matches(when, t(990_000), [t(950_000, 2), t(999_999, 1)])).toBe(true);
    expect(matches(when, t(1_000_000), [t(950_000, 2), t(999_999, 1)])).toBe(false);
    expect(matches(when, t(990_000), [t(850_000, 2), t(999_999, 1)])).toBe(false);
    expect(matches(when, t(990_000), [t(950_000, 8), t(999_999, 1)])).toBe(false);
  });
  it('deviceNew: unseen device, or seen longer ago than `within`, optionally only for known accounts', () => {
    const seen = [
      ev({ deviceId: 'old', occurredAt: T0 - 40 * 86_400_000 }),
      ev({ deviceId: 'd1', occurredAt: T0 - MIN }),
    ];
    expect(matches({ deviceNew: true }, ev({ deviceId: 'd2' }), seen)).toBe(true);
    expect(matches({ deviceNew: true }, ev({ deviceId: 'd1' }), seen)).toBe(false);
    expect(matches({ deviceNew: true, within: '30d' }, ev({ deviceId: 'old' }), seen)).toBe(true);
    expect(matches({ deviceNew: true }, ev({ deviceId: 'd9', accountId: 'fresh' }), seen)).toBe(true);
    expect(
      matches({ deviceNew: true, requireHistory: true }, ev({ deviceId: 'd9', accountId: 'fresh' }), seen),
    ).toBe(false);
  });
  it('amountVsHistory compares with max / p90 / mean of recent amounts of the chosen types', () => {
    const past = [10_000, 20_000, 30_000, 12_000, 15_000].map((amount, i) =>
      ev({ amount, occurredAt: T0 - (i + 1) * MIN }),
    );
    expect(matches({ amountVsHistory: 'max', factor: 3, minHistory: 3 }, ev({ amount: 90_001 }), past)).toBe(
      true,
    );
    expect(matches({ amountVsHistory: 'max', factor: 3, minHistory: 3 }, ev({ amount: 90_000 }), past)).toBe(
      false,
    );
    expect(matches({ amountVsHistory: 'mean', factor: 4, minHistory: 3 }, ev({ amount: 70_000 }), past)).toBe(
      true,
    );
    expect(matches({ amountVsHistory: 'p90', factor: 2, minHistory: 6 }, ev({ amount: 900_000 }), past)).toBe(
      false,
    );
    expect(
      matches({ amountVsHistory: 'max', factor: 3, on: ['withdrawal'] }, ev({ amount: 900_000 }), past),
    ).toBe(false);
  });
});

describe('decisions', () => {
  it('sums scores, caps them, maps thresholds; forced decisions raise, a forced allow overrides', () => {
    expect(decide(29, undefined, { step_up: 30, hold: 60, deny: 90 })).toBe('allow');
    expect(decide(60, undefined, { step_up: 30, hold: 60, deny: 90 })).toBe('hold');
    expect(decide(95, 'step_up', { step_up: 30, hold: 60, deny: 90 })).toBe('deny');
    expect(decide(0, 'hold', { step_up: 30, hold: 60, deny: 90 })).toBe('hold');
    expect(decide(100, 'allow', { step_up: 30, hold: 60, deny: 90 })).toBe('allow');
    const always: Condition = { field: 'amount', op: 'exists' };
    const { rules } = setOf([
      { when: always, score: 70 },
      { when: always, score: 50, reason: { code: 'second', ja: '金額 {amount}円', en: 'amount ¥{amount}' } },
      { when: always, score: -20 },
    ]);
    const verdict = rules.evaluate(ev({ amount: 1_234_567 }));
    expect(verdict.score).toBe(100);
    expect(verdict.decision).toBe('deny');
    expect(verdict.reasons.map((r) => r.score)).toEqual([70, 50, -20]);
    expect(verdict.reasons[1]!.text).toEqual({ ja: '金額 1,234,567円', en: 'amount ¥1,234,567' });
    const forced = setOf([
      { when: always, score: 10 },
      { when: always, decision: 'hold' },
      { when: always, decision: 'deny', score: 0 },
    ]).rules.evaluate(ev({ amount: 1 }));
    expect(forced.decision).toBe('deny');
    expect(forced.reasons[0]!.decision).toBe('deny');
  });

  it('flags clock skew, unknown types and stays calm on missing entities', () => {
    const { rules } = setOf([{ when: { fanOut: 'deviceId', window: '1h', min: 1 }, on: ['login'] }]);
    const skewed = rules.evaluate(ev({ type: 'login', occurredAt: T0 + 3_600_000 }), { now: T0 });
    expect(skewed.reasons.map((r) => r.code)).toEqual(['clock_skew_clamped']);
    const unknown = rules.evaluate(ev({ type: 'crypto_swap' }));
    expect(unknown.reasons.map((r) => r.code)).toEqual(['unknown_event_type']);
    expect(unknown.decision).toBe('allow');
  });
});

describe('late events', () => {
  it('are flagged only when a window aggregate could be incomplete', () => {
    const plain = setOf([{ when: { field: 'amount', op: 'gte', value: 1 } }]);
    plain.state.apply(ev({ occurredAt: T0 + MIN }));
    const early = plain.rules.evaluate(ev({ occurredAt: T0, amount: 5 }));
    expect(early.reasons.map((r) => r.code)).not.toContain('late_event');
    const windowed = setOf([
      { when: { aggregate: 'count', by: 'accountId', window: '10m', op: 'gte', value: 1 } },
    ]);
    windowed.state.apply(ev({ occurredAt: T0 + 60 * MIN }));
    const old = windowed.rules.evaluate(ev({ occurredAt: T0 }));
    expect(old.reasons.map((r) => r.code)).toContain('late_event');
  });
});
