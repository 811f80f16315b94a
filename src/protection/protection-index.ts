/**
 * The per-process protection index: everything the checks know, in memory — brands, benign
 * domains, known-bad URLs/hosts/domains/numbers from reports, feeds and crime-infrastructure flags,
 * each entry with its precomputed audience. No check queries the store.
 *
 * Updates: a pass reads the change counters (brands, feeds, flags, warninglists) and reloads what
 * moved, and appends reports after its cursor (re-reading a short window, since reports committed
 * by other processes may land slightly out of id order; adding a report twice changes nothing).
 * Passes run on `report.created`, after our own writes and every `pollMs`. The state is written to
 * `protection-index.json` in the data folder (temp file + rename) and loaded at start, so a restart
 * serves at once and then reconciles.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Bus } from '../bus/bus.js';
import { PolledRefresh } from '../core/coalesced-run.js';
import type { SmsCheckContext } from '../core/detect/sms-check.js';
import type { LookalikeFinder } from '../core/detect/url-check.js';
import type { Database } from '../db/database.js';
import type { Viewer } from '../sharing/policy.js';
import type { AudienceSpec } from './audience.js';
import { type BrandView, effectiveBrands, loadStoredBrands, toProtectedBrand } from './brands.js';
import { buildLookalikeMatcher } from './matcher.js';
import {
  buildCheckContext,
  dump,
  idAtMs,
  idMs,
  PROTECTION_REFRESH_MS,
  ProtectionData,
  type RecentPhishing,
  restore,
  type StoreDump,
  viewerContext,
  type WorkerState,
} from './protection-data.js';
import {
  INDEX_PAGE_OPTIONS,
  loadBenignDomains,
  loadFeeds,
  loadLiveFlags,
  loadReportPage,
  readVersions,
  type Versions,
} from './store.js';

/** Reports are re-read this far behind the cursor (commit order is not id order across processes). */
const REREAD_WINDOW_MS = 10_000;
const PAGE = 2_000;
const SNAPSHOT_FORMAT = 1;
const SNAPSHOT_DELAY_MS = 2_000;

interface Snapshot {
  format: number;
  identity: string;
  versions: Versions;
  cursor: string;
  audiences: AudienceSpec[];
  brands: BrandView[];
  benign: string[];
  stores: { reports: StoreDump; flags: StoreDump; feeds: StoreDump };
  /** Absent in snapshots written before campaign shapes: they then start empty. */
  recentPhishing?: RecentPhishing[];
}

export interface ProtectionIndexDeps {
  database: Database;
  bus: Bus;
  /** Where the snapshot goes; none for in-memory stores. */
  snapshotFile?: string | undefined;
  onError?: (error: unknown) => void;
}

interface Loaded {
  versions: Versions;
  brands: BrandView[];
  benign: string[];
  context: SmsCheckContext;
  lookalikes: LookalikeFinder;
}

export class ProtectionIndex {
  private data = new ProtectionData();
  private loaded: Loaded | null = null;
  private cursor = '';
  /** Report ids inside the re-read window that are already in the index. */
  private readonly recent = new Set<string>();
  /** Bumped whenever what the checks read changes; cached caller contexts of older ones are stale. */
  private generation = 0;
  private readonly contexts = new WeakMap<Viewer, { generation: number; context: SmsCheckContext }>();
  private identity = '';
  /** Bumped whenever the shared context (brands, benign domains) is rebuilt. */
  private baseVersion = 0;
  private forWorkers: WorkerState | undefined;
  private dirty = false;
  private snapshotTimer: NodeJS.Timeout | undefined;
  private unsubscribe: (() => void) | undefined;
  private starting: Promise<void> | undefined;
  private readonly refreshing = new PolledRefresh(
    () => this.pass(),
    (e) => this.deps.onError?.(e),
  );

  constructor(private readonly deps: ProtectionIndexDeps) {}

  /**
   * Loads the snapshot (then reconciles in the background) or builds from the store before
   * returning; subscribes to `report.created` and polls.
   */
  start(pollMs = PROTECTION_REFRESH_MS): Promise<void> {
    this.starting ??= (async () => {
      this.identity = await this.storeIdentity();
      const fromSnapshot = await this.loadSnapshot();
      this.unsubscribe = this.deps.bus.subscribe('report.created', () => {
        this.refresh().catch((e) => this.deps.onError?.(e));
      });
      if (fromSnapshot) void this.refreshing.start(pollMs).catch((e) => this.deps.onError?.(e));
      else await this.refreshing.start(pollMs);
    })();
    return this.starting;
  }

