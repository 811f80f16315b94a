import type { AuditLog } from '../audit/store.js';
import { type Principal, requireScope } from '../auth/service.js';
import type { Bus } from '../bus/bus.js';
import type { Database } from '../db/database.js';
import { type FieldError, invalid, KobanError } from '../errors/catalogue.js';
import type { OutboundPolicy } from '../http/outbound.js';
import type { ReportIntake } from '../reports/service.js';
import type { Viewer } from '../sharing/policy.js';
import {
  type BlocklistKind,
  type CsvRow,
  csvDocument,
  plainList,
  rpzZone,
  TYPES_OF_LIST,
} from './blocklists.js';
import { hashLinesOf, manifestEntryOf, mispEventOf, subscriberGroupsOf } from './misp-export.js';
import { type AttributeOutcome, eventsOfBody, prepareEvent } from './misp-import.js';
import { isMalicious } from './roles.js';
import { type VisibleReport, VisibleReports } from './visible-reports.js';
import { Webhooks } from './webhooks.js';

export interface EventImportResult {
  index: number;
  uuid?: string;
  status: 'created' | 'duplicate' | 'invalid';
  reportId?: string;
  errors?: FieldError[];
  attributes: AttributeOutcome[];
}

interface Deps {
  database: Database;
  audit: AuditLog;
  intake: ReportIntake;
  /** Warninglisted values (a bank's own domain, public resolvers) never reach a blocklist. */
  isBenign: (type: string, value: string) => boolean;
  now: () => Date;
  bus: Bus;
  viewerFor: (orgId: string) => Promise<Viewer>;
  newId: () => string;
  /** Where webhooks may point (src/http/outbound.ts). */
  outbound: OutboundPolicy;
  onError?: (error: unknown) => void;
}

/** MISP feed and import, blocklists and CSV: every read goes through `VisibleReports`. */
export class InteropService {
  readonly reports: VisibleReports;
  readonly webhooks: Webhooks;

  constructor(private readonly deps: Deps) {
    this.reports = new VisibleReports(deps.database, deps.audit);
    this.webhooks = new Webhooks({ ...deps, reports: this.reports });
  }

  /** `manifest.json`: every visible report as a MISP event summary, keyed by event uuid. */
  async mispManifest(principal: Principal): Promise<Record<string, ReturnType<typeof manifestEntryOf>>> {
    requireScope(principal, 'reports:read');
    const manifest: Record<string, ReturnType<typeof manifestEntryOf>> = {};
    for await (const batch of this.reports.all(principal.viewer)) {
      for (const report of batch) manifest[report.id] = manifestEntryOf(report);
    }
    return manifest;
  }

  /** One event; a report the caller may not see is 404 exactly like a missing one. */
  async mispEvent(principal: Principal, uuid: string): Promise<ReturnType<typeof mispEventOf>> {
    requireScope(principal, 'reports:read');
    const [report] = await this.reports.batch(principal.viewer, { ids: [uuid.toLowerCase()], limit: 1 });
    if (!report) throw new KobanError('not_found', 'MISP event not found');
    this.reports.auditRead(principal, 'interop.misp.read', [report]);
    const groupIds = subscriberGroupsOf(report.marking, principal.viewer.groupIds);
    if (groupIds.length === 0) return mispEventOf(report);
    const { db } = this.deps.database;
    const [groups, subscriber] = await Promise.all([
      db
        .selectFrom('sharing_groups')
        .select(['id', 'name'])
        .where('id', 'in', groupIds)
        .orderBy('id')
        .execute(),
      db
        .selectFrom('organizations')
        .select(['id', 'name'])
        .where('id', '=', principal.orgId)
        .executeTakeFirstOrThrow(),
    ]);
    return mispEventOf(report, { groups, subscriber });
  }

  async mispHashes(principal: Principal): Promise<string> {
    requireScope(principal, 'reports:read');
    const lines: string[] = [];
    for await (const batch of this.reports.all(principal.viewer)) {
      for (const report of batch) lines.push(...hashLinesOf(report));
    }
    return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
  }

  /** MISP events become reports through the real intake; each event and attribute gets its outcome. */
  async importMisp(principal: Principal, body: unknown): Promise<EventImportResult[]> {
    requireScope(principal, 'reports:write');
    const prepared = eventsOfBody(body).map((event) => prepareEvent(event, principal.viewer.groupIds));
    const submissions = prepared.flatMap((p) => (p.submission ? [p.submission] : []));
    const outcomes = await this.deps.intake.submit(principal, submissions);
    let next = 0;
    return prepared.map((p, index) => {
      const base = { index, ...(p.uuid ? { uuid: p.uuid } : {}), attributes: p.attributes };
      if (!p.submission) return { ...base, status: 'invalid', errors: p.errors };
      const outcome = outcomes[next++];
      if (!outcome || outcome.status === 'invalid')
        return { ...base, status: 'invalid', errors: outcome?.status === 'invalid' ? outcome.errors : [] };
      return { ...base, status: outcome.status, reportId: outcome.id };
    });
  }

  async blocklist(principal: Principal, kind: BlocklistKind, since?: string): Promise<string> {
    const types = TYPES_OF_LIST[kind];
    const values: string[] = [];
    await this.eachListed(principal, since, `interop.blocklist.${kind}`, (s) => {
      if (types.includes(s.type)) values.push(s.value);
    });
    return plainList(values);
  }

  async rpz(principal: Principal, since?: string): Promise<string> {
    const domains: string[] = [];
    await this.eachListed(principal, since, 'interop.blocklist.rpz', (s) => {
      if (s.type === 'domain') domains.push(s.value);
    });
    return rpzZone(domains, { serial: Math.floor(this.deps.now().getTime() / 1000) });
  }

  async indicatorsCsv(principal: Principal, since?: string): Promise<string> {
    const rows: CsvRow[] = [];
    await this.eachListed(principal, since, 'interop.blocklist.csv', (s, report) => {
      rows.push({
        type: s.type,
        value: s.value,
        role: s.role,
        report_id: report.id,
        report_kind: report.kind,
        tlp: report.marking.tlp,
        reported_at: report.createdAt,
      });
    });
    return csvDocument(rows);
  }

  /** Sightings with a malicious role, not warninglisted, of every report the caller may see. */
  private async eachListed(
    principal: Principal,
    since: string | undefined,
    auditAction: string,
    visit: (sighting: VisibleReport['sightings'][number], report: VisibleReport) => void,
  ): Promise<void> {
    requireScope(principal, 'reports:read');
    const from = since === undefined ? undefined : parseSince(since);
    for await (const batch of this.reports.all(principal.viewer, from)) {
      const used: VisibleReport[] = [];
      for (const report of batch) {
        let any = false;
        for (const s of report.sightings) {
          if (!isMalicious(s.role) || this.deps.isBenign(s.type, s.value)) continue;
          visit(s, report);
          any = true;
        }
        if (any) used.push(report);
      }
      this.reports.auditRead(principal, auditAction, used);
    }
  }
}

export function parseSince(value: string): string {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(ms))
    throw invalid('since', 'must be an ISO-8601 date or date-time, e.g. 2026-11-01T00:00:00Z');
  return new Date(ms).toISOString();
}
