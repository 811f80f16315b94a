import type { AuditLog } from '../audit/store.js';
import { type Principal, requireScope } from '../auth/service.js';
import { inChunks } from '../core/chunks.js';
import { publicCampaignId, storedCampaignFor } from '../correlation/campaign-ids.js';
import { overCorrelatingKeys } from '../correlation/over-correlating.js';
import type { Database } from '../db/database.js';
import { invalid, KobanError } from '../errors/catalogue.js';
import { canSee, isAuditedRead, type Sensitivity, type Tlp, type Viewer } from '../sharing/policy.js';
import { visibleTo } from '../sharing/visibility-sql.js';
import type { Attributions, AttributionView } from './service.js';
import {
  counterKeysOf,
  evidenceOf,
  type InputMarking,
  isNoise,
  rankSuggestions,
  type ScoredSuggestion,
  type Seen,
  type ShareFacts,
  type SourceAttribution,
  sharedItems,
  tlpAtLeast,
  tlpFloor,
} from './suggestion-scoring.js';

export interface SuggestionTarget {
  type: 'campaign' | 'report';
  id: string;
}

export type Suggestion = Omit<ScoredSuggestion, 'sources'>;

export interface AcceptInput {
  targetType: 'campaign' | 'report';
  targetId: string;
  actorId: string;
  confidence?: number;
  tlp: Tlp;
}

interface Deps {
  database: Database;
  attributions: Pick<Attributions, 'forTarget' | 'propose'>;
  audit: AuditLog;
  /** The warninglist test correlation uses, when lists are loaded: listed values never count. */
  isBenign?: (type: string, value: string) => boolean;
}

/** Reports read per target or source campaign (by id, visible ones only, so the cut reveals nothing). */
const MAX_REPORTS = 5_000;
const WEAK_TYPES = ['ipv4', 'url', 'domain'];

interface Scored {
  suggestions: ScoredSuggestion[];
  reports: Map<string, InputMarking>;
  flags: Map<string, { id: string; marking: InputMarking }[]>;
}

/**
 * Suggests attributions for a campaign or report from attributed campaigns and reports it shares
 * non-linking infrastructure with (suggestion-scoring.ts says what counts and how much). Everything
 * is read through the caller's eyes: target and source reports through `visibleTo`, attributions
 * through `Attributions.forTarget` (canSee), flags through canSee — so an answer is a function of
 * what the caller may see (plus stored campaign membership and the global per-value cap, as for the
 * campaign graph), and an invisible report, attribution or flag changes nothing, not even a count.
 */
export class AttributionSuggester {
  constructor(private readonly deps: Deps) {}

  async suggest(principal: Principal, target: SuggestionTarget, field = 'targetId'): Promise<Suggestion[]> {
    const scored = await this.score(principal, target, () => {
      // Hidden and missing answer identically.
      throw new KobanError('not_found', `${target.type} not found`, [
        { field, reason: `no such ${target.type}` },
      ]);
    });
    this.auditSensitive(principal, target, scored);
    return scored.suggestions.map(({ sources: _, ...s }) => s);
  }

  /** Turns a suggestion into a proposed attribution (normal decision workflow, full history). */
  async accept(principal: Principal, input: AcceptInput): Promise<AttributionView> {
    requireScope(principal, 'attribution:write');
    const target = { type: input.targetType, id: input.targetId };
    const scored = await this.score(principal, target, () => {
      throw invalid('/targetId', `no such ${target.type}`);
    });
    const found = scored.suggestions.find((s) => s.actor.id === input.actorId);
    if (!found) throw invalid('/actorId', 'no suggestion for this actor on this target');
    const floor = tlpFloor(inputsOf(found, scored));
    // An accepted suggestion must not reach anybody who could not read what it was derived from.
    if (!tlpAtLeast(input.tlp, floor))
      throw invalid(
        '/tlp',
        `must be ${floor} or stricter: the suggestion is derived from ${floor} information`,
      );
    return this.deps.attributions.propose(principal, {
      targetType: input.targetType,
      targetId: input.targetId,
      actorId: found.actor.id,
      confidence: input.confidence ?? found.confidence,
      layer: 'tactical',
      evidence: evidenceOf(found),
      decision: 'proposed',
      tlp: input.tlp,
    });
  }

