/**
 * The protection module as the container wires it: the in-memory index, brands, feeds, lookalike
 * alerts, and the checks (per caller, against the index; never a query, never a fetch).
 */
import type { AuditLog } from '../audit/store.js';
import type { Bus } from '../bus/bus.js';
import { createUrlChecker, type UrlCheckResult } from '../core/detect/checkers.js';
import type { SmsCheckContext } from '../core/detect/sms-check.js';
import { checkSms, type SmsCheckResult, type SmsMessage } from '../core/detect/sms-check.js';
import type { LookalikeFinder } from '../core/detect/url-check.js';
import type { Database } from '../db/database.js';
import type { Viewer } from '../sharing/policy.js';
import { LookalikeAlerts } from './alerts.js';
import { BrandService, effectiveBrands, loadStoredBrands, toProtectedBrand } from './brands.js';
import { CheckPool, POOL_MIN_BATCH, type PooledBatch } from './check-pool.js';
import { FeedService } from './feeds.js';
import { buildLookalikeMatcher } from './matcher.js';
import { PROTECTION_REFRESH_MS } from './protection-data.js';
import { ProtectionIndex } from './protection-index.js';
import type { BatchMode } from './schemas.js';
import { loadBenignDomains } from './store.js';

export interface ProtectionDeps {
  database: Database;
  bus: Bus;
  audit: AuditLog;
  newId: () => string;
  now: () => Date;
  snapshotFile?: string | undefined;
  /** Worker threads for large SMS batches (`KOBAN_CHECK_WORKERS`); 0 checks every batch inline. */
  checkWorkers?: number;
  onError?: (error: unknown) => void;
}

export type CheckOutcome<T> = { ok: true; result: T } | { ok: false; reason: string };

export class Protection {
  readonly index: ProtectionIndex;
  readonly brands: BrandService;
  readonly alerts: LookalikeAlerts;
  readonly feeds: FeedService;
  /** Null when batches are checked inline (`checkWorkers` 0). */
  readonly pool: CheckPool | null;
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly deps: ProtectionDeps) {
    const onError = (e: unknown) => deps.onError?.(e);
    this.pool = (deps.checkWorkers ?? 0) > 0 ? new CheckPool(deps.checkWorkers as number, onError) : null;
    this.index = new ProtectionIndex({
      database: deps.database,
      bus: deps.bus,
      snapshotFile: deps.snapshotFile,
      onError,
    });
    const reload = async () => {
      try {
        await this.index.refresh();
      } catch (error) {
        onError(error);
      }
    };
    const matcher = async () => {
      await this.index.ready();
      return this.index.alertMatcher;
    };
    this.brands = new BrandService({
      database: deps.database,
      audit: deps.audit,
      newId: deps.newId,
      now: deps.now,
      onChange: reload,
    });
    this.alerts = new LookalikeAlerts({
      database: deps.database,
      audit: deps.audit,
      brands: this.brands,
      newId: deps.newId,
      now: deps.now,
      matcher,
    });
    this.feeds = new FeedService({
      database: deps.database,
      audit: deps.audit,
      brands: this.brands,
      alerts: this.alerts,
      newId: deps.newId,
      now: deps.now,
      matcher,
      onChange: reload,
    });
  }

  /** Starts the index (snapshot or build), and the alerter on `report.created` and every poll. */
  async start(pollMs = PROTECTION_REFRESH_MS): Promise<void> {
    await this.index.start(pollMs);
    const onError = (e: unknown) => this.deps.onError?.(e);
    this.unsubscribe ??= this.deps.bus.subscribe('report.created', () => {
      this.alerts.processNewReports().catch(onError);
    });
    this.timer ??= setInterval(() => void this.alerts.processNewReports().catch(onError), pollMs * 5);
    this.timer.unref();
    void this.alerts.processNewReports().catch(onError);
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.alerts.settled();
    await this.pool?.close();
    await this.index.stop();
  }

  /**
   * The alert matcher built from brands and warninglists only (no report scan): what
   * `koban watch-domains` uses, cheap to build in a short-lived process.
   */
  async lookalikeMatcher(): Promise<LookalikeFinder> {
    const { db } = this.deps.database;
    const brands = effectiveBrands(await loadStoredBrands(db)).map(toProtectedBrand);
    return buildLookalikeMatcher(brands, new Set(await loadBenignDomains(db)));
  }

  /** One caller's check context (after the index is ready). */
  async contextFor(viewer: Viewer): Promise<SmsCheckContext> {
    await this.index.ready();
    return this.index.contextFor(viewer);
  }

  async checkUrl(viewer: Viewer, raw: string): Promise<CheckOutcome<UrlCheckResult>> {
    const r = createUrlChecker({}, await this.contextFor(viewer)).checkUrl(raw);
    return 'verdict' in r ? { ok: true, result: r } : r;
  }

  async checkDomain(viewer: Viewer, raw: string): Promise<CheckOutcome<UrlCheckResult>> {
    const r = createUrlChecker({}, await this.contextFor(viewer)).checkDomain(raw);
    return 'verdict' in r ? { ok: true, result: r } : r;
  }

  async checkSms(viewer: Viewer, message: SmsMessage): Promise<SmsCheckResult> {
    return checkSms(await this.contextFor(viewer), message);
  }

  /**
   * A batch of valid messages for one caller: on the worker pool when there is one and the batch
   * is large enough (`POOL_MIN_BATCH`), else inline. Exactly the inline answers either way, as
   * JSON items written in `mode` with their verdicts. Null: check inline.
   */
  async checkBatchPooled(
    viewer: Viewer,
    messages: readonly SmsMessage[],
    mode: BatchMode,
  ): Promise<PooledBatch | null> {
    if (this.pool === null || messages.length < POOL_MIN_BATCH) return null;
    await this.index.ready();
    const state = this.index.workerState();
    // Chunks a worker could not answer are checked inline (against the index as it is now).
    return this.pool.check(state, viewer, messages, mode, (ms) => {
      const ctx = this.index.contextFor(viewer);
      return ms.map((m) => checkSms(ctx, m));
    });
  }

  /** Hot path of the batch route: one message against a context from `contextFor`. */
  checkSmsIn(context: SmsCheckContext, message: SmsMessage): SmsCheckResult {
    return checkSms(context, message);
  }
}
