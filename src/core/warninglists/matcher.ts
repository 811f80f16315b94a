/**
 * WarninglistIndex: answers "is this indicator on a warninglist?" for many lists at once.
 *
 * - string / hostname entries of all lists share one hash map each (key → postings);
 *   a hostname is looked up once per label suffix (`a.b.example.com`, `b.example.com`, …).
 * - cidr entries: one merged, sorted union of all ranges per IP version is the fast negative
 *   check (binary search); only on a hit are the lists' own sorted ranges searched to name the entry.
 * - substring and regex entries are scanned linearly (such lists are expected to be small).
 *
 * Every posting carries a bitmask of the indicator types its list applies to, so
 * `matching_attributes` filtering costs one AND per candidate.
 */
import { INDICATOR_TYPES, type Indicator, type IndicatorType } from '../indicators/types.js';
import {
  compileRegexEntry,
  type IpRange,
  lastAtMost,
  MAX_REGEX_INPUT,
  mergeRanges,
  normalizeHostnameEntry,
  parseCidr,
  parseIp,
  resolveAppliesTo,
} from './entries.js';
import type { Warninglist, WarninglistHit, WarninglistType } from './types.js';

const TYPE_BIT: Record<string, number> = Object.create(null);
INDICATOR_TYPES.forEach((t, i) => {
  TYPE_BIT[t] = 1 << i;
});

interface Posting {
  mask: number;
  hit: WarninglistHit;
}

type Postings = Posting | Posting[];

function addPosting(map: Map<string, Postings>, key: string, p: Posting): void {
  const cur = map.get(key);
  if (cur === undefined) map.set(key, p);
  else if (Array.isArray(cur)) cur.push(p);
  else map.set(key, [cur, p]);
}

function collect(p: Postings | undefined, bit: number, out: WarninglistHit[]): void {
  if (p === undefined) return;
  if (Array.isArray(p)) {
    for (const q of p) if ((q.mask & bit) !== 0) out.push(q.hit);
  } else if ((p.mask & bit) !== 0) out.push(p.hit);
}

/**
 * Ranges of one list and one IP version, sorted by start, with a running maximum of `end`:
 * the entry with the largest end among those starting at or before `x` contains `x` iff any does.
 */
class ListRanges<T extends number | bigint> {
  readonly starts: T[] = [];
  readonly maxEnd: T[] = [];
  readonly maxEndHit: WarninglistHit[] = [];

  constructor(
    readonly mask: number,
    ranges: { start: T; end: T; hit: WarninglistHit }[],
  ) {
    ranges.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
    for (const r of ranges) {
      const i = this.starts.length;
      this.starts.push(r.start);
      if (i > 0 && this.maxEnd[i - 1]! >= r.end) {
        this.maxEnd.push(this.maxEnd[i - 1]!);
        this.maxEndHit.push(this.maxEndHit[i - 1]!);
      } else {
        this.maxEnd.push(r.end);
        this.maxEndHit.push(r.hit);
      }
    }
  }

  /** The entry containing the whole range [start, end], if any. */
  find(start: T, end: T): WarninglistHit | undefined {
    const i = lastAtMost(this.starts, start);
    return i >= 0 && this.maxEnd[i]! >= end ? this.maxEndHit[i] : undefined;
  }
}

/** All cidr lists of one IP version: the merged union plus each list's own ranges. */
class RangeIndex<T extends number | bigint> {
  readonly unionStarts: T[];
  readonly unionEnds: T[];
  readonly lists: ListRanges<T>[];
  readonly mask: number;

  constructor(perList: { mask: number; ranges: { start: T; end: T; hit: WarninglistHit }[] }[], one: T) {
    const all = perList.flatMap((l) => l.ranges);
    const merged = mergeRanges(all, one);
    this.unionStarts = merged.starts;
    this.unionEnds = merged.ends;
    this.lists = perList.filter((l) => l.ranges.length > 0).map((l) => new ListRanges(l.mask, l.ranges));
    this.mask = this.lists.reduce((m, l) => m | l.mask, 0);
  }

