import type { AttributionView } from '../attribution/service.js';
import { linkKeysOf } from '../core/correlation/keys.js';
import { KobanError } from '../errors/catalogue.js';
import type { Tlp } from '../sharing/policy.js';
import type { GraphLink } from './graph.js';
import {
  asTlp,
  mostRestrictive,
  type StixObject,
  stixId,
  stixPattern,
  stixTime,
  TLP2_MARKING_IDS,
  tlpMarkingDefinition,
} from './stix-primitives.js';

/**
 * Pure conversion of what a caller may see of a campaign into a STIX 2.1 bundle (no I/O).
 * Everything in the input must already be filtered by the access policy: this function exports
 * exactly what it is given, and derives every count, time and marking from it alone.
 */

export interface ExportReport {
  id: string;
  kind: string;
  tlp: string;
  reporterOrgId: string;
  observedAt: string | null;
  createdAt: string;
}

export interface ExportSighting {
  reportId: string;
  type: string;
  /** The canonical value (never defanged). */
  value: string;
  role: string;
  observedAt: string;
  /** Display form of an internationalized host (`例え.jp` for `xn--r8jz45g.jp`), when known. */
  unicode?: string;
}

export interface CampaignExportInput {
  /** Koban's campaign id, or null when the caller's view is a single report. */
  campaignId: string | null;
  /** The report the view was asked for (names the STIX campaign when `campaignId` is null). */
  viewOfReportId: string;
  truncated: boolean;
  reports: readonly ExportReport[];
  links: readonly GraphLink[];
  sightings: readonly ExportSighting[];
  /** Attributions the caller may see, with evidence already reduced to what the caller may see. */
  attributions: readonly AttributionView[];
  /** Actor objects (and their marking definitions) from the knowledge base, as imported. */
  knowledgeObjects: readonly StixObject[];
}

export interface StixBundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
}

/** Koban as the producer of every object it derives (a fixed object: same id and version everywhere). */
export const KOBAN_IDENTITY: StixObject = {
  type: 'identity',
  spec_version: '2.1',
  id: stixId('identity', 'koban'),
  created: '2025-01-01T00:00:00.000Z',
  modified: '2025-01-01T00:00:00.000Z',
  name: 'Koban',
  identity_class: 'system',
  object_marking_refs: [TLP2_MARKING_IDS.CLEAR],
};

const KIND_NAMES_JA: Record<string, string> = {
  smishing: 'スミッシング',
  phishing_site: 'フィッシングサイト',
  fraud_case: '不正事案',
  abuse: '不正行為の通報',
  ransomware_incident: 'ランサムウェア被害',
  scan_observation: 'スキャン観測',
  other: 'その他の情報',
};
/** STIX relationship types from a campaign to an actor object, by the actor's type. */
const CAMPAIGN_TO_ACTOR: Record<string, string> = {
  'intrusion-set': 'attributed-to',
  'threat-actor': 'attributed-to',
  malware: 'uses',
  tool: 'uses',
  infrastructure: 'uses',
};

// Normalized STIX timestamps all have one shape, so text order is time order.
const earliest = (times: readonly string[]) => [...times].sort()[0]!;
const latest = (times: readonly string[]) => [...times].sort().at(-1)!;
const reportTime = (r: ExportReport) => stixTime(r.observedAt ?? r.createdAt);
const createdAt = (r: ExportReport) => stixTime(r.createdAt);
const tlpOf = (r: ExportReport) => asTlp(r.tlp);
const reportStixId = (id: string) => stixId('report', id);
const indicatorStixId = (key: string) => stixId('indicator', key);
const TLP_ORDER = Object.keys(TLP2_MARKING_IDS) as Tlp[];

/** What every part of the bundle shares: the STIX campaign id, the view's reports, the markings used. */
interface Context {
  campaignId: string;
  reportById: ReadonlyMap<string, ExportReport>;
  usedTlps: Set<Tlp>;
}

/** Common properties of an object Koban derives; records its TLP so the bundle carries the definition. */
function base(ctx: Context, type: string, id: string, created: string, modified: string, tlp: Tlp) {
  ctx.usedTlps.add(tlp);
  return {
    type,
    spec_version: '2.1',
    id,
    created,
    modified,
    created_by_ref: KOBAN_IDENTITY.id,
    object_marking_refs: [TLP2_MARKING_IDS[tlp]],
  };
}

