/**
 * Preservation-deadline notices: a periodic scan walks the deadline queue of every police and
 * analyst-centre organization (through the sharing policy, as that organization) and records a
 * notice when a deadline comes within 7, 3 and 1 days. The unique key makes the scan idempotent
 * across runs and nodes; the API lists the notices.
 */
import type { AuthService } from '../auth/service.js';
import type { Database } from '../db/database.js';
import type { DeadlineFinder } from './deadlines.js';

export const NOTICE_DAYS = [7, 3, 1] as const;
const INVESTIGATOR_KINDS = ['police', 'analyst_centre'];

export interface NoticeView {
  id: string;
  reportId: string;
  indicatorKey: string;
  providerId: string;
  logId: string;
  deadline: string;
  daysBefore: number;
  createdAt: string;
}

export class DeadlineNotices {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(
    private readonly deps: {
      database: Database;
      auth: Pick<AuthService, 'viewerFor'>;
      deadlines: DeadlineFinder;
      newId: () => string;
      now: () => Date;
      onError?: (error: unknown) => void;
    },
  ) {}

  start(intervalMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.scanOnce().catch((e) => this.deps.onError?.(e));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => {});
  }

  /** One scan; returns how many new notices it recorded. Overlapping calls share one run. */
  scanOnce(): Promise<number> {
    this.running ??= this.scan().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async scan(): Promise<number> {
    const db = this.deps.database.db;
    const orgs = await db
      .selectFrom('organizations')
      .select('id')
      .where('kind', 'in', INVESTIGATOR_KINDS)
      .execute();
    const at = this.deps.now().toISOString();
    let created = 0;
    for (const org of orgs) {
      const viewer = await this.deps.auth.viewerFor(org.id);
      const queue = await this.deps.deadlines.queue(viewer, Math.max(...NOTICE_DAYS), 5_000);
      for (const entry of queue) {
        const daysBefore = [...NOTICE_DAYS].reverse().find((d) => entry.lead.daysLeft <= d);
        if (daysBefore === undefined) continue;
        const result = await db
          .insertInto('investigation_notices')
          .values({
            id: this.deps.newId(),
            org_id: org.id,
            report_id: entry.reportId,
            indicator_key: entry.indicator.key,
            provider_id: entry.lead.providerId,
            log_id: entry.lead.logId,
            deadline: entry.lead.deadline,
            days_before: daysBefore,
            created_at: at,
          })
          .onConflict((oc) =>
            oc
              .columns(['org_id', 'report_id', 'indicator_key', 'provider_id', 'log_id', 'days_before'])
              .doNothing(),
          )
          .executeTakeFirst();
        created += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
    }
    return created;
  }

  /** The organization's notices whose deadline has not passed, nearest first. */
  async list(orgId: string, today: string, limit = 200): Promise<NoticeView[]> {
    const rows = await this.deps.database.db
      .selectFrom('investigation_notices')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('deadline', '>=', today)
      .orderBy('deadline')
      .orderBy('days_before')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      reportId: r.report_id,
      indicatorKey: r.indicator_key,
      providerId: r.provider_id,
      logId: r.log_id,
      deadline: r.deadline,
      daysBefore: Number(r.days_before),
      createdAt: r.created_at,
    }));
  }
}
