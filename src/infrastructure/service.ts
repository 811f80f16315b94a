import type { AuditLog } from '../audit/store.js';
import { type Principal, requireScope } from '../auth/service.js';
import { PolledRefresh } from '../core/coalesced-run.js';
import { indicatorId } from '../core/ids.js';
import { type Database, transact } from '../db/database.js';
import type { KobanDatabase } from '../db/schema.js';
import { invalid, KobanError } from '../errors/catalogue.js';
import { parseIndicatorValue } from '../indicators/parse.js';
import { canSee, isAuditedRead, type Sensitivity, type Tlp } from '../sharing/policy.js';
import { visibleReportIds } from '../sharing/visibility-sql.js';
import {
  bumpInfrastructureVersion,
  INFRASTRUCTURE_REFRESH_MS,
  type InfrastructureKeys,
  isFlaggedValue,
  loadInfrastructureKeys,
  markingOfFlag,
  readInfrastructureVersion,
} from './linking.js';

export const INFRASTRUCTURE_CATEGORIES = [
  'sms_verification_proxy',
  'relay_server',
  'anonymizing_proxy',
  'bulletproof_hosting',
  'phishing_infrastructure',
  'mule_account_service',
  'other',
] as const;
export type InfrastructureCategory = (typeof INFRASTRUCTURE_CATEGORIES)[number];

export interface FlagInput {
  value: string;
  type?: string;
  category: InfrastructureCategory;
  serviceId?: string;
  serviceName?: string;
  evidence: string;
  evidenceReports?: string[];
  tlp: Tlp;
  sensitivity?: Sensitivity;
}

export interface FlagView {
  id: string;
  indicator: { type: string; value: string };
  category: string;
  service: { id: string | null; name: string | null };
  evidence: string;
  /** Only the evidence reports the caller may see. */
  evidenceReports: string[];
  flaggedBy: { orgId: string };
  tlp: string;
  sensitivity: string;
  createdAt: string;
}

interface Deps {
  database: Database;
  audit: AuditLog;
  newId: () => string;
  now: () => Date;
  /** Failures of the background refresh of the flagged-value set (the last good set stays in use). */
  onError?: (error: unknown) => void;
}

/**
 * Crime-infrastructure flags: an organization states, with evidence, that an indicator belongs to a
 * service that enables crime (an SMS-verification proxy's numbers, a relay server's IP …). Flags
 * carry their own marking and pass through the same policy as reports.
 *
 * Values flagged for the whole community stop linking reports (linking.ts says which flags and
 * why). Correlation asks `isInfrastructure` for every candidate key, so it is served from an
 * in-memory set; `refresh` reloads it only when the store's change counter moved, so flags written
 * by other processes or nodes arrive within one poll interval, our own at once.
 */
export class InfrastructureFlags {
  private linking: InfrastructureKeys = { keys: new Set(), version: -1 };
  private readonly refreshing = new PolledRefresh(
    () => this.reloadIfChanged(),
    (e) => this.deps.onError?.(e),
  );

  constructor(private readonly deps: Deps) {}

  /** Loads the flagged values before returning, so nothing correlates without them; then polls. */
  start(pollMs = INFRASTRUCTURE_REFRESH_MS): Promise<void> {
    return this.refreshing.start(pollMs);
  }

  stop(): Promise<void> {
    return this.refreshing.stop();
  }

  /** Hot path (part of correlation's benign-value test): no I/O, one set lookup. */
  isInfrastructure(type: string, value: string): boolean {
    return isFlaggedValue(this.linking.keys, type, value);
  }

  /** The change counter the flagged values were read at (-1 before the first load). */
  get loadedVersion(): number {
    return this.linking.version;
  }

  /** Reloads the flagged values when the store changed; true when it did. Concurrent calls share one run. */
  refresh(): Promise<boolean> {
    return this.refreshing.refresh();
  }

  private async reloadIfChanged(): Promise<boolean> {
    if ((await readInfrastructureVersion(this.deps.database.db)) === this.linking.version) return false;
    this.linking = await loadInfrastructureKeys(this.deps.database);
    return true;
  }

