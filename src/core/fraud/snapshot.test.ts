import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from './compile.js';
import type { RuleSet } from './rule-schema.js';
import { type AppliedEvent, replayEvents, restoreState, SnapshotError, snapshotLines } from './snapshot.js';
import { FraudState, type FraudStateOptions } from './state.js';
import type { FraudEvent, ListLookup } from './types.js';

const T0 = Date.parse('2026-12-01T00:00:00Z');
const ruleSet: RuleSet = JSON.parse(
  readFileSync(new URL('./fixtures/jp-payment-app-rules.json', import.meta.url), 'utf8'),
);
const lists: ListLookup = { has: (list, value) => list === 'shared:phone' && value.endsWith('7') };

const eventArb = fc.record({
  minutes: fc.integer({ min: -90, max: 3000 }),
  type: fc.constantFrom('account_link', 'login', 'transfer', 'withdrawal', 'reward_claim', 'top_up', 'odd'),
  account: fc.integer({ min: 0, max: 9 }),
  device: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
  phone: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
  bank: fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined }),
  amount: fc.option(fc.constantFrom(500, 95_000, 99_999, 950_000, 3_000_000, 12.5), { nil: undefined }),
  crypto: fc.boolean(),
});

type ArbitraryItem = typeof eventArb extends fc.Arbitrary<infer T> ? T : never;

function toEvents(items: ArbitraryItem[]): AppliedEvent[] {
  return items.map((item, i) => {
    const event: FraudEvent = {
      id: `e${i}`,
      type: item.type,
      occurredAt: T0 + item.minutes * 60_000,
      accountId: `acct-${item.account}`,
    };
    if (item.device !== undefined) event.deviceId = `dev-${item.device}`;
    if (item.phone !== undefined) event.phone = `+8170${String(item.phone).padStart(8, '0')}`;
    if (item.bank !== undefined) event.bankAccount = `0009-100-000000${item.bank}`;
    if (item.amount !== undefined) event.amount = item.amount;
    if (item.crypto) event.channel = 'crypto';
    return { event, now: T0 + 2000 * 60_000 };
  });
}

function stateWithRules(options: FraudStateOptions = {}) {
  const state = new FraudState(options);
  return { state, rules: compileRuleSet(ruleSet, state) };
}

describe('snapshots', () => {
  it('round-trip: restore(snapshot) snapshots to the same lines and decides the same', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { maxLength: 150 }),
        fc.array(eventArb, { minLength: 1, maxLength: 10 }),
        (items, probes) => {
          const { state, rules } = stateWithRules();
          replayEvents(state, toEvents(items));
          const lines = [...snapshotLines(state)];
          const restored = restoreState(lines);
          expect([...snapshotLines(restored)]).toEqual(lines);
          const restoredRules = compileRuleSet(ruleSet, restored);
          for (const { event, now } of toEvents(probes)) {
            expect(restoredRules.evaluate(event, { now, lists })).toEqual(
              rules.evaluate(event, { now, lists }),
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('replaying the same events into a fresh state reproduces the same snapshot', () => {
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 200 }), (items) => {
        const journal = toEvents(items);
        const a = stateWithRules().state;
        const b = stateWithRules().state;
        replayEvents(a, journal);
        replayEvents(b, journal);
        expect([...snapshotLines(b)]).toEqual([...snapshotLines(a)]);
      }),
      { numRuns: 100 },
    );
  });

  it('snapshot + journal replay after a restart equals never restarting', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { maxLength: 120 }),
        fc.array(eventArb, { maxLength: 60 }),
        (before, after) => {
          const first = toEvents(before);
          const second = toEvents(after);
          const live = stateWithRules({ sweepPerApply: 0 });
          replayEvents(live.state, first);
          const snapshot = [...snapshotLines(live.state)];
          replayEvents(live.state, second);
          const restarted = restoreState(snapshot);
          const rules = compileRuleSet(ruleSet, restarted);
          replayEvents(restarted, second);
          expect([...snapshotLines(restarted)]).toEqual([...snapshotLines(live.state)]);
          for (const { event, now } of second)
            expect(rules.evaluate(event, { now, lists })).toEqual(live.rules.evaluate(event, { now, lists }));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps sketches of heavy keys and history', () => {
    const { state } = stateWithRules();
    for (let i = 0; i < 300; i++) {
      state.apply({
        id: `${i}`,
        type: 'login',
        occurredAt: T0 + i * 1000,
        accountId: `a${i}`,
        deviceId: 'farm',
        amount: i + 1,
      });
    }
    expect(state.stats().approximateDistinctKeys).toBe(1);
    const lines = [...snapshotLines(state)];
    expect([...snapshotLines(restoreState(lines))]).toEqual(lines);
    expect(restoreState(lines).stats()).toEqual(state.stats());
  });

  it('rejects a foreign or corrupt snapshot with a clear error', () => {
    expect(() => restoreState(['{"format":"other"}'])).toThrow(SnapshotError);
    expect(() => restoreState([])).toThrow('empty snapshot');
    const lines = [...snapshotLines(stateWithRules().state)];
    expect(() => restoreState([lines[0]!, '[99,"x",[0]]'])).toThrow('unknown table');
    expect(() => restoreState([lines[0]!, '{not json'])).toThrow('line 2 is not JSON');
  });
});
