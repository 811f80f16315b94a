/**
 * Delivers queued notices at least once. Rows are written in the same transaction as the decision
 * that caused them (journal.ts), so a crash never loses one; this worker claims due rows, hands
 * them to the channel's adapter and records the outcome, backing off exponentially. After the
 * last attempt a row is `dead` and stays visible to the organization.
 */
import type { Kysely } from 'kysely';
import type { KobanDatabase } from '../db/schema.js';
import { DeliveryError, type NoticeAdapter } from './delivery.js';
import type { NoticePayload } from './notices.js';

export const MAX_ATTEMPTS = 10;
const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 6 * 3_600_000;
const BATCH = 50;

export interface OutboxDeps {
  db: Kysely<KobanDatabase>;
  adapters: Partial<Record<'webhook' | 'email', NoticeAdapter>>;
  now: () => Date;
  onError?: (error: unknown) => void;
}

/** Delay before attempt `attempts + 1`: 5 s, 10 s, 20 s … capped at 6 h. */
export function backoffMs(attempts: number): number {
  return Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
}

export class NoticeOutbox {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly deps: OutboxDeps) {}

  start(intervalMs = 1_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass over due rows; returns how many were attempted. Never runs twice at once. */
  runOnce(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<number> {
    const { db, now } = this.deps;
    const due = await db
      .selectFrom('fraud_outbox as o')
      .leftJoin('fraud_settings as s', 's.org_id', 'o.org_id')
      .select(['o.id', 'o.channel', 'o.target', 'o.payload', 'o.attempts', 's.webhook_secret'])
      .where('o.status', '=', 'pending')
      .where('o.next_attempt_at', '<=', now().toISOString())
      .orderBy('o.next_attempt_at')
      .limit(BATCH)
      .execute();
    for (const row of due) {
      const adapter = this.deps.adapters[row.channel as 'webhook' | 'email'];
      const attempts = row.attempts + 1;
      try {
        if (!adapter) throw new DeliveryError(`no ${row.channel} adapter is configured`);
        await adapter.deliver(
          row.target,
          JSON.parse(row.payload) as NoticePayload,
          row.webhook_secret ?? undefined,
        );
        await db
          .updateTable('fraud_outbox')
          .set({ status: 'sent', attempts, sent_at: now().toISOString(), last_error: null })
          .where('id', '=', row.id)
          .execute();
      } catch (error) {
        const retryable = !(error instanceof DeliveryError) || error.retryable;
        const dead = !retryable || attempts >= MAX_ATTEMPTS;
        await db
          .updateTable('fraud_outbox')
          .set({
            status: dead ? 'dead' : 'pending',
            attempts,
            last_error: String((error as Error).message ?? error).slice(0, 500),
            next_attempt_at: new Date(now().getTime() + backoffMs(attempts)).toISOString(),
          })
          .where('id', '=', row.id)
          .execute()
          .catch((e) => this.deps.onError?.(e));
      }
    }
    return due.length;
  }
}
