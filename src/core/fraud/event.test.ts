import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeFraudEvent } from './event.js';

describe('normalizeFraudEvent', () => {
  it('keeps known fields, parses ISO times and normalizes width and case', () => {
    const result = normalizeFraudEvent({
      id: 'evt-1',
      type: 'transfer',
      occurredAt: '2026-12-01T09:00:00+09:00',
      accountId: 'ａｃｃｔ-１',
      amount: 5000,
      currency: 'jpy',
      deviceId: '',
      attributes: { kyc: 2, 'bad key': 1, nested: { no: 1 } },
      unknownField: 'ignored',
    });
    expect(result).toEqual({
      ok: true,
      event: {
        id: 'evt-1',
        type: 'transfer',
        occurredAt: Date.parse('2026-12-01T00:00:00Z'),
        accountId: 'acct-1',
        amount: 5000,
        currency: 'JPY',
        attributes: { kyc: 2 },
      },
      notices: [],
    });
  });

  it('rejects events without id, account or a plausible time, with paths', () => {
    const result = normalizeFraudEvent({ type: 'login', occurredAt: 1_700_000_000 });
    expect(result.ok ? [] : result.errors.map((e) => e.path)).toEqual(['/id', '/accountId', '/occurredAt']);
  });

  it('drops absurd amounts and odd values with a notice instead of failing', () => {
    for (const amount of [-1, Number.NaN, 1e20, '100']) {
      const result = normalizeFraudEvent({
        id: 'x',
        type: 'transfer',
        occurredAt: 1.8e12,
        accountId: 'a',
        amount,
      });
      expect(result.ok && result.event.amount).toBe(undefined);
      expect(result.ok && result.notices.map((n) => n.code)).toEqual(['amount_out_of_range']);
    }
    const long = normalizeFraudEvent({
      id: 'x',
      type: 't',
      occurredAt: 1.8e12,
      accountId: 'a',
      ip: 'x'.repeat(300),
    });
    expect(long.ok && long.notices.map((n) => n.code)).toEqual(['input_value_dropped']);
  });

  it('never throws on random input', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.dictionary(
          fc.constantFrom('id', 'type', 'accountId', 'amount', 'occurredAt', 'phone', 'attributes'),
          fc.anything(),
        ),
        (a, b) => {
          normalizeFraudEvent(a);
          normalizeFraudEvent(b);
        },
      ),
    );
  });
});
