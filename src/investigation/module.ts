/**
 * Investigation support, built in one place for the container: the versioned log-source
 * catalogue, deadlines, notices and inquiries. `start` runs the notice scan (the server calls it).
 */
import type { AuditLog } from '../audit/store.js';
import type { AuthService } from '../auth/service.js';
import type { CampaignGraph } from '../correlation/graph.js';
import type { Database } from '../db/database.js';
import { CatalogueStore } from './catalogue-store.js';
import { DeadlineFinder } from './deadlines.js';
import { Inquiries } from './inquiries.js';
import { InquiryReads } from './inquiry-reads.js';
import { DeadlineNotices } from './notices.js';

export interface InvestigationOptions {
  database: Database;
  audit: AuditLog;
  auth: AuthService;
  graph: CampaignGraph;
  newId: () => string;
  now: () => Date;
  marginDays: number;
  scanSeconds: number;
  onError?: (error: unknown) => void;
}

export class InvestigationModule {
  readonly catalogue: CatalogueStore;
  readonly deadlines: DeadlineFinder;
  readonly notices: DeadlineNotices;
  readonly inquiries: Inquiries;
  readonly reads: InquiryReads;

  constructor(private readonly options: InvestigationOptions) {
    const { database, audit, newId, now } = options;
    this.catalogue = new CatalogueStore({ database, audit, now });
    this.deadlines = new DeadlineFinder({
      database,
      catalogue: this.catalogue,
      graph: options.graph,
      now,
      marginDays: options.marginDays,
    });
    this.notices = new DeadlineNotices({
      database,
      auth: options.auth,
      deadlines: this.deadlines,
      newId,
      now,
      onError: options.onError,
    });
    this.inquiries = new Inquiries({
      database,
      audit,
      catalogue: this.catalogue,
      deadlines: this.deadlines,
      newId,
      now,
      defaultAnswerDays: 14,
    });
    this.reads = new InquiryReads({
      database,
      inquiries: this.inquiries,
      today: () => this.deadlines.today(),
    });
  }

  start(): void {
    this.notices.start(this.options.scanSeconds * 1_000);
  }

  async stop(): Promise<void> {
    await this.notices.stop();
  }
}
