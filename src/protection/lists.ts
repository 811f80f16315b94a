/**
 * Known-bad values held in memory for the checks, each hit tagged with its audience, and the
 * per-caller views the checks read through (`UrlLists`, `flaggedNumbers`).
 *
 * `MapListStore` is the storage adapter: plain Maps keyed by canonical URL, host, registrable
 * domain and phone number. It is the one class to replace with the compact blocklist table
 * (src/core/detect/blocklist/): see `ListStore` — the table's 32-bit payload carries the hit's
 * interned (list, severity, audience) id.
 */
import { parse } from 'tldts';
import { linkingRegistrableDomain } from '../core/correlation/keys.js';
import type { BrandIndex } from '../core/detect/brand-index.js';
import type { ListHit, UrlLists } from '../core/detect/url-check.js';
import type { UrlParts } from '../core/detect/url-parts.js';
import type { Viewer } from '../sharing/policy.js';
import type { AudienceTable } from './audience.js';

export const ENTRY_KINDS = ['url', 'host', 'domain', 'phone'] as const;
/** `url`: exact canonical URL · `host`: exactly this host · `domain`: this domain and below · `phone`: E.164 or sender id. */
export type EntryKind = (typeof ENTRY_KINDS)[number];
export type Severity = 'block' | 'warn';

export interface Hit {
  list: string;
  severity: Severity;
  audience: number;
}

/** What the index needs from list storage. */
export interface ListStore {
  add(kind: EntryKind, value: string, hit: Hit): void;
  get(kind: EntryKind, value: string): readonly Hit[] | undefined;
  readonly size: number;
  entries(kind: EntryKind): Iterable<[string, readonly Hit[]]>;
}

/**
 * Map-based list storage. Several sources of one value under the same list and severity share one
 * hit whose audience is the union of theirs; block hits come before warn hits.
 */
export class MapListStore implements ListStore {
  private readonly maps: Record<EntryKind, Map<string, Hit[]>> = {
    url: new Map(),
    host: new Map(),
    domain: new Map(),
    phone: new Map(),
  };

  constructor(private readonly audiences: AudienceTable) {}

  get size(): number {
    return this.maps.url.size + this.maps.host.size + this.maps.domain.size + this.maps.phone.size;
  }

  add(kind: EntryKind, value: string, hit: Hit): void {
    const map = this.maps[kind];
    const hits = map.get(value);
    if (hits === undefined) {
      map.set(value, [hit]);
      return;
    }
    const same = hits.find((h) => h.list === hit.list && h.severity === hit.severity);
    if (same) same.audience = this.audiences.union(same.audience, hit.audience);
    else {
      hits.push({ ...hit });
      hits.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'block' ? -1 : 1));
    }
  }

  get(kind: EntryKind, value: string): readonly Hit[] | undefined {
    return this.maps[kind].get(value);
  }

  entries(kind: EntryKind): Iterable<[string, readonly Hit[]]> {
    return this.maps[kind].entries();
  }
}

/** The list entries one reported value stands for. */
export interface ListEntry {
  kind: EntryKind;
  value: string;
  severity: Severity;
}

const URL_ROLES: Readonly<Record<string, Severity>> = {
  phishing_url: 'block',
  landing_url: 'block',
  redirect_url: 'block',
  abuse_url: 'warn',
};
const HOST_ROLES: Readonly<Record<string, Severity>> = {
  phishing_host: 'block',
  landing_domain: 'block',
  redirect_host: 'warn',
  abuse_domain: 'warn',
};
const PHONE_ROLES: Readonly<Record<string, Severity>> = {
  sender: 'warn',
  callback_phone: 'warn',
  contact_phone: 'warn',
  abuse_phone: 'warn',
};

/**
 * A host's list entries: the host itself and, for a registrable domain outside shared hosting,
 * the domain with everything below it. Shorteners and public suffixes give nothing (only exact URLs).
 */
export function hostEntries(host: string, severity: Severity): ListEntry[] {
  const registrable = linkingRegistrableDomain(host);
  if (registrable === null) {
    // Under a private suffix (foo.github.io): that host only. Shorteners, IPs, suffixes: nothing.
    const p = parse(host, { allowPrivateDomains: true, extractHostname: false });
    return p.isPrivate === true && p.domain !== null && !p.isIp
      ? [{ kind: 'host', value: host, severity }]
      : [];
  }
  if (registrable === host) return [{ kind: 'domain', value: host, severity }];
  return [
    { kind: 'host', value: host, severity },
    { kind: 'domain', value: registrable, severity: 'warn' },
  ];
}

/**
 * The entries a report's sighting contributes. Only roles that say the value *is* the bad thing
 * (the phishing URL, the landing domain, the sender); `mentioned` values and victims' data never.
 */