  private async score(principal: Principal, given: SuggestionTarget, missing: () => never): Promise<Scored> {
    requireScope(principal, 'reports:read');
    const { viewer } = principal;
    // Campaigns are named as views name them (their earliest visible report); work on the stored one.
    let target = given;
    if (given.type === 'campaign') {
      const stored = await storedCampaignFor(this.deps.database.db, viewer, given.id);
      if (!stored) missing();
      target = { type: 'campaign', id: stored };
    }
    const reports = new Map<string, InputMarking>();
    const targetIds = await this.visibleReports(viewer, target, reports);
    if (targetIds.length === 0) missing();
    const inTarget = new Set(targetIds);
    const targetCampaigns =
      target.type === 'campaign'
        ? new Set([target.id])
        : new Set((await this.campaignsOf(targetIds)).values());
    const targetSeen = await this.sightingsOf(targetIds);
    const flagRows = await this.visibleFlags(viewer, [...new Set(targetSeen.map((s) => s.indicatorId))]);
    const flags = new Map<string, { id: string; marking: InputMarking }[]>();
    for (const s of targetSeen) {
      const rows = flagRows.get(s.indicatorId);
      if (rows) flags.set(`${s.type}:${s.value}`, rows);
    }
    const overCorrelating = await overCorrelatingKeys(this.deps.database.db, counterKeysOf(targetSeen));
    const facts: ShareFacts = {
      flagged: new Set(flags.keys()),
      overCorrelating,
      isBenign: this.deps.isBenign,
    };
    // Only flagged values and IPs can be strong items: look up who else holds exactly those.
    const candidates = targetSeen.filter(
      (s) =>
        !isNoise(s.type, s.value, facts) &&
        (facts.flagged.has(`${s.type}:${s.value}`) || s.type === 'ipv4' || s.type === 'ipv6'),
    );
    const holders = (
      await this.visibleHolders(viewer, [...new Set(candidates.map((c) => c.indicatorId))], reports)
    ).filter((h) => !inTarget.has(h.reportId));
    const campaignOf = await this.campaignsOf(holders.map((h) => h.reportId));
    const sources = new Map<string, { type: 'campaign' | 'report'; id: string; seen: Seen[] }>();
    const add = (type: 'campaign' | 'report', id: string, seen: Seen) => {
      const key = `${type}:${id}`;
      const entry = sources.get(key) ?? { type, id, seen: [] };
      entry.seen.push(seen);
      sources.set(key, entry);
    };
    for (const h of holders) {
      const campaign = campaignOf.get(h.reportId);
      // Beyond MAX_REPORTS a target campaign's own member can turn up as a holder: it is no source.
      if (target.type === 'campaign' && campaign === target.id) continue;
      add('report', h.reportId, h);
      // The campaign of a report target contains the target itself: no source either.
      if (campaign && !targetCampaigns.has(campaign)) add('campaign', campaign, h);
    }
    const attributed = await this.withLiveAttributions([...sources.values()]);
    const found: SourceAttribution[] = [];
    for (const source of sources.values()) {
      if (!attributed.has(`${source.type}:${source.id}`)) continue;
      const views = (await this.deps.attributions.forTarget(principal, source.type, source.id)).filter(
        (v) => v.decision !== 'rejected',
      );
      if (views.length === 0 || sharedItems(targetSeen, source.seen, facts).length === 0) continue;
      const members =
        source.type === 'report' ? [source.id] : await this.visibleReports(viewer, source, reports);
      const weak = await this.sightingsOf(members, WEAK_TYPES);
      for (const k of await overCorrelatingKeys(this.deps.database.db, counterKeysOf(weak)))
        overCorrelating.add(k);
      const items = sharedItems(targetSeen, [...source.seen, ...weak], facts);
      for (const v of views) {
        found.push({
          attributionId: v.id,
          target: { type: source.type, id: await this.publicId(viewer, source) },
          actor: v.actor,
          confidence: v.confidence,
          decision: v.decision,
          tlp: v.tlp,
          items,
        });
      }
    }
    const own = await this.deps.attributions.forTarget(principal, target.type, target.id);
    const already = new Set(own.filter((v) => v.decision !== 'rejected').map((v) => v.actor.id));
    return { suggestions: rankSuggestions(found, already), reports, flags };
  }

