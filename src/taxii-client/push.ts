import type { AuditLog } from '../audit/store.js';
import { type Principal, requireScope } from '../auth/service.js';
import { TLP2_MARKING_IDS, tlpMarkingDefinition } from '../correlation/stix-primitives.js';
import type { Database } from '../db/database.js';
import { invalid } from '../errors/catalogue.js';
import { markingOf } from '../reports/reads.js';
import { audienceOfReports } from '../reports/store.js';
import { canSee, type Marking, type Tlp } from '../sharing/policy.js';
import { scopeFilter } from '../taxii/scopes.js';
import { entriesOfReport } from '../taxii/stix-objects.js';
import { sightingRecords } from '../taxii/store.js';
import type { RemoteStatus, TaxiiHttpClient } from './http.js';
import type { TaxiiSources } from './sources.js';
import { endpointOf } from './sources.js';

export const MAX_PUSHED_REPORTS = 500;
/** How long a push follows a `pending` status before answering with what it has. */
const STATUS_WAIT_MS = [250, 500, 1_000, 2_000, 4_000];

export interface PushResult {
  /** Reports sent, each as its report, indicators and observables (the TAXII server's mapping). */
  pushed: string[];
  /** Reports not sent, and why: hidden and missing alike say "not found". */
  refused: { reportId: string; reason: string }[];
  objectCount: number;
  /** The remote's status resource, followed until complete or the wait ran out. */
  status?: RemoteStatus;
}

/**
 * Why a report may not leave Koban toward a remote collection, or undefined when it may. A remote
 * server's audience is unknown to the sharing policy, so only what the organization itself may
 * disclose goes: its own reports up to AMBER with their full audience (a report narrowed to groups or
 * recipients was meant for them only), and anyone's TLP:CLEAR report, never investigation material.
 */
export function pushRefusal(orgId: string, marking: Marking): string | undefined {
  if (marking.sensitivity === 'investigation') return 'investigation reports are never pushed';
  if (marking.tlp === 'CLEAR') return undefined;
  if (marking.orgId !== orgId)
    return `TLP:${marking.tlp} reports of other organizations are not yours to re-share`;
  if (marking.tlp === 'AMBER+STRICT' || marking.tlp === 'RED')
    return `TLP:${marking.tlp} reports stay inside their audience`;
  if (marking.recipients.length > 0 || marking.sharingGroups.length > 0)
    return 'the report is shared with named recipients or sharing groups only';
  return undefined;
}

interface Deps {
  database: Database;
  audit: AuditLog;
  http: TaxiiHttpClient;
  sources: TaxiiSources;
  sleep: (ms: number) => Promise<void>;
}

/** Push: chosen reports as STIX 2.1 to a remote writable collection (POST objects), then its status. */
export class TaxiiPush {
  constructor(private readonly deps: Deps) {}

  async push(principal: Principal, sourceId: string, reportIds: readonly string[]): Promise<PushResult> {
    requireScope(principal, 'keys:manage');
    requireScope(principal, 'reports:read');
    const unique = [...new Set(reportIds)];
    if (unique.length === 0 || unique.length > MAX_PUSHED_REPORTS)
      throw invalid('/reportIds', `give 1–${MAX_PUSHED_REPORTS} report ids`);
    const source = await this.deps.sources.row(principal, sourceId);
    const { db } = this.deps.database;
    const rows = await db
      .selectFrom('reports as r')
      .select(['r.id', 'r.org_id', 'r.kind', 'r.tlp', 'r.sensitivity', 'r.title', 'r.description'])
      .select(['r.observed_at', 'r.created_at'])
      .where('r.id', 'in', unique)
      .where(scopeFilter(principal.viewer, { kind: 'visible' }))
      .execute();
    const audience = await audienceOfReports(
      db,
      rows.map((r) => r.id),
    );
    const sightings = await sightingRecords(
      this.deps.database,
      rows.map((r) => r.id),
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const result: PushResult = { pushed: [], refused: [], objectCount: 0 };
    const objects: unknown[] = [];
    const tlps = new Set<Tlp>();
    for (const id of unique) {
      const row = byId.get(id);
      const marking = row
        ? markingOf(row, audience.recipients.get(id) ?? [], audience.groups.get(id) ?? [])
        : undefined;
      if (!row || !marking || !canSee(principal.viewer, marking)) {
        result.refused.push({ reportId: id, reason: 'not found' });
        continue;
      }
      const refusal = pushRefusal(principal.orgId, marking);
      if (refusal) {
        result.refused.push({ reportId: id, reason: refusal });
        continue;
      }
      const report = {
        id: row.id,
        orgId: row.org_id,
        kind: row.kind,
        tlp: row.tlp,
        title: row.title,
        description: row.description,
        observedAt: row.observed_at,
        createdAt: row.created_at,
      };
      for (const entry of entriesOfReport(report, sightings.get(id) ?? [])) objects.push(entry.object);
      tlps.add(marking.tlp);
      result.pushed.push(id);
    }
    if (objects.length === 0) return result;
    // The receiver may not know TLP 2.0 yet: the definitions travel with the objects that use them.
    const definitions = [...tlps].map((tlp) => tlpMarkingDefinition(tlp));
    objects.unshift(...definitions);
    result.objectCount = objects.length;
    const endpoint = endpointOf(source);
    const audit = (remoteStatus: object) =>
      this.deps.audit.append([
        {
          orgId: principal.orgId,
          keyId: principal.keyId,
          action: 'taxii.push',
          targetType: 'taxii_source',
          targetId: source.id,
          details: {
            reportIds: result.pushed,
            objects: result.objectCount,
            remoteStatus,
            markings: [...tlps].map((t) => TLP2_MARKING_IDS[t]),
          },
        },
      ]);
    let status: RemoteStatus;
    try {
      status = await this.deps.http.add(endpoint, source.collection_id, objects);
      for (const wait of STATUS_WAIT_MS) {
        if (status.status !== 'pending') break;
        await this.deps.sleep(wait);
        status = await this.deps.http.status(endpoint, status.id);
      }
    } catch (error) {
      // The objects may have reached the remote even when it answered an error: the attempt is a disclosure too.
      await audit({ error: (error as Error).message.slice(0, 300) });
      throw error;
    }
    result.status = status;
    await audit({ id: status.id, status: status.status, successes: status.success_count ?? null });
    return result;
  }
}
