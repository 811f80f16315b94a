import { sql } from 'kysely';
import type { AuditEvent, AuditLog } from '../audit/store.js';
import { type Principal, requireScope } from '../auth/service.js';
import { PolledRefresh } from '../core/coalesced-run.js';
import { linkingRegistrableDomain } from '../core/correlation/keys.js';
import type { Warninglist } from '../core/warninglists/index.js';
import { type Database, transact } from '../db/database.js';
import { type FieldError, invalid, KobanError } from '../errors/catalogue.js';
import { parseIndicatorValue } from '../indicators/parse.js';
import { BenignMatcher, hostOf } from './benign.js';
import { type PreparedList, prepareList } from './prepare.js';
import {
  bumpVersion,
  getDetail,
  listInfos,
  loadEnabledLists,
  readVersion,
  rowOf,
  statesOf,
  type WarninglistDetail,
  type WarninglistInfo,
} from './store.js';

export type { WarninglistDetail, WarninglistInfo } from './store.js';

// Arbitrary constant: serializes warninglist writes across PostgreSQL nodes (SQLite: the write lock).
const PG_WARNINGLIST_LOCK = 7_312_003;
export const DEFAULT_REFRESH_MS = 5_000;

export interface WarninglistDeps {
  database: Database;
  audit: AuditLog;
  now: () => Date;
  /** Failures of the background refresh (the last good matcher stays in use). */
  onError?: (error: unknown) => void;
}

export type ImportStatus = 'created' | 'updated' | 'unchanged' | 'invalid';

export interface ListResult {
  /** Position in the submitted array. */
  index: number;
  source: string;
  status: ImportStatus;
  id?: string;
  name?: string;
  version?: number;
  entries?: number;
  enabled?: boolean;
  /** Parser warnings (skipped entries …) and notes on what the import did. */
  warnings?: string[];
  errors?: FieldError[];
}

export interface WarninglistImportReport {
  summary: Record<ImportStatus, number>;
  results: ListResult[];
}

export interface CheckHit {
  listId: string | null;
  list: string;
  listType: string;
  entry: string;
  suppressesLinking: boolean;
}

export interface CheckResult {
  type: string;
  value: string;
  /** True when correlation drops this value (it links no reports). */
  suppressesLinking: boolean;
  hits: CheckHit[];
  /** For URLs and domains: the registrable-domain key correlation would also derive, if any. */
  registrableDomain?: { value: string; suppressesLinking: boolean; hits: CheckHit[] };
}

interface MatcherState {
  version: number;
  /** Loaded lists until the matcher is first needed (then dropped). */
  lists: Warninglist[] | null;
  matcher: BenignMatcher | null;
  idByName: Map<string, string>;
}

/**
 * MISP warninglists: import (idempotent, audited), enable/disable, and the synchronous benign-value
 * test correlation calls for every sighting. The test is served from an in-memory matcher over the
 * enabled lists; `refresh` reloads them only when the store's change counter moved, so imports by
 * other processes or nodes arrive within one poll interval.
 */
export class WarninglistService {
  private state: MatcherState = { version: -1, lists: [], matcher: null, idByName: new Map() };
  private readonly refreshing = new PolledRefresh(
    () => this.reloadIfChanged(),
    (e) => this.deps.onError?.(e),
  );

  constructor(private readonly deps: WarninglistDeps) {}

  /** Loads the enabled lists before returning, so nothing correlates without them; then polls. */
  start(pollMs = DEFAULT_REFRESH_MS): Promise<void> {
    return this.refreshing.start(pollMs);
  }

  stop(): Promise<void> {
    return this.refreshing.stop();
  }

  /** Hot path (`KeyOptions.isBenign`): no I/O; one matcher lookup once the matcher is built. */
  isBenign(type: string, value: string): boolean {
    return this.matcher().isBenign(type, value);
  }

  /**
   * Built on first use: every process loads the lists at start (so nothing correlates without
   * them), but only processes that correlate or check pay for the index (0.3–1 s for the real set).
   */
  private matcher(): BenignMatcher {
    const state = this.state;
    if (state.matcher === null) {
      state.matcher = new BenignMatcher(state.lists ?? []);
      state.lists = null;
    }
    return state.matcher;
  }

  /** The change counter the loaded lists were read at (-1 before the first load). */
  get loadedVersion(): number {
    return this.state.version;
  }

  /** Reloads the enabled lists when the store changed; true when it did. Concurrent calls share one run. */
  refresh(): Promise<boolean> {
    return this.refreshing.refresh();
  }

  private async reloadIfChanged(): Promise<boolean> {
    if ((await readVersion(this.deps.database.db)) === this.state.version) return false;
    const loaded = await loadEnabledLists(this.deps.database.db);
    this.state = {
      version: loaded.version,
      lists: loaded.lists,
      matcher: null,
      idByName: loaded.idByName,
    };
    return true;
  }

