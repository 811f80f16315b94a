import { randomBytes } from 'node:crypto';
import { type Principal, requireScope } from '../auth/service.js';
import type { Bus } from '../bus/bus.js';
import type { Database } from '../db/database.js';
import type { InteropWebhookTable } from '../db/schema.js';
import { invalid, KobanError } from '../errors/catalogue.js';
import { signBody } from '../fraud/delivery.js';
import { backoffMs } from '../fraud/outbox.js';
import { assertPublicDestination, type OutboundPolicy, OutboundRefused } from '../http/outbound.js';
import type { Viewer } from '../sharing/policy.js';
import { reportEventOf } from './stream.js';
import type { VisibleReports } from './visible-reports.js';

/** Webhooks per organization; more is a misconfiguration, not a need. */
const MAX_WEBHOOKS_PER_ORG = 10;
/** Reports delivered per webhook per pass: one slow receiver never holds the others for long. */
const REPORTS_PER_PASS = 100;
const LEASE_MS = 60_000;
const TIMEOUT_MS = 5_000;

export interface WebhookView {
  id: string;
  url: string;
  createdAt: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  lastDeliveredAt: string | null;
}

interface Deps {
  database: Database;
  bus: Bus;
  reports: VisibleReports;
  viewerFor: (orgId: string) => Promise<Viewer>;
  newId: () => string;
  now: () => Date;
  /** Where webhooks may point: checked at registration and before every delivery. */
  outbound: OutboundPolicy;
  onError?: (error: unknown) => void;
}

const viewOf = (row: InteropWebhookTable): WebhookView => ({
  id: row.id,
  url: row.url,
  createdAt: row.created_at,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at,
  lastError: row.last_error,
  lastDeliveredAt: row.last_delivered_at,
});

function checkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid('/url', 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw invalid('/url', 'must use https (or http)');
  if (url.username || url.password)
    throw invalid('/url', 'must not carry credentials: the signature authenticates Koban');
  return url.toString();
}

/**
 * Signed webhooks: each new report an organization may see is POSTed to its URLs as JSON with
 * `x-koban-signature: sha256=<HMAC-SHA256 of the body>` (the fraud notices' scheme). What is owed is
 * "every visible report after the webhook's cursor", so nothing is lost across restarts: a failure
 * keeps the cursor and retries with the outbox's backoff (5 s doubling to 6 h); a success moves it.
 * The bus only wakes the dispatcher early; a timer covers reports written on other nodes.
 */