  match(start: T, end: T, bit: number, out: WarninglistHit[]): void {
    if ((this.mask & bit) === 0) return;
    const i = lastAtMost(this.unionStarts, start);
    if (i < 0 || this.unionEnds[i]! < end) return;
    for (const l of this.lists) {
      if ((l.mask & bit) === 0) continue;
      const hit = l.find(start, end);
      if (hit !== undefined) out.push(hit);
    }
  }
}

interface LinearEntry<P> {
  mask: number;
  pattern: P;
  hit: WarninglistHit;
}

export interface WarninglistIndexStats {
  lists: number;
  entries: number;
  stringKeys: number;
  hostnameKeys: number;
  ipv4Ranges: number;
  ipv6Ranges: number;
  substrings: number;
  regexes: number;
}

/** The host part of a URL value, for URL indicators built without `attributes.host`. */
function hostFromUrl(url: string): string {
  let s = url;
  const scheme = s.indexOf('://');
  if (scheme >= 0) s = s.slice(scheme + 3);
  const endPath = s.search(/[/?#]/);
  if (endPath >= 0) s = s.slice(0, endPath);
  const at = s.lastIndexOf('@');
  if (at >= 0) s = s.slice(at + 1);
  if (s.startsWith('[')) {
    const close = s.indexOf(']');
    return close > 0 ? s.slice(1, close) : s;
  }
  const colon = s.indexOf(':');
  return colon >= 0 ? s.slice(0, colon) : s;
}

function attr(ind: Indicator, name: string): string | undefined {
  const a = ind.attributes;
  if (a === null || typeof a !== 'object') return undefined;
  const v = a[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

export class WarninglistIndex {
  private readonly strings = new Map<string, Postings>();
  private readonly hostnames = new Map<string, Postings>();
  private readonly v4: RangeIndex<number>;
  private readonly v6: RangeIndex<bigint>;
  private readonly substrings: LinearEntry<string>[] = [];
  private readonly regexes: LinearEntry<RegExp>[] = [];
  /** Per list kind, the OR of the type masks of the lists of that kind. */
  private readonly kindMask: Record<WarninglistType, number> = {
    string: 0,
    substring: 0,
    hostname: 0,
    cidr: 0,
    regex: 0,
  };
  private readonly entryCount: number;
  readonly listNames: readonly string[];

  constructor(lists: readonly Warninglist[]) {
    const v4: { mask: number; ranges: { start: number; end: number; hit: WarninglistHit }[] }[] = [];
    const v6: { mask: number; ranges: { start: bigint; end: bigint; hit: WarninglistHit }[] }[] = [];
    let entries = 0;
    for (const wl of lists) {
      const appliesTo: readonly IndicatorType[] =
        wl.appliesTo ?? resolveAppliesTo(wl.type, wl.matchingAttributes ?? null).appliesTo;
      let mask = 0;
      for (const t of appliesTo) mask |= TYPE_BIT[t] ?? 0;
      if (mask === 0) continue;
      this.kindMask[wl.type] |= mask;
      const hitOf = (entry: string): WarninglistHit => Object.freeze({ list: wl.name, type: wl.type, entry });
      const seen = new Set<string>();
      const r4: { start: number; end: number; hit: WarninglistHit }[] = [];
      const r6: { start: bigint; end: bigint; hit: WarninglistHit }[] = [];
      for (const raw of wl.list) {
        const entry = raw.trim();
        switch (wl.type) {
          case 'string': {
            const key = entry.toLowerCase();
            if (key === '' || seen.has(key)) continue;
            seen.add(key);
            addPosting(this.strings, key, { mask, hit: hitOf(entry) });
            break;
          }
          case 'hostname': {
            const key = normalizeHostnameEntry(entry);
            if (key === null || seen.has(key)) continue;
            seen.add(key);
            addPosting(this.hostnames, key, { mask, hit: hitOf(entry) });
            break;
          }
          case 'cidr': {
            const r: IpRange | null = parseCidr(entry);
            if (r === null) continue;
            if (r.version === 4) r4.push({ start: r.start, end: r.end, hit: hitOf(entry) });
            else r6.push({ start: r.start, end: r.end, hit: hitOf(entry) });
            break;
          }
          case 'substring': {
            const key = entry.toLowerCase();
            if (key === '' || seen.has(key)) continue;
            seen.add(key);
            this.substrings.push({ mask, pattern: key, hit: hitOf(entry) });
            break;
          }
          case 'regex': {
            const c = compileRegexEntry(entry);
            if (!c.ok) continue;
            this.regexes.push({ mask, pattern: c.re, hit: hitOf(entry) });
            break;
          }
        }
        entries++;
      }
      if (r4.length > 0) v4.push({ mask, ranges: r4 });
      if (r6.length > 0) v6.push({ mask, ranges: r6 });
    }
    this.v4 = new RangeIndex(v4, 1);
    this.v6 = new RangeIndex(v6, 1n);
    this.entryCount = entries;
    this.listNames = lists.map((l) => l.name);
  }

  stats(): WarninglistIndexStats {
    return {
      lists: this.listNames.length,
      entries: this.entryCount,
      stringKeys: this.strings.size,
      hostnameKeys: this.hostnames.size,
      ipv4Ranges: this.v4.unionStarts.length,
      ipv6Ranges: this.v6.unionStarts.length,
      substrings: this.substrings.length,
      regexes: this.regexes.length,
    };
  }

  /** Every warninglist entry the indicator hits (empty when none). Never throws on malformed input. */
  match(indicator: Indicator): WarninglistHit[] {
    const out: WarninglistHit[] = [];
    if (indicator === null || typeof indicator !== 'object') return out;
    const { type, value } = indicator;
    const bit = typeof type === 'string' ? (TYPE_BIT[type] ?? 0) : 0;
    if (bit === 0 || typeof value !== 'string' || value === '') return out;

    // Derive the host (for hostname lists) or the IP range (for cidr lists).
    let host: string | undefined;
    let ip: IpRange | null = null;
    switch (type) {
      case 'domain':
        host = value;
        break;
      case 'url': {
        const h = attr(indicator, 'host') ?? hostFromUrl(value);
        if (h.includes(':') || /^[\d.]+$/.test(h)) ip = parseIp(h);
        if (ip === null) host = h;
        break;
      }
      case 'email': {
        host = attr(indicator, 'domain') ?? value.slice(value.lastIndexOf('@') + 1);
        break;
      }
      case 'ipv4':
      case 'ipv6':
        ip = parseIp(value);
        break;
      case 'cidr':
        ip = parseCidr(value);
        break;
    }

    const km = this.kindMask;
    if ((km.string & bit) !== 0) {
      const lower = value.toLowerCase();
      collect(this.strings.get(lower), bit, out);
      if (type === 'url' && host !== undefined) {
        const h = host.toLowerCase();
        if (h !== lower) collect(this.strings.get(h), bit, out);
      }
    }
    if (host !== undefined && (km.hostname & bit) !== 0) {
      let h = host.toLowerCase();
      if (h.endsWith('.')) h = h.slice(0, -1);
      let from = 0;
      while (from < h.length) {
        collect(this.hostnames.get(from === 0 ? h : h.slice(from)), bit, out);
        const dot = h.indexOf('.', from);
        if (dot < 0) break;
        from = dot + 1;
      }
    }
    if (ip !== null && (km.cidr & bit) !== 0) {
      if (ip.version === 4) this.v4.match(ip.start, ip.end, bit, out);
      else this.v6.match(ip.start, ip.end, bit, out);
    }
    if ((km.substring & bit) !== 0) {
      const lower = value.toLowerCase();
      for (const s of this.substrings) {
        if ((s.mask & bit) !== 0 && lower.includes(s.pattern)) out.push(s.hit);
      }
    }
    if ((km.regex & bit) !== 0) {
      const subject = value.length <= MAX_REGEX_INPUT ? value : undefined;
      const urlHost =
        type === 'url' && host !== undefined && host.length <= MAX_REGEX_INPUT ? host : undefined;
      if (subject !== undefined || urlHost !== undefined) {
        for (const r of this.regexes) {
          if ((r.mask & bit) === 0) continue;
          if (
            (subject !== undefined && r.pattern.test(subject)) ||
            (urlHost !== undefined && r.pattern.test(urlHost))
          ) {
            out.push(r.hit);
          }
        }
      }
    }
    return out;
  }

  /** True when the indicator hits at least one list. */
  has(indicator: Indicator): boolean {
    return this.match(indicator).length > 0;
  }
}
