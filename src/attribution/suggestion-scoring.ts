import { getDomain } from 'tldts';
import { IP_LINK_WINDOW_MS, linkKeysOf } from '../core/correlation/keys.js';
import { TLP_LEVELS, type Tlp } from '../sharing/policy.js';
import type { Evidence } from './service.js';

/**
 * The pure part of attribution suggestions: which indicators two sets of reports share in a way that
 * says something about a common actor, how strong that is, and what confidence follows. No I/O: the
 * suggester (suggestions.ts) feeds it only what the caller may see, and the property test feeds it a
 * brute-force model of the same, so both answer with one set of rules.
 *
 * Correlation already merges reports that share a linking key into one campaign, so a plain shared
 * value says nothing here: the campaign view shows it. What remains is infrastructure that does not
 * glue campaigns, because unrelated groups share it or because it changes hands:
 *
 * | via                       | strength | why                                                             |
 * | ------------------------- | -------- | --------------------------------------------------------------- |
 * | `infrastructure_flag`     | 0.5      | a partner stated, with evidence, that the value is crime        |
 * |                           |          | infrastructure; but such services sell to several groups        |
 * | `ip_outside_window`       | 0.3      | the same IP more than 14 days apart: it may have changed hands  |
 * | `same_registrable_domain` | 0.2      | the same registrable domain (private suffixes count, so         |
 * |                           |          | `a.github.io` ≠ `b.github.io`): weak, many sites per owner      |
 * | `same_ip_24`              | 0.1      | different IPs in one IPv4 /24: hosting providers rent out /24s  |
 *
 * The two weak kinds only corroborate: alone they would suggest every tenant of a hosting provider,
 * so a source needs at least one flag or IP before they count.
 */
export const VIAS = [
  'infrastructure_flag',
  'ip_outside_window',
  'same_registrable_domain',
  'same_ip_24',
] as const;
export type Via = (typeof VIAS)[number];

export const VIA_STRENGTH: Readonly<Record<Via, number>> = {
  infrastructure_flag: 0.5,
  ip_outside_window: 0.3,
  same_registrable_domain: 0.2,
  same_ip_24: 0.1,
};
const STRONG: ReadonlySet<Via> = new Set<Via>(['infrastructure_flag', 'ip_outside_window']);

/** A confirmed attribution carries its confidence; a proposal nobody has vetted carries half. */
export const DECISION_FACTOR: Readonly<Record<string, number>> = { confirmed: 1, proposed: 0.5 };

/** One sighting on one side: an indicator in a report, at the report's time. */
export interface Seen {
  type: string;
  value: string;
  at: string;
  reportId: string;
}

export interface ShareFacts {
  /** Indicator keys (`type:value`) with a live flag the caller may see. */
  flagged: ReadonlySet<string>;
  /** Correlation keys over the per-value cap (`correlation_keys.over_correlating = 1`). */
  overCorrelating: ReadonlySet<string>;
  /** Warninglisted values (the same test correlation uses); none when no list is loaded. */
  isBenign?: ((type: string, value: string) => boolean) | undefined;
  windowMs?: number;
}

export interface SharedItem {
  indicator: { type: string; value: string };
  via: Via;
  /** Reports on both sides that carry it: their markings bound the TLP of an accepted suggestion. */
  reportIds: string[];
}

const isIp = (type: string) => type === 'ipv4' || type === 'ipv6';

/** The correlation key whose counter says whether this value is too common. */
export function counterKey(type: string, value: string): string {
  return isIp(type) ? `ip:${value}` : `${type}:${value}`;
}

function hostOf(type: string, value: string): string | null {
  if (type === 'domain') return value;
  if (type !== 'url') return null;
  const m = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#:[\]]+)/i.exec(value);
  return m?.[1]?.toLowerCase() ?? null;
}

/** The registrable domain with private suffixes (the owner's name), or null for IPs and shorteners. */
export function siteOf(type: string, value: string): string | null {
  const host = hostOf(type, value);
  if (!host) return null;
  const site = getDomain(host, { allowPrivateDomains: true });
  if (!site) return null;
  // Shorteners and redirectors: correlation refuses to link on them, and so do suggestions.
  if (linkKeysOf([{ type: 'domain', value: site, role: '' }]).length === 0) return null;
  return site;
}

/** Every correlation key whose over-correlation matters for these sightings (to load in one query). */
export function counterKeysOf(seen: readonly Seen[]): string[] {
  const keys = new Set<string>();
  for (const s of seen) {
    keys.add(counterKey(s.type, s.value));
    const site = siteOf(s.type, s.value);
    if (site) keys.add(`regdomain:${site}`);
  }
  return [...keys];
}