export class Webhooks {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: Deps) {}

  async register(principal: Principal, url: string): Promise<WebhookView & { secret: string }> {
    requireScope(principal, 'reports:read');
    requireScope(principal, 'keys:manage');
    const { db } = this.deps.database;
    const count = await db
      .selectFrom('interop_webhooks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', principal.orgId)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= MAX_WEBHOOKS_PER_ORG)
      throw new KobanError('conflict', `at most ${MAX_WEBHOOKS_PER_ORG} webhooks per organization`);
    const checked = checkUrl(url);
    try {
      await assertPublicDestination(checked, this.deps.outbound, { resolve: false });
    } catch (error) {
      if (error instanceof OutboundRefused) throw invalid('/url', error.message);
      throw error;
    }
    const now = this.deps.now().toISOString();
    const row: InteropWebhookTable = {
      id: this.deps.newId(),
      org_id: principal.orgId,
      url: checked,
      secret: randomBytes(32).toString('base64url'),
      created_at: now,
      // Only reports created from now on: a new webhook is not a bulk export (use the feeds for that).
      cursor_at: now,
      cursor_id: '',
      attempts: 0,
      next_attempt_at: now,
      last_error: null,
      last_delivered_at: null,
      lease_until: null,
    };
    await db.insertInto('interop_webhooks').values(row).execute();
    return { ...viewOf(row), secret: row.secret };
  }

  async list(principal: Principal): Promise<WebhookView[]> {
    requireScope(principal, 'keys:manage');
    const rows = await this.deps.database.db
      .selectFrom('interop_webhooks')
      .selectAll()
      .where('org_id', '=', principal.orgId)
      .orderBy('created_at')
      .execute();
    return rows.map(viewOf);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    requireScope(principal, 'keys:manage');
    const result = await this.deps.database.db
      .deleteFrom('interop_webhooks')
      .where('id', '=', id)
      .where('org_id', '=', principal.orgId)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new KobanError('not_found', 'webhook not found');
  }

  start(intervalMs = 2_000): void {
    if (this.timer) return;
    this.unsubscribe = this.deps.bus.subscribe('report.created', () => this.wake());
    this.timer = setInterval(() => this.wake(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.again = false;
    await this.running;
  }

  /** Runs a pass now, or once more right after the running one (never two at once). */
  runOnce(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.pass()
      .catch((error: unknown) => this.deps.onError?.(error))
      .finally(() => {
        this.running = undefined;
        if (this.again && this.timer) {
          this.again = false;
          void this.runOnce();
        }
      });
    return this.running;
  }

  private wake(): void {
    void this.runOnce();
  }

  private async pass(): Promise<void> {
    const now = this.deps.now().toISOString();
    const due = await this.deps.database.db
      .selectFrom('interop_webhooks')
      .selectAll()
      .where('next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .orderBy('next_attempt_at')
      .limit(50)
      .execute();
    for (const hook of due) await this.deliver(hook);
  }

  private async deliver(hook: InteropWebhookTable): Promise<void> {
    const { db } = this.deps.database;
    const now = this.deps.now();
    const claimed = await db
      .updateTable('interop_webhooks')
      .set({ lease_until: new Date(now.getTime() + LEASE_MS).toISOString() })
      .where('id', '=', hook.id)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now.toISOString())]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return; // another node holds it
    // The organization's current viewer: a group left or a grant revoked applies to the next report.
    const viewer = await this.deps.viewerFor(hook.org_id);
    const page = await this.deps.reports.page(viewer, {
      after: { at: hook.cursor_at, id: hook.cursor_id },
      limit: REPORTS_PER_PASS,
    });
    let cursor = { at: hook.cursor_at, id: hook.cursor_id };
    let failure: string | undefined;
    for (const report of page.reports) {
      failure = await this.post(
        hook,
        report.id,
        JSON.stringify({ type: 'koban.report.created', report: reportEventOf(report) }),
      );
      if (failure) break;
      cursor = { at: report.createdAt, id: report.id };
    }
    // Rows the policy dropped after SQL are skipped too, never retried forever.
    if (!failure && page.last) cursor = page.last;
    const at = this.deps.now().toISOString();
    const moved = cursor.at !== hook.cursor_at || cursor.id !== hook.cursor_id;
    await db
      .updateTable('interop_webhooks')
      .set({
        cursor_at: cursor.at,
        cursor_id: cursor.id,
        lease_until: null,
        ...(failure
          ? {
              attempts: hook.attempts + 1,
              last_error: failure.slice(0, 500),
              next_attempt_at: new Date(Date.parse(at) + backoffMs(hook.attempts + 1)).toISOString(),
            }
          : { attempts: 0, last_error: null, next_attempt_at: at }),
        ...(moved ? { last_delivered_at: at } : {}),
      })
      .where('id', '=', hook.id)
      .execute();
    if (!failure && page.full) this.again = true;
  }

  /** Undefined on success, else why (every failure is retried: the receiver may recover). */
  private async post(hook: InteropWebhookTable, reportId: string, body: string): Promise<string | undefined> {
    try {
      await assertPublicDestination(hook.url, this.deps.outbound);
      const response = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Koban-Webhooks/1',
          'x-koban-event-id': reportId,
          'x-koban-signature': signBody(hook.secret, body),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      await response.body?.cancel();
      return response.ok ? undefined : `HTTP ${response.status}`;
    } catch (error) {
      return `unreachable: ${(error as Error).message}`;
    }
  }
}
