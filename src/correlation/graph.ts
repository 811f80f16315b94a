import type { Attributions, AttributionView } from '../attribution/service.js';
import { type Principal, requireScope } from '../auth/service.js';
import { inChunks } from '../core/chunks.js';
import { IP_LINK_WINDOW_MS } from '../core/correlation/keys.js';
import type { Database } from '../db/database.js';
import { KobanError } from '../errors/catalogue.js';
import { visibleTo } from '../sharing/visibility-sql.js';
import { earliestVisibleMember, storedCampaignOfReport, survivorOf } from './campaign-ids.js';
import { overCorrelatingKeys } from './over-correlating.js';

export interface GraphReport {
  id: string;
  kind: string;
  tlp: string;
  reporter: { orgId: string };
  observedAt: string | null;
  hops: number;
}

export interface GraphLink {
  from: string;
  to: string;
  /** The shared linking key (e.g. `phone:+819012345678`, `regdomain:sagawa-xq.top`). */
  key: string;
  fromRole: string;
  toRole: string;
}

export interface GraphView {
  campaignId: string | null;
  /** Attributions of the campaign that the caller may see (only when the caller sees the campaign). */
  attributions: AttributionView[];
  size: number;
  reports: GraphReport[];
  links: GraphLink[];
  truncated: boolean;
}

/** Reports in a campaign or neighbourhood view unless the caller asks for more (`?limit=`, up to MAX_VIEW_LIMIT). */
export const DEFAULT_VIEW_LIMIT = 500;
export const MAX_VIEW_LIMIT = 5_000;
const FRONTIER_SLICE = 100;

/**
 * Graph reads over correlation postings, walked at query time through reports the caller may see
 * only: an invisible report is never a node, never a stepping stone, never counted (ADR 0005).
 */
export class CampaignGraph {
  constructor(
    private readonly database: Database,
    private readonly attributions: Pick<Attributions, 'forTarget'>,
  ) {}

  async campaign(
    principal: Principal,
    reportId: string,
    maxReports = DEFAULT_VIEW_LIMIT,
  ): Promise<GraphView> {
    return this.walk(principal, reportId, Number.POSITIVE_INFINITY, maxReports);
  }

  async neighbours(
    principal: Principal,
    reportId: string,
    hops: number,
    maxReports = DEFAULT_VIEW_LIMIT,
  ): Promise<GraphView> {
    return this.walk(principal, reportId, hops, maxReports);
  }

  /** The shortest chain of explained links from one report to another, both visible to the caller. */
  async path(
    principal: Principal,
    fromId: string,
    toId: string,
    maxHops = 6,
  ): Promise<{ links: GraphLink[] } | { links: null }> {
    await this.requireVisible(principal, toId);
    const view = await this.walk(principal, fromId, maxHops, 5_000, toId);
    const parent = new Map(view.links.map((l) => [l.to, l]));
    if (!view.reports.some((r) => r.id === toId)) return { links: null };
    const chain: GraphLink[] = [];
    for (let at = toId; at !== fromId; ) {
      const link = parent.get(at);
      if (!link) return { links: null };
      chain.unshift(link);
      at = link.from;
    }
    return { links: chain };
  }

  private async walk(
    principal: Principal,
    startId: string,
    maxHops: number,
    maxReports: number,
    stopAt?: string,
  ): Promise<GraphView> {
    requireScope(principal, 'reports:read');
    const start = await this.requireVisible(principal, startId);
    const nodes = new Map<string, GraphReport>([[start.id, { ...start, hops: 0 }]]);
    const at = new Map<string, string>([[start.id, start.observedAt ?? start.createdAt]]);
    const links: GraphLink[] = [];
    let frontier = [start.id];
    let truncated = false;
    for (let hop = 1; hop <= maxHops && frontier.length > 0 && !truncated; hop++) {
      const next: string[] = [];
      // A hop is expanded in slices, so a large campaign stops costing as soon as the view is full.
      for (const slice of inChunks(frontier, FRONTIER_SLICE)) {
        const postings = await this.postingsOfReports(slice);
        const keys = [...new Set(postings.map((p) => p.key))];
        const noisy = await overCorrelatingKeys(this.database.db, keys);
        const holders = await this.holdersOf(keys.filter((k) => !noisy.has(k)));
        const candidates = new Map<string, { from: string; key: string; fromRole: string; toRole: string }>();
        for (const p of postings) {
          if (noisy.has(p.key)) continue;
          for (const h of holders.get(p.key) ?? []) {
            if (nodes.has(h.reportId) || candidates.has(h.reportId)) continue;
            if (
              p.key.startsWith('ip:') &&
              Math.abs(Date.parse(h.at) - Date.parse(at.get(p.reportId) ?? h.at)) > IP_LINK_WINDOW_MS
            )
              continue;
            candidates.set(h.reportId, { from: p.reportId, key: p.key, fromRole: p.role, toRole: h.role });
          }
        }
        const visible = await this.visibleReports(principal, [...candidates.keys()]);
        for (const [id, c] of candidates) {
          const report = visible.get(id);
          if (!report) continue;
          // Only a further visible report makes a view truncated: the flag reveals nothing hidden.
          if (nodes.size >= maxReports) {
            truncated = true;
            break;
          }
          nodes.set(id, { ...report, hops: hop });
          at.set(id, report.observedAt ?? report.createdAt);
          links.push({ from: c.from, to: id, key: c.key, fromRole: c.fromRole, toRole: c.toRole });
          next.push(id);
        }
        if (truncated || (stopAt && nodes.has(stopAt))) break;
      }
      if (stopAt && nodes.has(stopAt)) break;
      frontier = next;
    }
    const reports = [...nodes.values()].map(({ id, kind, tlp, reporter, observedAt, hops }) => ({
      id,
      kind,
      tlp,
      reporter,
      observedAt,
      hops,
    }));
    // The campaign as this caller sees it is named after its earliest visible report: a function of
    // visible reports only, so two parts of one stored campaign joined through a report the caller
    // may not see never share a name (the stored campaign id is never shown).
    // Hop-limited views (neighbours, paths) are not campaigns: they carry no campaign id.
    const whole = maxHops === Number.POSITIVE_INFINITY;
    let earliest = start.id;
    for (const r of reports) if (r.id < earliest) earliest = r.id;
    const campaignId = whole && reports.length > 1 ? earliest : null;
    // Campaign attributions belong to campaign views, not to hop-limited neighbourhoods.
    const stored =
      whole && reports.length > 1 ? await storedCampaignOfReport(this.database.db, startId) : null;
    const attributions = [
      ...(stored && (await this.isPrimaryPart(principal, stored, nodes))
        ? await this.attributions.forTarget(principal, 'campaign', stored)
        : []),
      ...(await this.attributions.forTarget(principal, 'report', startId)),
    ];
    return { campaignId, attributions, size: reports.length, reports, links, truncated };
  }

