import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AggregateSpec, compileFilter, entityKey, typeBit } from './aggregates.js';
import { dataLength, segmentAt } from './segments.js';
import { FraudState } from './state.js';
import type { FraudEvent } from './types.js';
import { DistinctSketch } from './window-series.js';

const T0 = Date.parse('2026-12-01T00:00:00Z');
const MIN = 60_000;
const SPECS: AggregateSpec[] = [
  { measure: 'events', by: 'accountId', prefixLength: 0, windowMs: 60 * MIN, on: ['transfer'] },
  { measure: 'events', by: 'deviceId', prefixLength: 0, windowMs: 10 * MIN },
  {
    measure: 'events',
    by: 'accountId',
    prefixLength: 0,
    windowMs: 24 * 60 * MIN,
    amountGte: 900,
    amountLt: 1000,
  },
  { measure: 'distinct', by: 'deviceId', prefixLength: 0, of: 'accountId', windowMs: 60 * MIN },
  {
    measure: 'distinct',
    by: 'phone',
    prefixLength: 6,
    of: 'accountId',
    windowMs: 10 * MIN,
    on: ['reward_claim'],
  },
];

/** The definition the buckets implement, over the raw list of accepted events. */
class BruteForce {
  watermark = Number.NEGATIVE_INFINITY;
  readonly accepted: FraudEvent[][] = SPECS.map(() => []);

  apply(event: FraudEvent): void {
    this.watermark = Math.max(this.watermark, event.occurredAt);
    SPECS.forEach((spec, i) => {
      const g = spec.windowMs / 60;
      if (!compileFilter(spec)(event, typeBit(event.type))) return;
      if (entityKey(event, spec.by, spec.prefixLength) === undefined) return;
      if (spec.of && entityKey(event, spec.of, 0) === undefined) return;
      if (Math.floor(event.occurredAt / g) > Math.floor(this.watermark / g) - 60)
        this.accepted[i]!.push(event);
    });
  }

  read(i: number, event: FraudEvent): number {
    const spec = SPECS[i]!;
    const g = spec.windowMs / 60;
    const key = entityKey(event, spec.by, spec.prefixLength);
    if (key === undefined) return Number.NaN;
    const high = Math.floor(event.occurredAt / g);
    const low = high - 59;
    const matches = compileFilter(spec)(event, typeBit(event.type));
    const sameKey = this.accepted[i]!.filter((e) => entityKey(e, spec.by, spec.prefixLength) === key);
    if (spec.measure === 'distinct') {
      const values = new Set(
        sameKey.filter((e) => Math.floor(e.occurredAt / g) >= low).map((e) => entityKey(e, spec.of!, 0)),
      );
      const own = matches ? entityKey(event, spec.of!, 0) : undefined;
      if (own !== undefined) values.add(own);
      return values.size;
    }
    const inWindow = sameKey.filter((e) => {
      const b = Math.floor(e.occurredAt / g);
      return b >= low && b <= high;
    });
    return inWindow.length + (matches ? 1 : 0);
  }

  sum(i: number, event: FraudEvent): number {
    const spec = SPECS[i]!;
    const g = spec.windowMs / 60;
    const key = entityKey(event, spec.by, spec.prefixLength);
    const high = Math.floor(event.occurredAt / g);
    let total = compileFilter(spec)(event, typeBit(event.type)) ? (event.amount ?? 0) : 0;
    for (const e of this.accepted[i]!) {
      const b = Math.floor(e.occurredAt / g);
      if (entityKey(e, spec.by, spec.prefixLength) === key && b >= high - 59 && b <= high)
        total += e.amount ?? 0;
    }
    return total;
  }
}

const step = fc.record({
  query: fc.boolean(),
  /** Minutes relative to the latest event: mostly ahead, sometimes far behind (late or too old). */
  offset: fc.oneof(
    { arbitrary: fc.integer({ min: -1, max: 3 }), weight: 5 },
    // Around the window edges (10 min, 1 h, 1 d; a window is 60 buckets), where off-by-ones hide.
    {
      arbitrary: fc.constantFrom(-1441, -1440, -1439, -121, -120, -119, -61, -60, -59, -21, -11, -10, -9),
      weight: 4,
    },
    { arbitrary: fc.integer({ min: -1600, max: 60 }), weight: 1 },
  ),
  jitterMs: fc.integer({ min: 0, max: MIN - 1 }),
  account: fc.integer({ min: 0, max: 3 }),
  device: fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined, freq: 8 }),
  phone: fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined, freq: 8 }),
  type: fc.constantFrom('transfer', 'transfer', 'reward_claim', 'reward_claim', 'login', 'mystery'),
  amount: fc.option(fc.integer({ min: 850, max: 1050 }), { nil: undefined }),
});

