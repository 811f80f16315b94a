import type { Scope } from '../auth/keys.js';
import type { Principal } from '../auth/service.js';
import type { Database } from '../db/database.js';
import type { TaxiiSourceTable } from '../db/schema.js';
import { backoffMs } from '../fraud/outbox.js';
import type { KnowledgeService } from '../knowledge/service.js';
import type { ReportIntake } from '../reports/service.js';
import type { Tlp, Viewer } from '../sharing/policy.js';
import { RemoteError, type TaxiiHttpClient } from './http.js';
import { importPage } from './import.js';
import { endpointOf, type SourceFailure } from './sources.js';

/** Objects asked per page: Koban's own server caps at 10,000; most servers answer fewer, which is fine. */
export const POLL_PAGE_LIMIT = 1_000;
/** Pages per source per pass: a large backlog is worked off over several passes, never hogging the node. */
export const PAGES_PER_PASS = 50;
/** Failures kept on the source for its status (newest first). */
const KEPT_FAILURES = 50;
const LEASE_MS = 5 * 60_000;

export interface PollResult {
  pages: number;
  imported: number;
  unchanged: number;
  failed: number;
  /** True when the collection was read to its end in this pass. */
  caughtUp: boolean;
  error?: string;
}

interface Deps {
  database: Database;
  http: TaxiiHttpClient;
  intake: ReportIntake;
  knowledge: KnowledgeService;
  viewerFor: (orgId: string) => Promise<Viewer>;
  now: () => Date;
  /** Objects asked per page (default `POLL_PAGE_LIMIT`). */
  pageLimit?: number;
  onError?: (error: unknown) => void;
}

/**
 * Polls remote TAXII collections on their schedules. Per source: GET objects with `added_after` =
 * the checkpoint, follow `next` while `more`, import each page, and only then move the checkpoint
 * on the row — so a crash between the two re-polls one page, which the idempotent import absorbs.
 * Errors back off (5 s doubling to 6 h) and are kept on the source; they never stop other sources.
 * Explicitly started and stopped by the container; a lease lets one node poll a source at a time.
 */