  /** A source as the caller names it: campaigns by their earliest visible report. */
  private async publicId(
    viewer: Viewer,
    source: { type: 'campaign' | 'report'; id: string },
  ): Promise<string> {
    if (source.type === 'report') return source.id;
    return (await publicCampaignId(this.deps.database.db, viewer, source.id)) ?? source.id;
  }

  /** Reads of AMBER, AMBER+STRICT, RED and investigation inputs are audited, as elsewhere. */
  private auditSensitive(principal: Principal, target: SuggestionTarget, scored: Scored): void {
    const attributions = new Set<string>();
    const flags = new Set<string>();
    for (const s of scored.suggestions) {
      for (const src of s.sources) {
        if (isAuditedRead({ tlp: src.tlp as Tlp, sensitivity: 'normal' }))
          attributions.add(src.attributionId);
        for (const i of src.items) {
          if (i.via !== 'infrastructure_flag') continue;
          for (const f of scored.flags.get(`${i.indicator.type}:${i.indicator.value}`) ?? []) {
            if (isAuditedRead(f.marking as { tlp: Tlp; sensitivity: Sensitivity })) flags.add(f.id);
          }
        }
      }
    }
    if (attributions.size === 0 && flags.size === 0) return;
    this.deps.audit.appendRead([
      {
        orgId: principal.orgId,
        keyId: principal.keyId,
        action: 'attribution_suggestion.read',
        targetType: target.type,
        targetId: target.id,
        details: { attributions: [...attributions], flags: [...flags] },
      },
    ]);
  }

  /** The visible reports of a report or stored campaign, recording their markings. */
  private async visibleReports(
    viewer: Viewer,
    target: SuggestionTarget,
    markings: Map<string, InputMarking>,
  ): Promise<string[]> {
    let q = this.deps.database.db
      .selectFrom('reports as r')
      .select(['r.id', 'r.tlp', 'r.restricted', 'r.sensitivity'])
      .where(visibleTo(viewer))
      .orderBy('r.id')
      .limit(MAX_REPORTS);
    q =
      target.type === 'report'
        ? q.where('r.id', '=', target.id)
        : q.where((eb) =>
            eb.exists(
              eb
                .selectFrom('report_campaigns as rc')
                .select('rc.report_id')
                .whereRef('rc.report_id', '=', 'r.id')
                .where('rc.campaign_id', '=', target.id),
            ),
          );
    const rows = await q.execute();
    for (const r of rows) markings.set(r.id, markingOf(r));
    return rows.map((r) => r.id);
  }

  private async sightingsOf(reportIds: string[], types?: string[]) {
    const out: (Seen & { indicatorId: string })[] = [];
    for (const part of inChunks(reportIds)) {
      let q = this.deps.database.db
        .selectFrom('sightings as s')
        .innerJoin('indicators as i', 'i.id', 's.indicator_id')
        .select(['s.report_id', 's.observed_at', 'i.id', 'i.type', 'i.value'])
        .where('s.report_id', 'in', part);
      if (types) q = q.where('i.type', 'in', types);
      for (const r of await q.execute()) {
        out.push({
          reportId: r.report_id,
          at: r.observed_at,
          indicatorId: r.id,
          type: r.type,
          value: r.value,
        });
      }
    }
    return out;
  }