  /**
   * The campaign of `GET /v1/campaigns/{id}`: `id` is a campaign id as views show it (the earliest
   * visible report of the campaign) or a stored campaign id from an attribution; either way the
   * answer is the part the caller sees, starting from its earliest visible report.
   */
  async campaignById(principal: Principal, id: string, maxReports = DEFAULT_VIEW_LIMIT): Promise<GraphView> {
    requireScope(principal, 'reports:read');
    const visible = await this.visibleReports(principal, [id]);
    if (visible.has(id)) return this.campaign(principal, id, maxReports);
    const stored = await survivorOf(this.database.db, id);
    const anchor = stored ? await earliestVisibleMember(this.database.db, principal.viewer, stored) : null;
    if (!anchor) throw new KobanError('not_found', 'campaign not found');
    return this.campaign(principal, anchor, maxReports);
  }

  /**
   * Campaign-level attributions are shown on one part only — the one holding the campaign's earliest
   * report the caller may see — so they never tie together parts joined through invisible reports.
   * (A view cut at its limit may miss that report: `GET /v1/campaigns/{id}` starts from it.)
   */
  private async isPrimaryPart(
    principal: Principal,
    stored: string,
    nodes: ReadonlyMap<string, unknown>,
  ): Promise<boolean> {
    const earliest = await earliestVisibleMember(this.database.db, principal.viewer, stored);
    return earliest !== null && nodes.has(earliest);
  }

  private async requireVisible(principal: Principal, id: string) {
    const found = (await this.visibleReports(principal, [id])).get(id);
    // Hidden and missing answer identically.
    if (!found) throw new KobanError('not_found', 'report not found');
    return found;
  }

  private async visibleReports(principal: Principal, ids: string[]) {
    const out = new Map<string, Omit<GraphReport, 'hops'> & { createdAt: string }>();
    for (const part of inChunks(ids)) {
      const rows = await this.database.db
        .selectFrom('reports as r')
        .select(['r.id', 'r.kind', 'r.tlp', 'r.org_id', 'r.observed_at', 'r.created_at'])
        .where('r.id', 'in', part)
        .where(visibleTo(principal.viewer))
        .execute();
      for (const r of rows) {
        out.set(r.id, {
          id: r.id,
          kind: r.kind,
          tlp: r.tlp,
          reporter: { orgId: r.org_id },
          observedAt: r.observed_at,
          createdAt: r.created_at,
        });
      }
    }
    return out;
  }

  private async postingsOfReports(ids: string[]) {
    const out: { reportId: string; key: string; role: string }[] = [];
    for (const part of inChunks(ids)) {
      const rows = await this.database.db
        .selectFrom('correlation_postings')
        .select(['report_id', 'key', 'role'])
        .where('report_id', 'in', part)
        .execute();
      for (const r of rows) out.push({ reportId: r.report_id, key: r.key, role: r.role });
    }
    return out;
  }

  private async holdersOf(keys: string[]) {
    const out = new Map<string, { reportId: string; role: string; at: string }[]>();
    for (const part of inChunks(keys)) {
      const rows = await this.database.db
        .selectFrom('correlation_postings')
        .select(['key', 'report_id', 'role', 'at'])
        .where('key', 'in', part)
        .orderBy('report_id')
        .execute();
      for (const r of rows) {
        const list = out.get(r.key) ?? [];
        list.push({ reportId: r.report_id, role: r.role, at: r.at });
        out.set(r.key, list);
      }
    }
    return out;
  }
}