export function campaignToStixBundle(input: CampaignExportInput): StixBundle {
  const reports = [...new Map(input.reports.map((r) => [r.id, r])).values()];
  if (reports.length === 0)
    throw new KobanError('internal_error', 'a campaign view holds at least the report it was asked for');
  const ctx: Context = {
    campaignId: stixId(
      'campaign',
      input.campaignId === null ? `report-view:${input.viewOfReportId}` : input.campaignId,
    ),
    reportById: new Map(reports.map((r) => [r.id, r])),
    usedTlps: new Set<Tlp>(['CLEAR']),
  };
  // Attributions: only those the view holds a target for, and never a rejected one.
  const attributions = input.attributions.filter(
    (a) =>
      a.decision !== 'rejected' &&
      ((a.target.type === 'campaign' && a.target.id === input.campaignId) ||
        (a.target.type === 'report' && ctx.reportById.has(a.target.id))),
  );
  const campaign = campaignObject(ctx, input, reports, attributions);
  const { indicators, indicates, keysByReport } = indicatorObjects(ctx, input.sightings);
  const reportObjects = reports.map((r) => ({
    ...base(ctx, 'report', reportStixId(r.id), createdAt(r), createdAt(r), tlpOf(r)),
    name: `Koban ${r.kind} report ${r.id}`,
    description: `${KIND_NAMES_JA[r.kind] ?? r.kind}の報告 / ${r.kind} report`,
    report_types: ['threat-report'],
    labels: [r.kind],
    published: reportTime(r),
    // Never empty (the schema requires one ref): a report always refers to its campaign.
    object_refs: [ctx.campaignId, ...[...(keysByReport.get(r.id) ?? [])].sort().map(indicatorStixId)],
    x_koban_report_id: r.id,
    x_koban_reporter_org_id: r.reporterOrgId,
  }));
  const links = input.links.flatMap((l) => linkRelationship(ctx, l));
  const attributed = attributions.map((a) => attributionRelationship(ctx, a));
  const knowledge = knowledgeObjectsFor(input.knowledgeObjects, new Set(attributions.map((a) => a.actor.id)));
  const markings = [...ctx.usedTlps]
    .sort((a, b) => TLP_ORDER.indexOf(a) - TLP_ORDER.indexOf(b))
    .map(tlpMarkingDefinition);
  const objects: StixObject[] = [
    ...markings,
    KOBAN_IDENTITY,
    campaign,
    ...reportObjects,
    ...indicators,
    ...indicates,
    ...links,
    ...attributed,
    ...knowledge.filter((o) => !markings.some((m) => m.id === o.id)),
  ];
  return { type: 'bundle', id: bundleId(objects), objects };
}

/** The campaign as this caller sees it: times, counts and marking come from its visible reports only. */
function campaignObject(
  ctx: Context,
  input: CampaignExportInput,
  reports: readonly ExportReport[],
  attributions: readonly AttributionView[],
): StixObject {
  const tlp = mostRestrictive(reports.map(tlpOf));
  const times = reports.map(reportTime);
  const kinds = [...new Set(reports.map((r) => r.kind))].sort();
  const label = input.campaignId ?? `report ${input.viewOfReportId}`;
  // `modified` moves whenever the view gains a report or an attribution changes, so consumers update.
  const modified = latest([...reports.map(createdAt), ...attributions.map((a) => stixTime(a.updatedAt))]);
  return {
    ...base(ctx, 'campaign', ctx.campaignId, earliest(reports.map(createdAt)), modified, tlp),
    name: `Koban campaign ${label}`,
    description:
      `Koban キャンペーン ${label}: 共通の指標で関連付けられた報告 ${reports.length} 件` +
      `（${kinds.map((k) => KIND_NAMES_JA[k] ?? k).join('・')}）。` +
      ` ${reports.length} report(s) linked through shared indicators (${kinds.join(', ')}).`,
    first_seen: earliest(times),
    last_seen: latest(times),
    ...(input.campaignId === null ? {} : { x_koban_campaign_id: input.campaignId }),
    x_koban_truncated: input.truncated,
  };
}

/**
 * One indicator per canonical key, from the sightings of the view's reports only, marked with the
 * most restrictive report holding it. Indicators correlation would link on (not public DNS,
 * shorteners, SMS senders …) also `indicate` the campaign.
 */
