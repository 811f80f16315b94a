/** Read side of the fraud module: journaled events and the outbox, for the API and the console. */
import type { Kysely } from 'kysely';
import type { KobanDatabase } from '../db/schema.js';
import { KobanError } from '../errors/catalogue.js';

export async function getEvent(db: Kysely<KobanDatabase>, orgId: string, eventId: string) {
  const r = await db
    .selectFrom('fraud_events')
    .select(['event_id', 'seq', 'received_at', 'event', 'verdict', 'label'])
    .where('org_id', '=', orgId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
  if (!r) throw new KobanError('not_found', `No fraud event ${eventId}`);
  return {
    eventId: r.event_id,
    seq: Number(r.seq),
    receivedAt: r.received_at,
    event: JSON.parse(r.event) as Record<string, unknown>,
    verdict: JSON.parse(r.verdict) as Record<string, unknown>,
    label: r.label,
  };
}

export async function listOutbox(
  db: Kysely<KobanDatabase>,
  orgId: string,
  status: string | undefined,
  limit: number,
) {
  let q = db
    .selectFrom('fraud_outbox')
    .select([
      'id',
      'event_id',
      'kind',
      'channel',
      'status',
      'attempts',
      'next_attempt_at',
      'last_error',
      'created_at',
      'sent_at',
    ])
    .where('org_id', '=', orgId)
    .orderBy('created_at', 'desc')
    .limit(limit);
  if (status) q = q.where('status', '=', status);
  return (await q.execute()).map((r) => ({
    id: r.id,
    eventId: r.event_id,
    kind: r.kind,
    channel: r.channel,
    status: r.status,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  }));
}

export async function listSizes(db: Kysely<KobanDatabase>, orgId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('fraud_lists')
    .select(['name', (eb) => eb.fn.countAll<number>().as('n')])
    .where('org_id', '=', orgId)
    .groupBy('name')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.name, Number(r.n)]));
}

/**
 * The journal as JSON lines `{event, label?, decision}` in sequence order — the `jsonl` format
 * `npm run backtest` reads — paged by sequence so any size streams with bounded memory.
 */
export async function* journalLines(
  db: Kysely<KobanDatabase>,
  orgId: string,
  range: { from: string; to: string; limit: number },
): AsyncGenerator<string> {
  let after = -1;
  let left = range.limit;
  while (left > 0) {
    const rows = await db
      .selectFrom('fraud_events')
      .select(['seq', 'event', 'label', 'decision'])
      .where('org_id', '=', orgId)
      .where('seq', '>', after)
      .where('occurred_at', '>=', range.from)
      .where('occurred_at', '<', range.to)
      .orderBy('seq')
      .limit(Math.min(5_000, left))
      .execute();
    for (const r of rows) {
      const label = r.label === null ? '' : `,"label":${JSON.stringify(r.label)}`;
      yield `{"event":${r.event}${label},"decision":${JSON.stringify(r.decision)}}\n`;
    }
    left -= rows.length;
    if (rows.length < 5_000) return;
    after = Number(rows[rows.length - 1]?.seq ?? after);
  }
}