/** Values that must never count: warninglisted, over the cap, or ignored by correlation on purpose. */
export function isNoise(type: string, value: string, facts: ShareFacts): boolean {
  if (facts.isBenign?.(type, value)) return true;
  if (facts.overCorrelating.has(counterKey(type, value))) return true;
  // Public DNS resolvers and shortener domains: linkKeysOf drops them, whatever lists are loaded.
  if ((isIp(type) || type === 'domain') && linkKeysOf([{ type, value, role: '' }]).length === 0) return true;
  return false;
}

function group<K>(seen: readonly Seen[], keyOf: (s: Seen) => K | null): Map<K, Seen[]> {
  const out = new Map<K, Seen[]>();
  for (const s of seen) {
    const k = keyOf(s);
    if (k === null) continue;
    const list = out.get(k) ?? [];
    list.push(s);
    out.set(k, list);
  }
  return out;
}

const reportsOf = (...sides: Seen[][]) => [...new Set(sides.flat().map((s) => s.reportId))].sort();

const net24 = (s: Seen) => (s.type === 'ipv4' ? `${s.value.split('.').slice(0, 3).join('.')}.0/24` : null);

/**
 * What a target's sightings share with a source's, one item per indicator (its strongest reason).
 * Empty unless at least one strong item (flag or IP outside the window) exists.
 */
export function sharedItems(
  target: readonly Seen[],
  source: readonly Seen[],
  facts: ShareFacts,
): SharedItem[] {
  const window = facts.windowMs ?? IP_LINK_WINDOW_MS;
  const t = target.filter((s) => !isNoise(s.type, s.value, facts));
  const s = source.filter((x) => !isNoise(x.type, x.value, facts));
  const items: SharedItem[] = [];
  const byKey = (x: Seen) => `${x.type}:${x.value}`;
  const sourceByKey = group(s, byKey);
  for (const [key, onTarget] of group(t, byKey)) {
    const onSource = sourceByKey.get(key);
    if (!onSource) continue;
    const { type, value } = onTarget[0] as Seen;
    const indicator = { type, value };
    if (facts.flagged.has(key)) {
      items.push({ indicator, via: 'infrastructure_flag', reportIds: reportsOf(onTarget, onSource) });
    } else if (isIp(type)) {
      // Within the window the two would have been linked: that is correlation's business, not ours.
      const apart = onTarget.every((a) =>
        onSource.every((b) => Math.abs(Date.parse(a.at) - Date.parse(b.at)) > window),
      );
      if (apart)
        items.push({ indicator, via: 'ip_outside_window', reportIds: reportsOf(onTarget, onSource) });
    }
  }
  if (items.length === 0) return [];

  // A weak item only for a network or site that no strong item stands for already (no double count).
  const covered = new Set(
    items.flatMap((i) => {
      const asSeen = { ...i.indicator, at: '', reportId: '' };
      return [net24(asSeen), siteOf(i.indicator.type, i.indicator.value)];
    }),
  );
  const sourceNets = group(s, net24);
  for (const [net, onTarget] of group(t, net24)) {
    if (covered.has(net)) continue;
    const onSource = sourceNets.get(net) ?? [];
    const pairs = onTarget.flatMap((a) => onSource.filter((b) => b.value !== a.value).map((b) => [a, b]));
    if (pairs.length === 0) continue;
    items.push({
      indicator: { type: 'cidr', value: net },
      via: 'same_ip_24',
      reportIds: reportsOf(pairs.flat()),
    });
  }
  const siteKey = (x: Seen) => {
    const site = siteOf(x.type, x.value);
    if (
      !site ||
      covered.has(site) ||
      facts.isBenign?.('domain', site) ||
      facts.overCorrelating.has(`regdomain:${site}`)
    )
      return null;
    return site;
  };
  const sourceSites = group(s, siteKey);
  for (const [site, onTarget] of group(t, siteKey)) {
    const onSource = sourceSites.get(site);
    if (!onSource) continue;
    items.push({
      indicator: { type: 'domain', value: site },
      via: 'same_registrable_domain',
      reportIds: reportsOf(onTarget, onSource),
    });
  }
  return items.sort(byStrength);
}