function indicatorObjects(ctx: Context, sightings: readonly ExportSighting[]) {
  const byKey = new Map<
    string,
    { type: string; value: string; unicode?: string; sightings: ExportSighting[] }
  >();
  const byReport = new Map<string, ExportSighting[]>();
  for (const s of sightings) {
    if (!ctx.reportById.has(s.reportId)) continue;
    const key = `${s.type}:${s.value}`;
    const entry = byKey.get(key) ?? { type: s.type, value: s.value, sightings: [] };
    if (s.unicode) entry.unicode = s.unicode;
    entry.sightings.push(s);
    byKey.set(key, entry);
    const list = byReport.get(s.reportId) ?? [];
    list.push(s);
    byReport.set(s.reportId, list);
  }
  const linking = new Set([...byReport.values()].flatMap((list) => linkKeysOf(list).map((k) => k.key)));
  const linkKeyOf = (type: string, value: string) =>
    type === 'ipv4' || type === 'ipv6' ? `ip:${value}` : `${type}:${value}`;
  const indicators: StixObject[] = [];
  const indicates: StixObject[] = [];
  for (const [key, entry] of [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const holders = [...new Set(entry.sightings.map((s) => s.reportId))].map((id) => ctx.reportById.get(id)!);
    const tlp = mostRestrictive(holders.map(tlpOf));
    const created = earliest(holders.map(createdAt));
    const modified = latest(holders.map(createdAt));
    const id = indicatorStixId(key);
    indicators.push({
      ...base(ctx, 'indicator', id, created, modified, tlp),
      name: `${entry.type} ${entry.unicode ?? entry.value}`,
      pattern: stixPattern(entry.type, entry.value),
      pattern_type: 'stix',
      pattern_version: '2.1',
      valid_from: earliest(entry.sightings.map((s) => stixTime(s.observedAt))),
      x_koban_key: key,
      x_koban_indicator_type: entry.type,
      x_koban_roles: [...new Set(entry.sightings.map((s) => s.role))].sort(),
    });
    if (!linking.has(linkKeyOf(entry.type, entry.value))) continue;
    const relationshipId = stixId('relationship', `indicates:${key}:${ctx.campaignId}`);
    indicates.push({
      ...base(ctx, 'relationship', relationshipId, created, modified, tlp),
      relationship_type: 'indicates',
      source_ref: id,
      target_ref: ctx.campaignId,
    });
  }
  const keysByReport = new Map(
    [...byReport].map(([reportId, list]) => [reportId, new Set(list.map((s) => `${s.type}:${s.value}`))]),
  );
  return { indicators, indicates, keysByReport };
}

/**
 * An explained link between two visible reports, as a related-to between their STIX reports. The
 * walk orients a link from wherever it started; the export orients it from the older report (ids
 * are time-ordered), so the same link has the same id whichever report was asked for.
 */
function linkRelationship(ctx: Context, link: GraphLink): StixObject[] {
  const l =
    link.from < link.to
      ? link
      : { from: link.to, to: link.from, key: link.key, fromRole: link.toRole, toRole: link.fromRole };
  const from = ctx.reportById.get(l.from);
  const to = ctx.reportById.get(l.to);
  if (!from || !to) return [];
  const tlp = mostRestrictive([tlpOf(from), tlpOf(to)]);
  const at = latest([createdAt(from), createdAt(to)]);
  return [
    {
      ...base(ctx, 'relationship', stixId('relationship', `link:${l.from}:${l.to}:${l.key}`), at, at, tlp),
      relationship_type: 'related-to',
      source_ref: reportStixId(l.from),
      target_ref: reportStixId(l.to),
      description: `Linked by the shared key ${l.key} (${l.fromRole} → ${l.toRole})`,
      x_koban_key: l.key,
      x_koban_from_role: l.fromRole,
      x_koban_to_role: l.toRole,
    },
  ];
}

/** STIX defines attributed-to/uses from a campaign only; a report-level attribution is a related-to. */
function attributionRelationship(ctx: Context, a: AttributionView): StixObject {
  const onCampaign = a.target.type === 'campaign';
  const tlp = asTlp(a.tlp);
  const evidence = a.evidence.map((e) => ({ kind: e.kind, ref: e.ref }));
  const id = stixId('relationship', `attribution:${a.id}`);
  return {
    ...base(ctx, 'relationship', id, stixTime(a.createdAt), stixTime(a.updatedAt), tlp),
    relationship_type: onCampaign ? (CAMPAIGN_TO_ACTOR[a.actor.type] ?? 'related-to') : 'related-to',
    source_ref: onCampaign ? ctx.campaignId : reportStixId(a.target.id),
    target_ref: a.actor.id,
    description: `Attributed to ${a.actor.name} (${a.layer}, ${a.decision})`,
    confidence: Math.max(0, Math.min(100, Math.round(a.confidence))),
    x_koban_attribution_id: a.id,
    x_koban_layer: a.layer,
    x_koban_decision: a.decision,
    x_koban_attributed_by_org_id: a.attributedBy.orgId,
    // The schema forbids empty arrays in custom properties.
    ...(evidence.length > 0 ? { x_koban_evidence: evidence } : {}),
  };
}

/** The actors the bundle refers to, and the marking definitions those actors carry, once each. */
function knowledgeObjectsFor(objects: readonly StixObject[], actorIds: ReadonlySet<string>): StixObject[] {
  const byId = new Map(objects.map((o) => [o.id, o]));
  const actors = [...actorIds].sort().flatMap((id) => byId.get(id) ?? []);
  const markingIds = new Set(
    actors.flatMap((a) => (Array.isArray(a.object_marking_refs) ? (a.object_marking_refs as string[]) : [])),
  );
  const markings = [...markingIds].sort().flatMap((id) => byId.get(id) ?? []);
  return [...markings, ...actors];
}

/**
 * Deterministic too: a name over every object's id and version, so the same content always travels
 * in the same bundle id and any change (a new report, a decision) gives a new one.
 */
function bundleId(objects: readonly StixObject[]): string {
  const versions = objects.map((o) => `${o.id}@${String(o.modified ?? o.created ?? '')}`).sort();
  return stixId('bundle', versions.join('\n'));
}
