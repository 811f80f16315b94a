import { CampaignShapes } from '../core/detect/campaign-shapes.js';
import { buildContext } from '../core/detect/checkers.js';
import { createLookalikeMatcher } from '../core/detect/lookalike/index.js';
import type { SmsCheckContext } from '../core/detect/sms-check.js';
import type { Marking, Viewer } from '../sharing/policy.js';
import { type AudienceSpec, AudienceTable } from './audience.js';
import { type BrandView, toProtectedBrand } from './brands.js';
import {
  ENTRY_KINDS,
  type EntryKind,
  entriesOfFlag,
  entriesOfSighting,
  type Hit,
  type ListStore,
  MapListStore,
  ViewerLists,
  ViewerNumbers,
} from './lists.js';
import type { loadFeeds, loadLiveFlags, ReportFact } from './store.js';

/** The list name reports' indicators appear under in reasons. */
export const SHARED_LIST = 'koban-shared';
export const FLAG_LIST = 'crime-infrastructure';
export const PROTECTION_REFRESH_MS = 2_000;
/** Memo bound per cached caller context (link verdicts and sender parses). */
const CALLER_MEMO_ENTRIES = 20_000;

/**
 * The storage adapter for list entries. Swap point for the compact blocklist table: return an
 * object implementing `ListStore` over `BlocklistTable` here.
 */
export function createListStore(audiences: AudienceTable): ListStore {
  return new MapListStore(audiences);
}

/** Sighting roles that say the URL is the phishing page itself (a campaign's shape). */
const SHAPE_ROLES: ReadonlySet<string> = new Set(['phishing_url', 'landing_url']);
/** Bound on the remembered community phishing URLs (the shapes index has its own bound). */
const MAX_RECENT_PHISHING = 100_000;

/**
 * Shapes are shared by every caller's context, so only reports every partner may read feed them:
 * TLP:CLEAR or GREEN, no named recipients or sharing groups, not investigation-sensitive. (A shape
 * reason says "reported on N other domains"; per-caller counts would need per-audience shapes.)
 */
export function communityVisible(m: Marking): boolean {
  return (
    (m.tlp === 'CLEAR' || m.tlp === 'GREEN') &&
    m.recipients.length === 0 &&
    m.sharingGroups.length === 0 &&
    m.sensitivity !== 'investigation'
  );
}

/** A community-visible phishing URL and when it was reported (ms). */
export type RecentPhishing = [url: string, reportedAtMs: number];

/** Pure part of the index: audiences, the three list layers and campaign shapes, fed with facts. */
export class ProtectionData {
  readonly audiences: AudienceTable;
  reports: ListStore;
  flags: ListStore;
  feeds: ListStore;
  readonly shapes = new CampaignShapes();
  /** The URLs behind `shapes`, oldest first: workers and the snapshot rebuild the shapes from them. */
  private recent: RecentPhishing[] = [];

  constructor(specs: readonly AudienceSpec[] = []) {
    this.audiences = new AudienceTable(specs);
    this.reports = createListStore(this.audiences);
    this.flags = createListStore(this.audiences);
    this.feeds = createListStore(this.audiences);
  }

  addReport(r: ReportFact): void {
    let audience = -1;
    const shared = communityVisible(r.marking);
    for (const s of r.sightings) {
      for (const e of entriesOfSighting(s.type, s.value, s.role)) {
        if (audience < 0) audience = this.audiences.ofMarking(r.marking);
        this.reports.add(e.kind, e.value, { list: SHARED_LIST, severity: e.severity, audience });
      }
      // Report ids are UUIDv7: their first 48 bits are when the report was made.
      if (shared && s.type === 'url' && SHAPE_ROLES.has(s.role)) this.addRecentPhishing(s.value, idMs(r.id));
    }
  }

  addRecentPhishing(url: string, reportedAtMs: number): void {
    if (!this.shapes.add(url, reportedAtMs)) return;
    this.recent.push([url, reportedAtMs]);
    if (this.recent.length > MAX_RECENT_PHISHING) this.recent.splice(0, this.recent.length >> 2);
  }

