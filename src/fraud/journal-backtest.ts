/**
 * Backtest a rule-set version on the organization's own journal: the events it decided in a
 * time range, labelled by its analysts' case decisions, replayed on a fresh state through the
 * version and through the set active now, so the two can be compared on the same traffic.
 */
import type { Kysely } from 'kysely';
import type { FraudEvent, ListLookup, RuleSet } from '../core/fraud/index.js';
import type { KobanDatabase } from '../db/schema.js';
import { KobanError } from '../errors/catalogue.js';
import { type BacktestResult, runBacktest } from './backtest/run.js';
import type { FraudLabel, LabelledEvent } from './backtest/types.js';

export const MAX_BACKTEST_EVENTS = 1_000_000;
const PAGE = 10_000;

export interface JournalBacktest {
  from: string;
  to: string;
  events: number;
  truncated: boolean;
  candidate: BacktestResult;
  active: BacktestResult;
}

async function journalEvents(
  db: Kysely<KobanDatabase>,
  orgId: string,
  from: string,
  to: string,
  limit: number,
): Promise<{ events: LabelledEvent[]; truncated: boolean }> {
  const out: LabelledEvent[] = [];
  let after = -1;
  while (out.length < limit) {
    const rows = await db
      .selectFrom('fraud_events')
      .select(['seq', 'event', 'label'])
      .where('org_id', '=', orgId)
      .where('seq', '>', after)
      .where('occurred_at', '>=', from)
      .where('occurred_at', '<', to)
      .orderBy('seq')
      .limit(Math.min(PAGE, limit - out.length))
      .execute();
    for (const r of rows) {
      const e: LabelledEvent = { event: JSON.parse(r.event) as FraudEvent };
      if (r.label === 'fraud' || r.label === 'legitimate') e.label = r.label as FraudLabel;
      out.push(e);
    }
    if (rows.length < PAGE) return { events: out, truncated: false };
    after = Number(rows[rows.length - 1]?.seq ?? after);
  }
  return { events: out, truncated: true };
}

export async function backtestOnJournal(
  db: Kysely<KobanDatabase>,
  orgId: string,
  candidate: RuleSet,
  active: RuleSet,
  range: { from: Date; to: Date; limit?: number | undefined },
  lists: ListLookup,
): Promise<JournalBacktest> {
  if (!(range.from < range.to))
    throw new KobanError('validation_failed', 'from must be before to', [
      { field: '/from', reason: 'must be before to' },
    ]);
  const from = range.from.toISOString();
  const to = range.to.toISOString();
  const { events, truncated } = await journalEvents(db, orgId, from, to, range.limit ?? MAX_BACKTEST_EVENTS);
  // Replays run in time order, as production applied them (journal order is receipt order).
  events.sort((a, b) => a.event.occurredAt - b.event.occurredAt);
  const run = (set: RuleSet): BacktestResult => {
    const r = runBacktest(set, events, { lists });
    if (!r.ok) throw new KobanError('validation_failed', 'The stored rule set no longer validates');
    return r.result;
  };
  return { from, to, events: events.length, truncated, candidate: run(candidate), active: run(active) };
}
