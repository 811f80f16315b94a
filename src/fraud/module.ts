/**
 * The fraud module's long-lived parts, built in one place for the container: the decision
 * service, the audited admin operations, the notice outbox with its adapters, and the periodic
 * state snapshot. `start` runs the background work (the server calls it; tests may not).
 */
import { join } from 'node:path';
import type { AuditLog } from '../audit/store.js';
import type { Database } from '../db/database.js';
import type { ReportIntake } from '../reports/service.js';
import { FraudAdmin } from './admin.js';
import { loadDefaultRuleSet } from './default-rules.js';
import { type NoticeAdapter, SmtpAdapter, WebhookAdapter } from './delivery.js';
import { NoticeOutbox } from './outbox.js';
import { FraudService } from './service.js';

export interface FraudModuleOptions {
  database: Database;
  audit: AuditLog;
  intake: ReportIntake;
  newId: () => string;
  now: () => Date;
  /** Data directory for state snapshots; undefined for in-memory stores. */
  dataDir: string | undefined;
  smtp?: { url: string; from: string } | undefined;
  snapshotSeconds: number;
  /** Webhooks may target loopback/private addresses (see src/http/outbound.ts). */
  webhooksAllowPrivate?: boolean;
  /** Overrides for tests (a local webhook receiver, a fake SMTP). */
  adapters?: Partial<Record<'webhook' | 'email', NoticeAdapter>>;
  onError?: (error: unknown) => void;
}

export class FraudModule {
  readonly service: FraudService;
  readonly admin: FraudAdmin;
  readonly outbox: NoticeOutbox;
  private readonly smtp: SmtpAdapter | undefined;
  private snapshotTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: FraudModuleOptions) {
    const { database, audit, newId, now, onError } = options;
    this.smtp = options.smtp && !options.adapters?.email ? new SmtpAdapter(options.smtp) : undefined;
    const email = options.adapters?.email ?? this.smtp;
    this.service = new FraudService({
      database: database.db,
      sqlite: database.sqlite,
      audit,
      newId,
      now,
      defaultRuleSet: loadDefaultRuleSet(),
      snapshotDir: options.dataDir ? join(options.dataDir, 'fraud') : undefined,
      emailEnabled: email !== undefined,
      onError,
    });
    this.admin = new FraudAdmin({
      database,
      audit,
      intake: options.intake,
      fraud: this.service,
      now,
      outbound: { allowPrivate: options.webhooksAllowPrivate === true },
    });
    this.outbox = new NoticeOutbox({
      db: database.db,
      adapters: {
        webhook:
          options.adapters?.webhook ??
          new WebhookAdapter(5_000, { allowPrivate: options.webhooksAllowPrivate === true }),
        ...(email ? { email } : {}),
      },
      now,
      onError,
    });
  }

  start(): void {
    this.outbox.start();
    if (this.options.dataDir && !this.snapshotTimer) {
      this.snapshotTimer = setInterval(() => {
        this.service.snapshotAll().catch((e) => this.options.onError?.(e));
      }, this.options.snapshotSeconds * 1_000);
      this.snapshotTimer.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.snapshotTimer) clearInterval(this.snapshotTimer);
    this.snapshotTimer = undefined;
    await this.outbox.stop();
    await this.service.close();
    this.smtp?.close();
  }
}
