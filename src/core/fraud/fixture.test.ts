import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileRuleSet } from './compile.js';
import { normalizeFraudEvent } from './event.js';
import type { RuleSet } from './rule-schema.js';
import { FraudState } from './state.js';
import type { FraudEvent, FraudVerdict, ListLookup } from './types.js';

const ruleSet: RuleSet = JSON.parse(
  readFileSync(new URL('./fixtures/jp-payment-app-rules.json', import.meta.url), 'utf8'),
);
const T0 = Date.parse('2026-12-01T01:00:00Z');
const MIN = 60_000;

function engine(listed: Record<string, string[]> = {}) {
  const state = new FraudState();
  const rules = compileRuleSet(ruleSet, state);
  const lists: ListLookup = { has: (list, value) => listed[list]?.includes(value) ?? false };
  let n = 0;
  /** Evaluate, then apply (what the server does for every accepted request). */
  const send = (event: Partial<FraudEvent>): FraudVerdict => {
    const full: FraudEvent = { id: `e${n++}`, type: 'login', occurredAt: T0, accountId: 'acct-1', ...event };
    const verdict = rules.evaluate(full, { lists, now: full.occurredAt });
    state.apply(full, full.occurredAt);
    return verdict;
  };
  return { state, rules, send };
}

const codes = (v: FraudVerdict) => v.reasons.map((r) => r.code);

describe('sample rule set (Japanese payment app)', () => {
  it('compiles to 10 shared window aggregates', () => {
    const { rules } = engine();
    expect(rules.aggregates).toHaveLength(10);
  });

  it('lets an ordinary customer through', () => {
    const { send } = engine();
    send({
      type: 'account_link',
      deviceId: 'iphone-1',
      phone: '+819011112222',
      bankAccount: '0005-123-1234567',
    });
    const verdict = send({ type: 'transfer', deviceId: 'iphone-1', amount: 3000, occurredAt: T0 + MIN });
    expect(verdict).toMatchObject({ decision: 'allow', score: 0, reasons: [] });
  });

  it('holds a link from a new device with a phone other members reported', () => {
    const { send } = engine({ 'shared:phone': ['+819099998888'] });
    const verdict = send({
      type: 'account_link',
      deviceId: 'android-x',
      phone: '+819099998888',
      bankAccount: '0001-001-7654321',
    });
    expect(verdict.decision).toBe('hold');
    expect(codes(verdict)).toEqual(['new_device_reported_phone']);
    expect(verdict.reasons[0]!.text.ja).toContain('+819099998888');
  });

  it('denies the 20th reward claim from one phone-number range (SIM farm) and explains the count', () => {
    const { send } = engine();
    let verdict: FraudVerdict | undefined;
    for (let i = 0; i < 20; i++) {
      verdict = send({
        type: 'reward_claim',
        accountId: `farm-${i}`,
        phone: `+8170123456${String(i).padStart(2, '0')}`,
        deviceId: `dev-${i}`,
        ip: `203.0.113.${i}`,
        campaignId: 'welcome-500',
        occurredAt: T0 + i * 30_000,
      });
      if (i === 7) expect(codes(verdict)).toContain('phone_range_rewards');
    }
    expect(verdict!.decision).toBe('deny');
    expect(verdict!.reasons[0]!.text.en).toBe(
      '20 accounts with numbers near +817012345619 claimed rewards within 24 hours (SIM farm)',
    );
  });

  it('flags a bank account linked to several wallets within days', () => {
    const { send } = engine();
    const link = (i: number) =>
      send({
        type: 'account_link',
        accountId: `w${i}`,
        deviceId: `d${i}`,
        bankAccount: '0009-555-0000001',
        occurredAt: T0 + i * 86_400_000,
      });
    expect(codes(link(0))).toEqual([]);
    link(1);
    expect(codes(link(2))).toEqual(['bank_account_many_wallets']);
    link(3);
    link(4);
    expect(link(5).decision).toBe('hold');
  });

  it('catches structuring under ¥1,000,000 and a crypto withdrawal spike', () => {
    const { send } = engine();
    send({ type: 'transfer', deviceId: 'd', amount: 980_000 });
    send({ type: 'transfer', deviceId: 'd', amount: 960_000, occurredAt: T0 + 86_400_000 });
    const third = send({ type: 'transfer', deviceId: 'd', amount: 990_000, occurredAt: T0 + 2 * 86_400_000 });
    expect(codes(third)).toContain('structuring_1m');
    for (const amount of [50_000, 80_000, 60_000]) {
      send({
        type: 'withdrawal',
        channel: 'crypto',
        asset: 'BTC',
        deviceId: 'd',
        amount,
        occurredAt: T0 + 3 * 86_400_000,
      });
    }
    const spike = send({
      type: 'withdrawal',
      channel: 'crypto',
      asset: 'BTC',
      deviceId: 'd',
      amount: 2_500_000,
      occurredAt: T0 + 3 * 86_400_000 + MIN,
    });
    expect(codes(spike)).toEqual(
      expect.arrayContaining(['crypto_withdrawal_volume', 'crypto_withdrawal_spike']),
    );
    expect(spike).toMatchObject({ decision: 'deny', score: 90 });
  });

  it('steps up a link from a device the account never used, even with a low score', () => {
    const { send } = engine();
    send({ type: 'login', deviceId: 'old-phone' });
    const verdict = send({
      type: 'account_link',
      deviceId: 'new-phone',
      bankAccount: '0005-001-1111111',
      occurredAt: T0 + MIN,
    });
    expect(verdict).toMatchObject({ decision: 'step_up', score: 10 });
  });

  it('survives unknown types, missing entities and skewed clocks without crashing', () => {
    const { send, rules } = engine();
    expect(send({ type: 'nft_mint' }).decision).toBe('allow');
    expect(send({ type: 'transfer' }).decision).toBe('allow');
    const skewed = rules.evaluate(
      { id: 'z', type: 'login', accountId: 'a', occurredAt: T0 + 86_400_000 },
      { now: T0 },
    );
    expect(codes(skewed)).toEqual(['clock_skew_clamped']);
  });
});