  /** Sightings of these indicators in reports the viewer may see (filtered in the database). */
  private async visibleHolders(viewer: Viewer, indicatorIds: string[], markings: Map<string, InputMarking>) {
    const out: Seen[] = [];
    for (const part of inChunks(indicatorIds)) {
      const rows = await this.deps.database.db
        .selectFrom('reports as r')
        .innerJoin('sightings as s', 's.report_id', 'r.id')
        .innerJoin('indicators as i', 'i.id', 's.indicator_id')
        .select(['r.id', 'r.tlp', 'r.restricted', 'r.sensitivity', 's.observed_at', 'i.type', 'i.value'])
        .where('s.indicator_id', 'in', part)
        .where(visibleTo(viewer))
        .execute();
      for (const r of rows) {
        markings.set(r.id, markingOf(r));
        out.push({ reportId: r.id, at: r.observed_at, type: r.type, value: r.value });
      }
    }
    return out;
  }

  private async campaignsOf(reportIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const part of inChunks([...new Set(reportIds)])) {
      const rows = await this.deps.database.db
        .selectFrom('report_campaigns')
        .select(['report_id', 'campaign_id'])
        .where('report_id', 'in', part)
        .execute();
      for (const r of rows) out.set(r.report_id, r.campaign_id);
    }
    return out;
  }

  /** Live flags the viewer may see, by indicator id (flags carry no recipients or groups yet). */
  private async visibleFlags(viewer: Viewer, indicatorIds: string[]) {
    const out = new Map<string, { id: string; marking: InputMarking }[]>();
    for (const part of inChunks(indicatorIds)) {
      const rows = await this.deps.database.db
        .selectFrom('infrastructure_flags')
        .select(['id', 'indicator_id', 'org_id', 'tlp', 'sensitivity'])
        .where('indicator_id', 'in', part)
        .where('revoked_at', 'is', null)
        .execute();
      for (const r of rows) {
        const marking = {
          orgId: r.org_id,
          tlp: r.tlp as Tlp,
          sensitivity: r.sensitivity as Sensitivity,
          recipients: [],
          sharingGroups: [],
        };
        if (!canSee(viewer, marking)) continue;
        const list = out.get(r.indicator_id) ?? [];
        list.push({ id: r.id, marking: { tlp: r.tlp, sensitivity: r.sensitivity } });
        out.set(r.indicator_id, list);
      }
    }
    return out;
  }

  /** Which candidate sources have any attribution that is not rejected (visibility is checked after). */
  private async withLiveAttributions(sources: { type: string; id: string }[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const type of ['report', 'campaign']) {
      const ids = sources.filter((s) => s.type === type).map((s) => s.id);
      for (const part of inChunks(ids)) {
        const rows = await this.deps.database.db
          .selectFrom('attributions')
          .select('target_id')
          .where('target_type', '=', type)
          .where('target_id', 'in', part)
          .where('decision', '<>', 'rejected')
          .execute();
        for (const r of rows) out.add(`${type}:${r.target_id}`);
      }
    }
    return out;
  }
}

function markingOf(r: { tlp: string; restricted: number; sensitivity: string }): InputMarking {
  return { tlp: r.tlp, narrowed: Number(r.restricted) === 1, sensitivity: r.sensitivity };
}

/**
 * Every input of a suggestion: its source attributions, the reports on both sides of each item, and
 * for a flag the least restricted visible flag on the value (one flag is enough to justify it).
 */
function inputsOf(s: ScoredSuggestion, scored: Scored): InputMarking[] {
  const out: InputMarking[] = [];
  for (const src of s.sources) {
    out.push({ tlp: src.tlp });
    for (const item of src.items) {
      for (const id of item.reportIds) out.push(scored.reports.get(id) ?? { tlp: 'RED' });
      if (item.via !== 'infrastructure_flag') continue;
      const flags = scored.flags.get(`${item.indicator.type}:${item.indicator.value}`) ?? [];
      const floors = flags.map((f) => tlpFloor([f.marking]));
      const least = floors.sort((a, b) => (tlpAtLeast(a, b) ? 1 : -1))[0];
      out.push({ tlp: least ?? 'RED' });
    }
  }
  return out;
}