  /** Forgets shapes older than the window as time passes without new reports. */
  expireShapes(nowMs: number): void {
    const cutoff = nowMs - this.shapes.options.windowDays * 86_400_000;
    this.shapes.expireBefore(cutoff);
    if (this.recent.length > 0 && (this.recent[0] as RecentPhishing)[1] < cutoff)
      this.recent = this.recent.filter((e) => e[1] >= cutoff);
  }

  get recentPhishing(): readonly RecentPhishing[] {
    return this.recent;
  }

  setFlags(flags: Awaited<ReturnType<typeof loadLiveFlags>>): void {
    const store = createListStore(this.audiences);
    for (const f of flags) {
      const audience = this.audiences.ofMarking(f.marking);
      for (const e of entriesOfFlag(f.type, f.value))
        store.add(e.kind, e.value, { list: FLAG_LIST, severity: e.severity, audience });
    }
    this.flags = store;
  }

  setFeeds(feeds: Awaited<ReturnType<typeof loadFeeds>>): void {
    const store = createListStore(this.audiences);
    for (const f of feeds) {
      const audience = this.audiences.ofMarking(f.marking);
      for (const e of f.entries) store.add(e.kind, e.value, { list: f.name, severity: 'block', audience });
    }
    this.feeds = store;
  }

  /** Reports first: their hits carry the most specific provenance; flags last. */
  get stores(): readonly ListStore[] {
    return [this.reports, this.feeds, this.flags];
  }
}

export type StoreDump = Partial<Record<EntryKind, [string, Hit[]][]>>;

export function dump(store: ListStore): StoreDump {
  const out: StoreDump = {};
  for (const k of ENTRY_KINDS) out[k] = [...store.entries(k)].map(([v, hits]) => [v, [...hits]]);
  return out;
}

export function restore(into: ListStore, d: StoreDump): void {
  for (const k of ENTRY_KINDS) for (const [v, hits] of d[k] ?? []) for (const h of hits) into.add(k, v, h);
}

/**
 * The shared check context of a set of brands and benign domains. The index and each check worker
 * build it with this one function, so both answer alike.
 */
export function buildCheckContext(brands: readonly BrandView[], benign: readonly string[]): SmsCheckContext {
  const core = brands.map(toProtectedBrand);
  const benignSet = new Set(benign);
  // Checks weigh only whole-label typos, so their matcher skips the per-part typo probes that
  // alerts (and `watch-domains`) still want.
  const checkLookalikes = createLookalikeMatcher(core, {
    benignDomains: benignSet,
    partTypos: false,
    maxTypoEdits: 1,
  });
  return buildContext({ brands: core, benignDomains: benignSet, lookalikes: checkLookalikes });
}

/**
 * One caller's context over `data`: the shared context plus list views filtered by the caller's
 * audience, with a memo of its own. The index and the check workers both use it.
 */
export function viewerContext(base: SmsCheckContext, data: ProtectionData, viewer: Viewer): SmsCheckContext {
  const stores = data.stores;
  const ctx: SmsCheckContext = {
    ...base,
    campaignShapes: data.shapes,
    lists: new ViewerLists(stores, data.audiences, viewer, {
      brands: base.brands,
      benignDomains: base.benignDomains,
    }),
    flaggedNumbers: new ViewerNumbers(stores, data.audiences, viewer),
  };
  const withMemo = ctx as { memo?: object };
  const shared = withMemo.memo;
  if (shared !== undefined)
    withMemo.memo = new (shared.constructor as new (maxEntries?: number) => object)(CALLER_MEMO_ENTRIES);
  else delete withMemo.memo;
  return ctx;
}

/** What a check worker needs to answer like the index: sent once per generation. */
export interface WorkerState {
  generation: number;
  /** Changes only when brands or benign domains change (the worker then rebuilds its base context). */
  baseVersion: number;
  brands: readonly BrandView[];
  benign: readonly string[];
  audiences: AudienceSpec[];
  stores: { reports: StoreDump; flags: StoreDump; feeds: StoreDump };
  recentPhishing: readonly RecentPhishing[];
}

/** ms of a UUIDv7 id (its first 48 bits); NaN for anything else. */
export function idMs(id: string): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}

/** The smallest UUIDv7-shaped id at `ms`. */
export function idAtMs(ms: number): string {
  const h = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-0000-0000-000000000000`;
}