describe('README worked example', () => {
  it('gives the documented verdict', () => {
    const state = new FraudState();
    const rules = compileRuleSet(ruleSet, state);
    const t = Date.parse('2026-12-01T10:00:00+09:00');
    ['wallet-a', 'wallet-b'].forEach((accountId, i) => {
      state.apply({
        id: `p${i}`,
        type: 'account_link',
        occurredAt: t - (2 - i) * 86_400_000,
        accountId,
        deviceId: `dev-${accountId}`,
        bankAccount: '0009-123-4567890',
      });
    });
    state.apply({
      id: 'p9',
      type: 'login',
      occurredAt: t - 3_600_000,
      accountId: 'user-8812',
      deviceId: 'iphone-7f3a',
    });
    const input = normalizeFraudEvent({
      id: 'evt-20261201-0042',
      type: 'account_link',
      occurredAt: '2026-12-01T10:00:00+09:00',
      accountId: 'user-8812',
      deviceId: 'android-91c2',
      ip: '203.0.113.40',
      phone: '+819087654321',
      bankAccount: '0009-123-4567890',
      channel: 'app',
    });
    if (!input.ok) throw new Error('invalid example');
    const lists: ListLookup = { has: (list, value) => list === 'shared:phone' && value === '+819087654321' };
    const verdict = rules.evaluate(input.event, { lists, now: t + 2000 });
    expect(verdict).toMatchObject({ decision: 'deny', score: 100, ruleSetVersion: '2026-12-01.1' });
    expect(verdict.reasons.map((r) => [r.code, r.score, r.decision, r.detail])).toEqual([
      ['link_new_device', 10, 'step_up', { knownDevices: 1 }],
      [
        'new_device_reported_phone',
        60,
        undefined,
        { knownDevices: 1, list: 'shared:phone', listValue: '+819087654321' },
      ],
      ['bank_account_many_wallets', 45, undefined, { accounts: 3 }],
    ]);
  });
});

describe('robustness and sharing', () => {
  it('shares aggregates between an active and a shadow rule set and survives unnormalized garbage', () => {
    const state = new FraudState();
    const active = compileRuleSet(ruleSet, state);
    const shadow = compileRuleSet({ ...ruleSet, version: 'draft' }, state);
    expect(state.slots).toHaveLength(10);
    const bad = {
      id: 'x',
      type: 'withdrawal',
      occurredAt: T0,
      accountId: 'a',
      channel: 'crypto',
      amount: Number.NaN,
    };
    state.apply(bad);
    state.apply({ ...bad, id: 'y', amount: -5 });
    const next: FraudEvent = { ...bad, id: 'z', amount: 2_500_000 };
    const verdict = active.evaluate(next);
    expect(verdict.reasons.find((r) => r.code === 'crypto_withdrawal_volume')?.detail).toEqual({
      cryptoSum: 2_500_000,
    });
    expect({ ...shadow.evaluate(next), ruleSetVersion: '2026-12-01.1' }).toEqual(verdict);
  });
});