  /**
   * Imports MISP lists in one transaction. Per list: `created`; `unchanged` when the same content is
   * stored, or when the stored version is newer (never downgrade silently, as MISP does);
   * `updated` otherwise, keeping the operator's enabled/disabled choice; `invalid` with field errors.
   */
  async importLists(
    principal: Principal,
    lists: readonly unknown[],
    options: { source?: string | readonly string[] } = {},
  ): Promise<WarninglistImportReport> {
    requireScope(principal, 'warninglists:write');
    if (lists.length === 0) throw invalid('/lists', 'must hold at least one list');
    const sourceOf = (i: number) =>
      (typeof options.source === 'string' ? options.source : options.source?.[i]) ?? 'api';
    const results: ListResult[] = [];
    const valid: { index: number; prepared: PreparedList }[] = [];
    const firstIndexOf = new Map<string, number>();
    lists.forEach((json, index) => {
      const r = prepareList(json);
      const source = sourceOf(index);
      if (!r.ok) {
        results[index] = {
          index,
          source,
          status: 'invalid',
          ...(r.name ? { name: r.name } : {}),
          errors: r.errors,
        };
        return;
      }
      const earlier = firstIndexOf.get(r.prepared.id);
      if (earlier !== undefined) {
        const reason = `the same name as list ${earlier} of this import`;
        results[index] = {
          index,
          source,
          status: 'invalid',
          name: r.prepared.list.name,
          errors: [{ field: '/name', reason }],
        };
        return;
      }
      firstIndexOf.set(r.prepared.id, index);
      valid.push({ index, prepared: r.prepared });
    });

    const at = this.deps.now().toISOString();
    const wrote = await transact(this.deps.database, async (trx) => {
      if (this.deps.database.engine === 'postgres')
        await sql`select pg_advisory_xact_lock(${PG_WARNINGLIST_LOCK})`.execute(trx);
      const stored = await statesOf(
        trx,
        valid.map((v) => v.prepared.id),
      );
      const events: AuditEvent[] = [];
      for (const { index, prepared } of valid) {
        const { id, list, contentHash } = prepared;
        const before = stored.get(id);
        const row = rowOf(id, list, contentHash, sourceOf(index), at);
        const base = { index, source: row.source, id, name: list.name, version: list.version };
        const warnings = [...list.warnings];
        let status: ImportStatus;
        let enabled: boolean;
        if (before === undefined) {
          status = 'created';
          enabled = prepared.enabledByDefault;
          if (prepared.disabledReason) warnings.push(`imported disabled: ${prepared.disabledReason}`);
          await trx
            .insertInto('warninglists')
            .values({ ...row, enabled: enabled ? 1 : 0, imported_at: at })
            .execute();
        } else if (before.contentHash === contentHash || before.version > list.version) {
          status = 'unchanged';
          enabled = before.enabled;
          if (before.contentHash !== contentHash)
            warnings.push(`the stored version ${before.version} is newer; kept it`);
          results[index] = { ...base, status, version: before.version, enabled, warnings };
          continue;
        } else {
          status = 'updated';
          enabled = before.enabled;
          await trx.updateTable('warninglists').set(row).where('id', '=', id).execute();
        }
        results[index] = { ...base, status, entries: list.list.length, enabled, warnings };
        events.push({
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'warninglist.import',
          targetType: 'warninglist',
          targetId: id,
          details: {
            name: list.name,
            version: list.version,
            status,
            entries: list.list.length,
            enabled,
            source: row.source,
          },
        });
      }
      if (events.length > 0) {
        await bumpVersion(trx, at);
        await this.deps.audit.appendIn(trx, events);
      }
      return events.length > 0;
    });
    if (wrote) await this.refreshQuietly();

    const summary: Record<ImportStatus, number> = { created: 0, updated: 0, unchanged: 0, invalid: 0 };
    for (const r of results) summary[r.status]++;
    return { summary, results };
  }

  /** Turns a list on or off for correlation. Idempotent: no change, no audit entry. */
  async setEnabled(principal: Principal, id: string, enabled: boolean): Promise<WarninglistInfo> {
    requireScope(principal, 'warninglists:write');
    const at = this.deps.now().toISOString();
    const changed = await transact(this.deps.database, async (trx) => {
      const [before] = (await statesOf(trx, [id])).values();
      if (!before) throw new KobanError('not_found', 'warninglist not found');
      if (before.enabled === enabled) return false;
      await trx
        .updateTable('warninglists')
        .set({ enabled: enabled ? 1 : 0, updated_at: at })
        .where('id', '=', id)
        .execute();
      await bumpVersion(trx, at);
      await this.deps.audit.appendIn(trx, [
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: enabled ? 'warninglist.enable' : 'warninglist.disable',
          targetType: 'warninglist',
          targetId: id,
        },
      ]);
      return true;
    });
    if (changed) await this.refreshQuietly();
    return this.get(id);
  }

  list(): Promise<WarninglistInfo[]> {
    return listInfos(this.deps.database.db);
  }

  async get(id: string): Promise<WarninglistDetail> {
    const detail = await getDetail(this.deps.database.db, id);
    if (!detail) throw new KobanError('not_found', 'warninglist not found');
    return detail;
  }

  /** Which enabled lists a value hits, and whether correlation would drop it (for analysts). */
  async check(rawValue: string, type?: string): Promise<CheckResult> {
    await this.refresh();
    const indicator = parseIndicatorValue(rawValue, type);
    const matcher = this.matcher();
    const { idByName } = this.state;
    const hitsOf = (t: string, v: string): CheckHit[] =>
      matcher.explain(t, v).map((h) => ({
        listId: idByName.get(h.list) ?? null,
        list: h.list,
        listType: h.type,
        entry: h.entry,
        suppressesLinking: h.suppressesLinking,
      }));
    const hits = hitsOf(indicator.type, indicator.value);
    const result: CheckResult = {
      type: indicator.type,
      value: indicator.value,
      suppressesLinking: hits.some((h) => h.suppressesLinking),
      hits,
    };
    const host = hostOf(indicator.type, indicator.value);
    const registrable = host ? linkingRegistrableDomain(host) : null;
    if (registrable) {
      const regHits = hitsOf('domain', registrable);
      result.registrableDomain = {
        value: registrable,
        suppressesLinking: regHits.some((h) => h.suppressesLinking),
        hits: regHits,
      };
    }
    return result;
  }

  /** After our own write: the write is committed, so a failed reload is retried by the timer. */
  private async refreshQuietly(): Promise<void> {
    try {
      await this.refresh();
    } catch (error) {
      this.deps.onError?.(error);
    }
  }
}
