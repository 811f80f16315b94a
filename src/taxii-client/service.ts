import type { AuditLog } from '../audit/store.js';
import { type Principal, requireScope } from '../auth/service.js';
import type { Database } from '../db/database.js';
import { KobanError } from '../errors/catalogue.js';
import type { OutboundPolicy } from '../http/outbound.js';
import type { KnowledgeService } from '../knowledge/service.js';
import type { ReportIntake } from '../reports/service.js';
import type { Viewer } from '../sharing/policy.js';
import { RemoteError, TaxiiHttpClient } from './http.js';
import { type PollResult, TaxiiPoller } from './poller.js';
import { type PushResult, TaxiiPush } from './push.js';
import { type SourceView, TaxiiSources, viewOfSource } from './sources.js';

export interface TaxiiClientDeps {
  database: Database;
  audit: AuditLog;
  intake: ReportIntake;
  knowledge: KnowledgeService;
  viewerFor: (orgId: string) => Promise<Viewer>;
  newId: () => string;
  now: () => Date;
  /** Where sources may point (src/http/outbound.ts): checked at registration and before every request. */
  outbound: OutboundPolicy;
  /** Tests replace the network or the wait between status polls. */
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Objects asked per polled page (tests use small pages to exercise paging). */
  pageLimit?: number;
  onError?: (error: unknown) => void;
}

/** The TAXII 2.1 client: registered sources, the scheduled poller, and push (src/taxii-client). */
export class TaxiiClient {
  readonly sources: TaxiiSources;
  readonly poller: TaxiiPoller;
  private readonly pusher: TaxiiPush;

  constructor(deps: TaxiiClientDeps) {
    const http = new TaxiiHttpClient(deps.outbound, deps.fetch);
    this.sources = new TaxiiSources(deps);
    this.poller = new TaxiiPoller({ ...deps, http });
    this.pusher = new TaxiiPush({
      ...deps,
      http,
      sources: this.sources,
      sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    });
  }

  /** Polls one source now, whatever its schedule; the answer carries the pass and the source after it. */
  async pollNow(principal: Principal, id: string): Promise<{ poll: PollResult; source: SourceView }> {
    requireScope(principal, 'keys:manage');
    const row = await this.sources.row(principal, id);
    const poll = await this.poller.poll(row);
    if (!poll) throw new KobanError('conflict', 'this source is being polled right now; try again shortly');
    return { poll, source: viewOfSource(await this.sources.row(principal, id)) };
  }

  async push(principal: Principal, id: string, reportIds: readonly string[]): Promise<PushResult> {
    try {
      return await this.pusher.push(principal, id, reportIds);
    } catch (error) {
      if (error instanceof RemoteError)
        throw new KobanError('remote_failed', `TAXII push failed: ${error.message}`);
      throw error;
    }
  }

  start(tickMs?: number): void {
    this.poller.start(tickMs);
  }

  stop(): Promise<void> {
    return this.poller.stop();
  }
}
