import type { AuditLog } from '../audit/store.js';
import { type Principal, requireScope } from '../auth/service.js';
import { indicatorId } from '../core/ids.js';
import { type Database, transact } from '../db/database.js';
import type { KobanDatabase } from '../db/schema.js';
import { invalid, KobanError } from '../errors/catalogue.js';
import { parseIndicatorValue } from '../indicators/parse.js';
import { canSee, isAuditedRead, type Marking, type Sensitivity, type Tlp } from '../sharing/policy.js';
import { visibleReportIds } from '../sharing/visibility-sql.js';

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
}

/**
 * Crime-infrastructure flags: an organization states, with evidence, that an indicator belongs to a
 * service that enables crime (an SMS-verification proxy's numbers, a relay server's IP …). Flags
 * carry their own marking and pass through the same policy as reports.
 */
export class InfrastructureFlags {
  constructor(private readonly deps: Deps) {}

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
    return toView(row, { type: indicator.type, value: indicator.value }, evidenceReports);
  }

  async revoke(principal: Principal, id: string): Promise<void> {
    requireScope(principal, 'infrastructure:write');
    await transact(this.deps.database, async (trx) => {
      const row = await trx
        .selectFrom('infrastructure_flags')
        .select(['org_id', 'revoked_at'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (row?.org_id !== principal.orgId) throw new KobanError('not_found', 'flag not found');
      if (row.revoked_at) return;
      await trx
        .updateTable('infrastructure_flags')
        .set({ revoked_at: this.deps.now().toISOString() })
        .where('id', '=', id)
        .execute();
      await this.deps.audit.appendIn(trx, [
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'infrastructure_flag.revoke',
          targetType: 'infrastructure_flag',
          targetId: id,
        },
      ]);
    });
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
}

// Flags have no recipients or groups (yet): CLEAR/GREEN/AMBER reach the community, RED and AMBER+STRICT stay with the flagger.
function markingOfFlag(r: KobanDatabase['infrastructure_flags']): Marking {
  return {
    orgId: r.org_id,
    tlp: r.tlp as Tlp,
    sensitivity: r.sensitivity as Sensitivity,
    recipients: [],
    sharingGroups: [],
  };
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