function byStrength(a: SharedItem, b: SharedItem): number {
  return (
    VIA_STRENGTH[b.via] - VIA_STRENGTH[a.via] ||
    cmp(`${a.indicator.type}:${a.indicator.value}`, `${b.indicator.type}:${b.indicator.value}`)
  );
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The confidence one source attribution lends: its own confidence × its decision factor × the
 * combined strength of the shared items (noisy-OR: each independent item closes part of the gap).
 * Always below the source's own confidence, 0 without a strong item or for a rejected source.
 */
export function sourceConfidence(confidence: number, decision: string, items: readonly SharedItem[]): number {
  const factor = DECISION_FACTOR[decision] ?? 0;
  if (factor === 0 || !items.some((i) => STRONG.has(i.via))) return 0;
  const missed = items.reduce((p, i) => p * (1 - VIA_STRENGTH[i.via]), 1);
  // The epsilon keeps 80 × 0.65 at 52 despite binary fractions.
  return Math.min(confidence, Math.floor(confidence * factor * (1 - missed) + 1e-9));
}

export interface SourceAttribution {
  attributionId: string;
  target: { type: string; id: string };
  actor: { id: string; type: string; name: string };
  confidence: number;
  decision: string;
  /** The source attribution's own TLP (bounds the TLP of an accepted suggestion). */
  tlp: string;
  items: SharedItem[];
}

export interface BasisItem {
  indicator: { type: string; value: string };
  via: Via;
  sourceTarget: { type: string; id: string };
  sourceAttributionId: string;
}

export interface ScoredSuggestion {
  actor: { id: string; type: string; name: string };
  confidence: number;
  layer: 'tactical';
  basis: BasisItem[];
  /** Internal: the items behind the basis (report ids for the TLP floor); not part of the response. */
  sources: SourceAttribution[];
}

export const MAX_BASIS = 50;

/**
 * One suggestion per actor: the confidence of its best source, the basis of every source that lends
 * any. Actors already attributed to the target (not rejected) are left out. Sorted by confidence.
 */
export function rankSuggestions(
  sources: readonly SourceAttribution[],
  alreadyAttributed: ReadonlySet<string>,
): ScoredSuggestion[] {
  const byActor = new Map<string, { best: number; sources: SourceAttribution[] }>();
  for (const source of sources) {
    if (alreadyAttributed.has(source.actor.id)) continue;
    const c = sourceConfidence(source.confidence, source.decision, source.items);
    if (c <= 0) continue;
    const entry = byActor.get(source.actor.id) ?? { best: 0, sources: [] };
    entry.best = Math.max(entry.best, c);
    entry.sources.push(source);
    byActor.set(source.actor.id, entry);
  }
  const out: ScoredSuggestion[] = [];
  for (const { best, sources: used } of byActor.values()) {
    const ordered = [...used].sort((a, b) => cmp(a.attributionId, b.attributionId));
    const basis = ordered
      .flatMap((src) =>
        src.items.map((i) => ({
          indicator: i.indicator,
          via: i.via,
          sourceTarget: src.target,
          sourceAttributionId: src.attributionId,
        })),
      )
      .sort((a, b) => VIA_STRENGTH[b.via] - VIA_STRENGTH[a.via]);
    out.push({
      actor: (ordered[0] as SourceAttribution).actor,
      confidence: best,
      layer: 'tactical',
      basis: basis.slice(0, MAX_BASIS),
      sources: ordered,
    });
  }
  return out.sort(
    (a, b) => b.confidence - a.confidence || cmp(a.actor.name, b.actor.name) || cmp(a.actor.id, b.actor.id),
  );
}

/** What decides who may read an input of a suggestion (a report, a flag or an attribution). */
export interface InputMarking {
  tlp: string;
  /** Recipients or sharing groups narrow the audience (attributions cannot carry either). */
  narrowed?: boolean;
  sensitivity?: string;
}

/**
 * The least restrictive TLP an accepted suggestion may carry so that nobody reads it who could not
 * read what it was derived from: the highest TLP among the inputs, and AMBER+STRICT (the caller's
 * organization only) for inputs shared with named recipients, groups or investigators only.
 */
export function tlpFloor(inputs: readonly InputMarking[]): Tlp {
  let rank = 0;
  for (const m of inputs) {
    let r = Math.max(0, TLP_LEVELS.indexOf(m.tlp as Tlp));
    if (m.narrowed || m.sensitivity === 'investigation') r = Math.max(r, TLP_LEVELS.indexOf('AMBER+STRICT'));
    rank = Math.max(rank, r);
  }
  return TLP_LEVELS[rank] as Tlp;
}

export const tlpAtLeast = (tlp: Tlp, floor: Tlp) => TLP_LEVELS.indexOf(tlp) >= TLP_LEVELS.indexOf(floor);

/** The basis as evidence: the shared indicators, report sources, and a note naming every source. */
export function evidenceOf(s: ScoredSuggestion): Evidence[] {
  const out: Evidence[] = [];
  const seen = new Set<string>();
  const push = (e: Evidence) => {
    const key = `${e.kind}\u0000${e.ref}`;
    if (!seen.has(key)) out.push(e);
    seen.add(key);
  };
  for (const b of s.basis) push({ kind: 'indicator', ref: `${b.indicator.type}:${b.indicator.value}` });
  for (const src of s.sources) if (src.target.type === 'report') push({ kind: 'report', ref: src.target.id });
  const note = s.sources
    .map((src) => {
      const vias = [...new Set(src.items.map((i) => i.via))].join(', ');
      return `${src.target.type} ${src.target.id} (attribution ${src.attributionId}; ${vias})`;
    })
    .join('; ');
  // Room for the note within the 100 evidence items the attribution API accepts.
  return [
    ...out.slice(0, 99),
    { kind: 'note', ref: `Suggested by shared infrastructure with ${note}`.slice(0, 2000) },
  ];
}