function toEvent(
  s: {
    offset: number;
    jitterMs: number;
    account: number;
    device?: number;
    phone?: number;
    type: string;
    amount?: number;
  },
  base: number,
): FraudEvent {
  const event: FraudEvent = {
    id: 'x',
    type: s.type,
    occurredAt: base + s.offset * MIN + s.jitterMs,
    accountId: `a${s.account}`,
  };
  if (s.device !== undefined) event.deviceId = `d${s.device}`;
  if (s.phone !== undefined) event.phone = `+8170${String(s.phone).padStart(2, '0')}555`;
  if (s.amount !== undefined) event.amount = s.amount;
  return event;
}

describe('window state vs a brute-force model', () => {
  it('agrees on every count, sum and distinct for random out-of-order streams', () => {
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 0, max: 8 }),
        (steps, sweep) => {
          const state = new FraudState({ sweepPerApply: sweep });
          const slots = SPECS.map((spec) => state.aggregate(spec));
          const model = new BruteForce();
          let base = T0;
          for (const s of steps) {
            const event = toEvent(s, base);
            if (!s.query) {
              state.apply(event);
              model.apply(event);
              base = model.watermark;
              continue;
            }
            // Exact for any evaluation time no more than the longest window before the watermark.
            slots.forEach((slot, i) => {
              if (event.occurredAt < model.watermark - slot.spec.windowMs) return;
              const bit = typeBit(event.type);
              if (slot.spec.measure === 'distinct') {
                expect(slot.distinct(event, event.occurredAt, bit)).toEqual(model.read(i, event));
              } else {
                expect(slot.count(event, event.occurredAt, bit)).toEqual(model.read(i, event));
                expect(slot.sum(event, event.occurredAt, bit)).toEqual(
                  Number.isNaN(model.read(i, event)) ? Number.NaN : model.sum(i, event),
                );
              }
            });
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('keeps memory bounded: expired keys are evicted and series never exceed two windows of buckets', () => {
    const state = new FraudState({ sweepPerApply: 0 });
    const slot = state.aggregate(SPECS[0]!);
    for (let i = 0; i < 5000; i++) {
      state.apply({
        id: `${i}`,
        type: 'transfer',
        occurredAt: T0 + i * 30_000,
        accountId: `a${i % 50}`,
        amount: 1,
      });
    }
    const entity = state.accounts.entities.get('a0')!;
    expect(dataLength(entity, segmentAt(entity, slot.segment)) / 3).toBeLessThanOrEqual(120);
    state.apply({
      id: 'late',
      type: 'transfer',
      occurredAt: T0 + 5000 * 30_000 + 91 * 86_400_000,
      accountId: 'z',
    });
    expect(state.sweep(Number.POSITIVE_INFINITY)).toBe(50);
    expect(state.accounts.entities.size).toBe(1);
  });
});

describe('distinct beyond the exact cap', () => {
  it('switches to a sketch within a few percent for a SIM-farm-sized fan-out', () => {
    const state = new FraudState();
    const slot = state.aggregate({
      measure: 'distinct',
      by: 'deviceId',
      prefixLength: 0,
      of: 'accountId',
      windowMs: 86_400_000,
    });
    const n = 1500;
    for (let i = 0; i < n; i++)
      state.apply({
        id: `${i}`,
        type: 'reward_claim',
        occurredAt: T0 + i * 1000,
        accountId: `sim-${i}`,
        deviceId: 'farm',
      });
    const probe: FraudEvent = {
      id: 'p',
      type: 'reward_claim',
      occurredAt: T0 + n * 1000,
      accountId: 'sim-0',
      deviceId: 'farm',
    };
    const estimate = slot.distinct(probe, probe.occurredAt, typeBit(probe.type));
    expect(Math.abs(estimate - n) / n).toBeLessThan(0.06);
    expect(state.stats().approximateDistinctKeys).toBe(1);
  });
});

describe('DistinctSketch union cache', () => {
  it('answers like a sketch built from scratch, whatever the order of adds, reads and prunes', () => {
    const op = fc.record({
      kind: fc.constantFrom('add', 'add', 'count', 'prune'),
      hash: fc.integer({ min: 0, max: 2 ** 52 - 1 }),
      bucket: fc.integer({ min: 0, max: 30 }),
      low: fc.integer({ min: 0, max: 30 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const cached = new DistinctSketch();
        const history: typeof ops = [];
        for (const step of ops) {
          if (step.kind === 'add') cached.add(step.hash, step.bucket);
          else if (step.kind === 'prune') cached.prune(step.low);
          else {
            const fresh = new DistinctSketch();
            for (const past of history) {
              if (past.kind === 'add') fresh.add(past.hash, past.bucket);
              else if (past.kind === 'prune') fresh.prune(past.low);
            }
            expect(cached.count(step.low, step.hash)).toBe(fresh.count(step.low, step.hash));
            expect(cached.count(step.low, undefined)).toBe(fresh.count(step.low, undefined));
          }
          history.push(step);
        }
      }),
    );
  });
});
