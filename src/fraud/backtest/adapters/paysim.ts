/**
 * PaySim (synthetic mobile-money log, one row per transaction) → labelled `FraudEvent`s.
 *
 * Mapping: `step` is an hour of the simulation; `nameOrig` is the paying wallet (`accountId`).
 * TRANSFER → `transfer` to another wallet (`counterpartyId`); CASH_OUT → `withdrawal` through an
 * agent (`counterpartyId`); DEBIT → `withdrawal` to a bank account (`bankAccount`); PAYMENT →
 * `transfer` to a merchant (`channel: merchant`); CASH_IN → `top_up`. The wallet's balance before
 * and after is what a payment app knows at authorization time, so it travels as attributes
 * (`balanceBefore`, `balanceAfter` in yen, `balanceShare` = amount ÷ balance before). The
 * receiving side's balances are not mapped: the paying app would not know them.
 */
import { columnIndex, parseCsv } from '../csv.js';
import type { AdaptedData, LabelledEvent, SkippedRow } from '../types.js';
import {
  DEFAULT_YEN_PER_USD,
  HOUR_MS,
  inTimeOrder,
  labelled,
  parseAmount,
  spreadWithinSteps,
  toYen,
} from './common.js';

export const PAYSIM_COLUMNS = [
  'step',
  'type',
  'amount',
  'nameOrig',
  'oldbalanceOrg',
  'newbalanceOrig',
  'nameDest',
  'isFraud',
] as const;

const EVENT_SHAPE: Readonly<
  Record<string, { type: string; channel: string; to: 'counterpartyId' | 'bankAccount' }>
> = {
  TRANSFER: { type: 'transfer', channel: 'p2p', to: 'counterpartyId' },
  PAYMENT: { type: 'transfer', channel: 'merchant', to: 'counterpartyId' },
  CASH_OUT: { type: 'withdrawal', channel: 'cash_out', to: 'counterpartyId' },
  DEBIT: { type: 'withdrawal', channel: 'bank', to: 'bankAccount' },
  CASH_IN: { type: 'top_up', channel: 'cash_in', to: 'counterpartyId' },
};

export interface PaysimOptions {
  yenPerUsd?: number;
}

export function adaptPaysim(text: string, options: PaysimOptions = {}): AdaptedData {
  const yenPerUsd = options.yenPerUsd ?? DEFAULT_YEN_PER_USD;
  const table = parseCsv(text);
  const col = columnIndex(table.header, PAYSIM_COLUMNS);
  const skipped: SkippedRow[] = [];
  const usable = table.rows.filter(({ line, values }) => {
    const step = Number(values[col.step!]);
    if (!Number.isInteger(step) || step < 0) skipped.push({ line, message: 'step is not a whole hour' });
    else if (!EVENT_SHAPE[values[col.type!]!])
      skipped.push({ line, message: `unknown type ${values[col.type!]}` });
    else return true;
    return false;
  });
  const times = spreadWithinSteps(
    usable.map(({ values }) => Number(values[col.step!])),
    HOUR_MS,
  );
  const events: LabelledEvent[] = [];
  usable.forEach(({ line, values }, i) => {
    const shape = EVENT_SHAPE[values[col.type!]!]!;
    const amount = parseAmount(values[col.amount!]);
    const before = parseAmount(values[col.oldbalanceOrg!]);
    const after = parseAmount(values[col.newbalanceOrig!]);
    const attributes: Record<string, number> = {};
    if (before !== undefined) attributes.balanceBefore = toYen(before, yenPerUsd);
    if (after !== undefined) attributes.balanceAfter = toYen(after, yenPerUsd);
    if (amount !== undefined && before !== undefined && before > 0)
      attributes.balanceShare = Math.round((amount / before) * 10_000) / 10_000;
    const raw: Record<string, unknown> = {
      id: `paysim:${line}`,
      type: shape.type,
      channel: shape.channel,
      occurredAt: times[i],
      accountId: values[col.nameOrig!],
      [shape.to]: values[col.nameDest!],
      currency: 'JPY',
      attributes,
    };
    if (amount !== undefined) raw.amount = toYen(amount, yenPerUsd);
    labelled(raw, values[col.isFraud!] === '1' ? 'fraud' : 'legitimate', line, events, skipped);
  });
  return {
    format: 'paysim',
    events: inTimeOrder(events),
    skipped,
    notes: [
      `amounts × ${yenPerUsd} yen per unit; step = 1 hour, rows spread evenly within their hour`,
      'TRANSFER→transfer/p2p, PAYMENT→transfer/merchant, CASH_OUT→withdrawal/cash_out, DEBIT→withdrawal/bank, CASH_IN→top_up',
    ],
  };
}