export class TaxiiPoller {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly deps: Deps) {}

  start(tickMs = 5_000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), tickMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One pass over the due sources (never two at once). */
  runOnce(): Promise<void> {
    this.running ??= this.pass()
      .catch((error: unknown) => this.deps.onError?.(error))
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async pass(): Promise<void> {
    const now = this.deps.now().toISOString();
    const due = await this.deps.database.db
      .selectFrom('taxii_sources')
      .selectAll()
      .where('enabled', '=', 1)
      .where('next_poll_at', '<=', now)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
      .orderBy('next_poll_at')
      .limit(20)
      .execute();
    for (const source of due) {
      if (!this.timer) return; // stopping: leave the rest for the next start
      await this.poll(source);
    }
  }

  /**
   * Polls one source now (the `poll` route, the CLI, the scheduler). Undefined when another node or
   * pass holds its lease.
   */
  async poll(source: TaxiiSourceTable, maxPages = PAGES_PER_PASS): Promise<PollResult | undefined> {
    const { db } = this.deps.database;
    const started = this.deps.now();
    const claimed = await db
      .updateTable('taxii_sources')
      .set({ lease_until: new Date(started.getTime() + LEASE_MS).toISOString() })
      .where('id', '=', source.id)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', started.toISOString())]))
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) === 0) return undefined;
    const result: PollResult = { pages: 0, imported: 0, unchanged: 0, failed: 0, caughtUp: false };
    // Position: inside an unfinished run (`next` is only valid with the added_after it was issued for), or from the checkpoint.
    let position = {
      checkpoint: source.checkpoint_added_after,
      runAddedAfter: source.run_next ? source.run_added_after : source.checkpoint_added_after,
      next: source.run_next,
    };
    let failures = JSON.parse(source.last_failures) as SourceFailure[];
    try {
      const principal = await this.principalOf(source);
      const settings = {
        sourceId: source.id,
        sourceName: source.name,
        defaultTlp: source.default_tlp as Tlp,
        sharingGroups: JSON.parse(source.sharing_groups) as string[],
      };
      while (result.pages < maxPages) {
        const page = await this.deps.http.objects(endpointOf(source), source.collection_id, {
          ...(position.runAddedAfter ? { addedAfter: position.runAddedAfter } : {}),
          ...(position.next ? { next: position.next } : {}),
          limit: this.deps.pageLimit ?? POLL_PAGE_LIMIT,
        });
        const outcome = await importPage(this.deps, principal, settings, page.objects);
        result.pages++;
        result.imported += outcome.imported;
        result.unchanged += outcome.unchanged;
        result.failed += outcome.failures.length;
        position = advance(position, page);
        const at = this.deps.now().toISOString();
        failures = [...outcome.failures.map((f) => ({ at, ...f })).reverse(), ...failures].slice(
          0,
          KEPT_FAILURES,
        );
        // The page is committed: only now does the checkpoint move (with the counters, in one update).
        await db
          .updateTable('taxii_sources')
          .set((eb) => ({
            checkpoint_added_after: position.checkpoint,
            run_added_after: position.next ? position.runAddedAfter : null,
            run_next: position.next,
            imported_count: eb('imported_count', '+', outcome.imported),
            failed_count: eb('failed_count', '+', outcome.failures.length),
            last_failures: JSON.stringify(failures),
          }))
          .where('id', '=', source.id)
          .execute();
        if (!page.more) {
          result.caughtUp = true;
          break;
        }
      }
      const at = this.deps.now();
      await db
        .updateTable('taxii_sources')
        .set({
          lease_until: null,
          attempts: 0,
          last_error: null,
          last_poll_at: at.toISOString(),
          last_success_at: at.toISOString(),
          // A backlog continues at the next tick; a source read to its end waits its interval.
          next_poll_at: new Date(
            at.getTime() + (result.caughtUp ? source.poll_seconds * 1000 : 0),
          ).toISOString(),
        })
        .where('id', '=', source.id)
        .execute();
    } catch (error) {
      result.error =
        error instanceof RemoteError ? error.message : `import failed: ${(error as Error).message}`;
      if (!(error instanceof RemoteError)) this.deps.onError?.(error);
      const at = this.deps.now();
      const attempts = source.attempts + 1;
      // A `next` the remote no longer honours (expired, server restarted): restart the run from its added_after.
      const staleNext =
        error instanceof RemoteError && position.next && (error.status === 400 || error.status === 404);
      await db
        .updateTable('taxii_sources')
        .set({
          lease_until: null,
          attempts,
          last_error: result.error.slice(0, 1000),
          last_poll_at: at.toISOString(),
          next_poll_at: new Date(at.getTime() + backoffMs(attempts)).toISOString(),
          ...(staleNext ? { run_next: null, run_added_after: null } : {}),
        })
        .where('id', '=', source.id)
        .execute();
    }
    return result;
  }

  /** What the source's imports run as: its organization, with the scopes it was registered with (never more). */
  private async principalOf(source: TaxiiSourceTable): Promise<Principal> {
    return {
      keyId: `taxii-source:${source.id}`,
      orgId: source.org_id,
      scopes: new Set(JSON.parse(source.scopes) as Scope[]),
      viewer: await this.deps.viewerFor(source.org_id),
    };
  }
}

interface Position {
  checkpoint: string | null;
  runAddedAfter: string | null;
  next: string | null;
}

/**
 * Where to continue after a committed page (TAXII 2.1 §3.4): follow `next` while `more`; a server
 * that pages without `next` is continued with `added_after` = `X-TAXII-Date-Added-Last`; the end of
 * the collection makes that header the new checkpoint.
 */
function advance(
  position: Position,
  page: { more: boolean; next?: string; dateAddedLast?: string },
): Position {
  if (page.more && page.next) return { ...position, next: page.next };
  if (page.more && !page.dateAddedLast)
    throw new RemoteError('the server says "more" but sends neither "next" nor X-TAXII-Date-Added-Last');
  const checkpoint = page.dateAddedLast ?? position.checkpoint;
  return { checkpoint, runAddedAfter: checkpoint, next: null };
}