  /** Starts on first use (routes call this; `serve` starts the index at boot). */
  async ready(): Promise<void> {
    if (this.loaded === null) await this.start();
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    await this.refreshing.stop();
    if (this.snapshotTimer) clearTimeout(this.snapshotTimer);
    this.snapshotTimer = undefined;
    if (this.dirty) await this.writeSnapshot().catch((e) => this.deps.onError?.(e));
  }

  /** Reloads what changed; true when anything did. Concurrent calls share one pass. */
  refresh(): Promise<boolean> {
    return this.refreshing.refresh();
  }

  /** The shared context (brands, models, benign domains) without any caller's lists. */
  get baseContext(): SmsCheckContext {
    if (this.loaded === null) throw new Error('protection index not started');
    return this.loaded.context;
  }

  get brands(): readonly BrandView[] {
    return this.loaded?.brands ?? [];
  }

  /** The lookalike matcher of the current brands (alerts, feeds of new domains). */
  get alertMatcher(): LookalikeFinder {
    if (this.loaded === null) throw new Error('protection index not started');
    return this.loaded.lookalikes;
  }

  get stats(): { entries: number; audiences: number; cursor: string } {
    const entries = this.data.stores.reduce((s, st) => s + st.size, 0);
    return { entries, audiences: this.data.audiences.size, cursor: this.cursor };
  }

  /**
   * One caller's context: the shared indexes plus list views filtered by the caller's audience.
   *
   * Cached per caller and index generation: a context (and its memo of link verdicts and sender
   * parses) is reused by later requests of the SAME viewer while nothing in the index changed.
   * Viewer objects are immutable snapshots of a caller's identity (org, groups, investigation
   * access; `AuthService` replaces the object when any of these change), so the cache is keyed
   * by the object itself: two callers never share a context or a memo, and any change to the
   * index (a report appended, flags, feeds, brands or warninglists reloaded) starts a new
   * generation, so no memoized verdict outlives the lists it was computed from.
   */
  contextFor(viewer: Viewer): SmsCheckContext {
    const cached = this.contexts.get(viewer);
    if (cached !== undefined && cached.generation === this.generation) return cached.context;
    const ctx = viewerContext(this.baseContext, this.data, viewer);
    this.contexts.set(viewer, { generation: this.generation, context: ctx });
    return ctx;
  }

  /**
   * The state check workers load (see `check-pool.ts`): built once per generation and kept until
   * the next one, so every worker gets the same object to clone.
   */
  workerState(): WorkerState {
    if (this.loaded === null) throw new Error('protection index not started');
    const cached = this.forWorkers;
    if (
      cached !== undefined &&
      cached.generation === this.generation &&
      cached.baseVersion === this.baseVersion
    )
      return cached;
    const state: WorkerState = {
      generation: this.generation,
      baseVersion: this.baseVersion,
      brands: this.loaded.brands,
      benign: this.loaded.benign,
      audiences: this.data.audiences.specs(),
      stores: {
        reports: dump(this.data.reports),
        flags: dump(this.data.flags),
        feeds: dump(this.data.feeds),
      },
      recentPhishing: [...this.data.recentPhishing],
    };
    this.forWorkers = state;
    return state;
  }

  get currentGeneration(): number {
    return this.generation;
  }

  private async pass(): Promise<boolean> {
    const { db } = this.deps.database;
    const versions = await readVersions(db);
    const before = this.loaded?.versions;
    let changed = false;
    let brands = this.loaded?.brands;
    let benign = this.loaded?.benign;
    if (!brands || before?.brands !== versions.brands) {
      brands = effectiveBrands(await loadStoredBrands(db));
      changed = true;
    }
    if (!benign || before?.warninglists !== versions.warninglists) {
      benign = await loadBenignDomains(db);
      changed = true;
    }
    if (before?.flags !== versions.flags) {
      this.data.setFlags(await loadLiveFlags(db));
      changed = true;
    }
    if (before?.feeds !== versions.feeds) {
      this.data.setFeeds(await loadFeeds(db));
      changed = true;
    }
    const added = await this.appendReports();
    this.data.expireShapes(Date.now());
    if (changed || this.loaded === null) {
      this.loaded = await this.buildLoaded(versions, brands, benign);
    } else this.loaded = { ...this.loaded, versions };
    if (changed || added > 0) {
      this.generation++;
      this.scheduleSnapshot();
    }
    return changed || added > 0;
  }