  async flag(principal: Principal, input: FlagInput): Promise<FlagView> {
    requireScope(principal, 'infrastructure:write');
    const indicator = parseIndicatorValue(input.value, input.type, '/value');
    const evidenceReports = [...new Set(input.evidenceReports ?? [])];
    const visible = await this.visibleReportIds(principal, evidenceReports);
    evidenceReports.forEach((id, i) => {
      // Same answer for missing and invisible reports.
      if (!visible.has(id)) throw invalid(`/evidenceReports/${i}`, 'no such report');
    });
    const { db } = this.deps.database;
    if (input.serviceId) {
      const service = await db
        .selectFrom('knowledge_objects')
        .select('id')
        .where('id', '=', input.serviceId)
        .executeTakeFirst();
      if (!service) throw invalid('/serviceId', 'no such knowledge object');
    }
    if (!input.serviceId && !input.serviceName)
      throw invalid('/serviceName', 'name the service, or give serviceId');
    const row: KobanDatabase['infrastructure_flags'] = {
      id: this.deps.newId(),
      indicator_id: indicatorId(indicator.key),
      category: input.category,
      service_id: input.serviceId ?? null,
      service_name: input.serviceName ?? null,
      evidence: input.evidence,
      evidence_reports: JSON.stringify(evidenceReports),
      org_id: principal.orgId,
      tlp: input.tlp,
      sensitivity: input.sensitivity ?? 'normal',
      created_at: this.deps.now().toISOString(),
      created_by_key: principal.keyId,
      revoked_at: null,
    };
    await transact(this.deps.database, async (trx) => {
      await trx
        .insertInto('indicators')
        .values({
          id: row.indicator_id,
          type: indicator.type,
          value: indicator.value,
          attributes: JSON.stringify(indicator.attributes),
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      await trx.insertInto('infrastructure_flags').values(row).execute();
      await bumpInfrastructureVersion(trx, row.created_at);
      await this.deps.audit.appendIn(trx, [
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'infrastructure_flag.create',
          targetType: 'infrastructure_flag',
          targetId: row.id,
          details: { indicator: indicator.key, category: row.category, tlp: row.tlp },
        },
      ]);
    });
    await this.refreshQuietly();
    return toView(row, { type: indicator.type, value: indicator.value }, evidenceReports);
  }

  async revoke(principal: Principal, id: string): Promise<void> {
    requireScope(principal, 'infrastructure:write');
    const changed = await transact(this.deps.database, async (trx) => {
      const row = await trx
        .selectFrom('infrastructure_flags')
        .select(['org_id', 'revoked_at'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (row?.org_id !== principal.orgId) throw new KobanError('not_found', 'flag not found');
      if (row.revoked_at) return false;
      const at = this.deps.now().toISOString();
      await trx.updateTable('infrastructure_flags').set({ revoked_at: at }).where('id', '=', id).execute();
      await bumpInfrastructureVersion(trx, at);
      await this.deps.audit.appendIn(trx, [
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'infrastructure_flag.revoke',
          targetType: 'infrastructure_flag',
          targetId: id,
        },
      ]);
      return true;
    });
    if (changed) await this.refreshQuietly();
  }

  /** The live flags on an indicator that the caller may see (their reads of sensitive ones are audited). */
  async visibleFor(
    principal: Principal,
    id: string,
    indicator: { type: string; value: string },
  ): Promise<FlagView[]> {
    const rows = await this.deps.database.db
      .selectFrom('infrastructure_flags')
      .selectAll()
      .where('indicator_id', '=', id)
      .where('revoked_at', 'is', null)
      .orderBy('id')
      .limit(100)
      .execute();
    const shown = rows.filter((r) => canSee(principal.viewer, markingOfFlag(r)));
    const evidence = await this.visibleReportIds(
      principal,
      shown.flatMap((r) => JSON.parse(r.evidence_reports) as string[]),
    );
    const audited = shown.filter((r) => isAuditedRead(markingOfFlag(r))).map((r) => r.id);
    if (audited.length > 0) {
      this.deps.audit.appendRead([
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'infrastructure_flag.read',
          targetType: 'indicator',
          targetId: id,
          details: { flags: audited },
        },
      ]);
    }
    return shown.map((r) =>
      toView(
        r,
        indicator,
        (JSON.parse(r.evidence_reports) as string[]).filter((e) => evidence.has(e)),
      ),
    );
  }

  private visibleReportIds(principal: Principal, ids: string[]): Promise<Set<string>> {
    return visibleReportIds(this.deps.database.db, principal.viewer, ids);
  }

  /**
   * After our own write, so reports submitted after the flag answered are correlated with it. The
   * write is committed: a failed reload is retried by the timer.
   */
  private async refreshQuietly(): Promise<void> {
    try {
      await this.refresh();
    } catch (error) {
      this.deps.onError?.(error);
    }
  }
}

function toView(
  r: KobanDatabase['infrastructure_flags'],
  indicator: { type: string; value: string },
  evidenceReports: string[],
): FlagView {
  return {
    id: r.id,
    indicator,
    category: r.category,
    service: { id: r.service_id, name: r.service_name },
    evidence: r.evidence,
    evidenceReports,
    flaggedBy: { orgId: r.org_id },
    tlp: r.tlp,
    sensitivity: r.sensitivity,
    createdAt: r.created_at,
  };
}