export function entriesOfSighting(type: string, value: string, role: string): ListEntry[] {
  if (type === 'url') {
    const severity = URL_ROLES[role];
    return severity ? [{ kind: 'url', value, severity }] : [];
  }
  if (type === 'domain') {
    const severity = HOST_ROLES[role];
    return severity ? hostEntries(value, severity) : [];
  }
  if (type === 'phone') {
    const severity = PHONE_ROLES[role];
    return severity ? [{ kind: 'phone', value, severity }] : [];
  }
  return [];
}

/** The roles the index reads from sightings (SQL filter). */
export const LISTED_ROLES: readonly string[] = [
  ...Object.keys(URL_ROLES),
  ...Object.keys(HOST_ROLES),
  ...Object.keys(PHONE_ROLES),
];

/** The entries of a flagged indicator (crime infrastructure): always block. */
export function entriesOfFlag(type: string, value: string): ListEntry[] {
  if (type === 'url') return [{ kind: 'url', value, severity: 'block' }];
  if (type === 'domain') return hostEntries(value, 'block');
  if (type === 'phone' || type === 'sms_sender') return [{ kind: 'phone', value, severity: 'block' }];
  return [];
}

function firstVisible(
  hits: readonly Hit[] | undefined,
  audiences: AudienceTable,
  viewer: Viewer,
): Hit | undefined {
  if (hits === undefined) return undefined;
  for (const h of hits) if (audiences.allows(h.audience, viewer)) return h;
  return undefined;
}

export interface ViewerFilters {
  brands: BrandIndex;
  benignDomains?: ReadonlySet<string> | undefined;
}

/**
 * One caller's view of the lists: a hit counts only when its audience admits the caller. Host-level
 * hits are ignored on official brand domains and well-known benign domains (exact URLs still count).
 */
export class ViewerLists implements UrlLists {
  constructor(
    private readonly stores: readonly ListStore[],
    private readonly audiences: AudienceTable,
    private readonly viewer: Viewer,
    private readonly filters: ViewerFilters,
  ) {}

  matchUrl(parts: UrlParts): ListHit | undefined {
    let best: ListHit | undefined;
    const consider = (kind: EntryKind, value: string, match: ListHit['match']): boolean => {
      for (const store of this.stores) {
        const h = firstVisible(store.get(kind, value), this.audiences, this.viewer);
        if (h === undefined) continue;
        if (best === undefined || (best.severity === 'warn' && h.severity === 'block'))
          best = { list: h.list, severity: h.severity, match };
        if (best.severity === 'block') return true;
      }
      return false;
    };
    if (parts.url !== null && consider('url', parts.url, 'url')) return best;
    if (parts.host === '') return best;
    const reg = parts.registrableDomain;
    if (reg !== null && this.filters.benignDomains?.has(reg) === true && parts.privateSuffix === null)
      return best;
    if (this.filters.brands.officialBrandOf(parts.host) !== undefined) return best;
    if (consider('host', parts.host, 'host')) return best;
    let h = parts.host;
    for (;;) {
      if (consider('domain', h, 'domain')) return best;
      if (reg === null || h === reg) break;
      const dot = h.indexOf('.');
      if (dot < 0) break;
      h = h.slice(dot + 1);
    }
    return best;
  }
}

/** One caller's view of the flagged and reported phone numbers and sender ids. */
export class ViewerNumbers implements ReadonlyMap<string, ListHit> {
  constructor(
    private readonly stores: readonly ListStore[],
    private readonly audiences: AudienceTable,
    private readonly viewer: Viewer,
  ) {}

  get(key: string): ListHit | undefined {
    let best: Hit | undefined;
    for (const store of this.stores) {
      const h = firstVisible(store.get('phone', key), this.audiences, this.viewer);
      if (h !== undefined && (best === undefined || (best.severity === 'warn' && h.severity === 'block')))
        best = h;
    }
    return best === undefined ? undefined : { list: best.list, severity: best.severity, match: 'host' };
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  // The checks only call get(); the rest completes the interface (not on any hot path).
  private visible(): Map<string, ListHit> {
    const out = new Map<string, ListHit>();
    for (const store of this.stores)
      for (const [k] of store.entries('phone')) {
        const hit = this.get(k);
        if (hit) out.set(k, hit);
      }
    return out;
  }

  get size(): number {
    return this.visible().size;
  }
  forEach(fn: (value: ListHit, key: string, map: ReadonlyMap<string, ListHit>) => void): void {
    for (const [k, v] of this.visible()) fn(v, k, this);
  }
  entries(): MapIterator<[string, ListHit]> {
    return this.visible().entries();
  }
  keys(): MapIterator<string> {
    return this.visible().keys();
  }
  values(): MapIterator<ListHit> {
    return this.visible().values();
  }
  [Symbol.iterator](): MapIterator<[string, ListHit]> {
    return this.entries();
  }
}