  private async buildLoaded(versions: Versions, brands: BrandView[], benign: string[]): Promise<Loaded> {
    const core = brands.map(toProtectedBrand);
    // One matcher for alerts; the checks' context has its own (see `buildCheckContext`).
    const lookalikes = buildLookalikeMatcher(core, new Set(benign));
    const context = buildCheckContext(brands, benign);
    this.baseVersion++;
    return { versions, brands, benign, context, lookalikes };
  }

  private async appendReports(): Promise<number> {
    const { db } = this.deps.database;
    const cursorMs = idMs(this.cursor);
    let after =
      this.cursor === '' || Number.isNaN(cursorMs) ? this.cursor : idAtMs(cursorMs - REREAD_WINDOW_MS);
    if (after > this.cursor) after = this.cursor;
    let added = 0;
    for (;;) {
      const page = await loadReportPage(db, after, PAGE, { ...INDEX_PAGE_OPTIONS, skip: this.recent });
      for (const r of page.reports) {
        this.data.addReport(r);
        this.recent.add(r.id);
        added++;
      }
      if (page.lastId === null) break;
      after = page.lastId;
      if (after > this.cursor) this.cursor = after;
      this.pruneRecent();
      if (page.rowCount < PAGE) break;
    }
    this.pruneRecent();
    return added;
  }

  private pruneRecent(): void {
    const ms = idMs(this.cursor);
    if (Number.isNaN(ms)) return;
    const bound = idAtMs(ms - REREAD_WINDOW_MS);
    for (const id of this.recent) if (id < bound) this.recent.delete(id);
  }

  private async storeIdentity(): Promise<string> {
    const centre = await this.deps.database.db
      .selectFrom('organizations')
      .select('id')
      .where('kind', '=', 'analyst_centre')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return `${this.deps.database.engine}:${centre?.id ?? ''}`;
  }

  private scheduleSnapshot(): void {
    if (!this.deps.snapshotFile) return;
    this.dirty = true;
    this.snapshotTimer ??= setTimeout(() => {
      this.snapshotTimer = undefined;
      this.writeSnapshot().catch((e) => this.deps.onError?.(e));
    }, SNAPSHOT_DELAY_MS);
    this.snapshotTimer.unref();
  }

  /** Writes the state atomically (temp file, then rename over the old snapshot). */
  async writeSnapshot(): Promise<void> {
    const file = this.deps.snapshotFile;
    if (!file || this.loaded === null) return;
    this.dirty = false;
    const snap: Snapshot = {
      format: SNAPSHOT_FORMAT,
      identity: this.identity,
      versions: this.loaded.versions,
      cursor: this.cursor,
      audiences: this.data.audiences.specs(),
      brands: this.loaded.brands,
      benign: this.loaded.benign,
      stores: {
        reports: dump(this.data.reports),
        flags: dump(this.data.flags),
        feeds: dump(this.data.feeds),
      },
      recentPhishing: [...this.data.recentPhishing],
    };
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(snap));
    await rename(tmp, file);
  }

  private async loadSnapshot(): Promise<boolean> {
    const file = this.deps.snapshotFile;
    if (!file) return false;
    let snap: Snapshot;
    try {
      snap = JSON.parse(await readFile(file, 'utf8')) as Snapshot;
    } catch {
      return false;
    }
    if (snap.format !== SNAPSHOT_FORMAT || snap.identity !== this.identity) return false;
    const data = new ProtectionData(snap.audiences);
    restore(data.reports, snap.stores.reports);
    restore(data.flags, snap.stores.flags);
    restore(data.feeds, snap.stores.feeds);
    for (const [url, ms] of snap.recentPhishing ?? []) data.addRecentPhishing(url, ms);
    this.data = data;
    this.cursor = snap.cursor;
    // Everything in the re-read window is in the snapshot already.
    this.loaded = await this.buildLoaded(snap.versions, snap.brands, snap.benign);
    this.generation++;
    const ms = idMs(this.cursor);
    if (!Number.isNaN(ms)) {
      const page = await loadReportPage(this.deps.database.db, idAtMs(ms - REREAD_WINDOW_MS), 100_000, {
        types: [],
        roles: [],
      });
      for (const r of page.reports) if (r.id <= this.cursor) this.recent.add(r.id);
    }
    return true;
  }
}
