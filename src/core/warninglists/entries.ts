/**
 * Entry-level helpers shared by the parser and the matcher: hostname normalization, CIDR ranges,
 * regex compilation and MISP attribute → indicator type mapping.
 */
import { domainToASCII } from 'node:url';
import { parseIPv4, parseIPv6 } from '../indicators/ip.js';
import { INDICATOR_TYPES, type IndicatorType } from '../indicators/types.js';
import type { WarninglistType } from './types.js';

export const MAX_REGEX_LENGTH = 500;
export const MAX_REGEX_INPUT = 2048;

// ---------------------------------------------------------------------------------------------
// MISP attribute types → Koban indicator types

const IP_TYPES: IndicatorType[] = ['ipv4', 'ipv6', 'cidr'];

export const MISP_ATTRIBUTE_MAP: Readonly<Record<string, readonly IndicatorType[]>> = {
  domain: ['domain', 'url'],
  hostname: ['domain', 'url'],
  'domain|ip': ['domain', 'url', ...IP_TYPES],
  'hostname|port': ['domain'],
  'ip-src': IP_TYPES,
  'ip-dst': IP_TYPES,
  'ip-src|port': IP_TYPES,
  'ip-dst|port': IP_TYPES,
  url: ['url'],
  uri: ['url'],
  link: ['url'],
  email: ['email'],
  'email-src': ['email'],
  'email-dst': ['email'],
  md5: ['md5'],
  sha1: ['sha1'],
  sha256: ['sha256'],
  btc: ['btc'],
  'phone-number': ['phone'],
};

const DEFAULT_APPLIES: Record<WarninglistType, readonly IndicatorType[]> = {
  cidr: ['ipv4', 'ipv6', 'cidr', 'url'],
  hostname: ['domain', 'url', 'email'],
  string: INDICATOR_TYPES,
  substring: INDICATOR_TYPES,
  regex: INDICATOR_TYPES,
};

/** Indicator types a list applies to; unknown MISP attribute types are returned separately. */
export function resolveAppliesTo(
  type: WarninglistType,
  matchingAttributes: readonly string[] | null,
): { appliesTo: IndicatorType[]; unknown: string[] } {
  if (matchingAttributes === null) {
    const defaults = DEFAULT_APPLIES[type];
    return { appliesTo: INDICATOR_TYPES.filter((t) => defaults.includes(t)), unknown: [] };
  }
  const set = new Set<IndicatorType>();
  const unknown: string[] = [];
  for (const attr of matchingAttributes) {
    const mapped = Object.hasOwn(MISP_ATTRIBUTE_MAP, attr) ? MISP_ATTRIBUTE_MAP[attr] : undefined;
    if (mapped === undefined) unknown.push(attr);
    else for (const t of mapped) set.add(t);
  }
  return { appliesTo: INDICATOR_TYPES.filter((t) => set.has(t)), unknown };
}

// ---------------------------------------------------------------------------------------------
// hostname entries

const HOST_RE = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/;

/** `*.Example.COM.` / `.example.com` → `example.com`; null when the entry is not a hostname. */
export function normalizeHostnameEntry(entry: string): string | null {
  let h = entry.trim().toLowerCase();
  if (h.startsWith('*.')) h = h.slice(2);
  else if (h.startsWith('.')) h = h.slice(1);
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (h.length === 0 || h.length > 253) return null;
  if (!HOST_RE.test(h)) {
    // Unicode hostnames are stored in punycode, like Koban's domain indicators.
    if (/^[\x00-\x7f]*$/.test(h)) return null;
    const ascii = domainToASCII(h);
    return ascii !== '' && HOST_RE.test(ascii) ? ascii : null;
  }
  return h;
}

// ---------------------------------------------------------------------------------------------
// IP addresses and CIDR ranges

export type V4Range = { version: 4; start: number; end: number };
export type V6Range = { version: 6; start: bigint; end: bigint };
export type IpRange = V4Range | V6Range;

export function ipv6ToBigInt(groups: readonly number[]): bigint {
  const hi = (BigInt(groups[0]! * 65536 + groups[1]!) << 32n) | BigInt(groups[2]! * 65536 + groups[3]!);
  const lo = (BigInt(groups[4]! * 65536 + groups[5]!) << 32n) | BigInt(groups[6]! * 65536 + groups[7]!);
  return (hi << 64n) | lo;
}

/** Parses an IP address (no prefix) into a single-address range, or null. */
export function parseIp(text: string): IpRange | null {
  if (text.includes(':')) {
    if (text.includes('%')) return null;
    const g = parseIPv6(text);
    if (g === null) return null;
    const v = ipv6ToBigInt(g);
    return { version: 6, start: v, end: v };
  }
  const v = parseIPv4(text);
  return v < 0 ? null : { version: 4, start: v, end: v };
}

/**
 * Parses `addr` or `addr/len` into an inclusive range. Host bits below the prefix are ignored
 * (`10.1.2.3/8` is `10.0.0.0/8`). Returns null for anything else.
 */
export function parseCidr(text: string): IpRange | null {
  const t = text.trim();
  const slash = t.indexOf('/');
  if (slash < 0) return parseIp(t);
  const lenText = t.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lenText)) return null;
  const len = Number(lenText);
  const addr = parseIp(t.slice(0, slash));
  if (addr === null) return null;
  if (addr.version === 4) {
    if (len > 32) return null;
    const size = 2 ** (32 - len);
    const start = Math.floor(addr.start / size) * size;
    return { version: 4, start, end: start + size - 1 };
  }
  if (len > 128) return null;
  const size = 1n << BigInt(128 - len);
  const start = addr.start - (addr.start % size);
  return { version: 6, start, end: start + size - 1n };
}

/**
 * Sorts ranges and merges overlapping and adjacent ones (`[1,2]` + `[3,5]` → `[1,5]`).
 * Returns parallel `starts` / `ends` arrays, sorted and disjoint.
 */
export function mergeRanges<T extends number | bigint>(
  ranges: readonly { start: T; end: T }[],
  one: T,
): { starts: T[]; ends: T[] } {
  const sorted = [...ranges].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const starts: T[] = [];
  const ends: T[] = [];
  for (const r of sorted) {
    const last = ends.length - 1;
    // `end + one` is computed in the range's own numeric type (number or bigint).
    if (last >= 0 && r.start <= (ends[last]! as number) + (one as number)) {
      if (r.end > ends[last]!) ends[last] = r.end;
    } else {
      starts.push(r.start);
      ends.push(r.end);
    }
  }
  return { starts, ends };
}

/** Index of the last element `<= x` in an ascending array, or -1. */
export function lastAtMost<T extends number | bigint>(arr: readonly T[], x: T): number {
  let lo = 0;
  let hi = arr.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! <= x) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// regex entries

const PHP_DELIMITED = /^\/(.*)\/([a-zA-Z]*)$/s;

/**
 * Compiles a MISP regex entry. Entries are PCRE with delimiters (`/^foo\.example$/i`); a bare
 * pattern is compiled as is. Flags i, m, s, u are kept; g and y are dropped (they make `test`
 * stateful); any other flag is refused.
 */
export function compileRegexEntry(entry: string): { ok: true; re: RegExp } | { ok: false; reason: string } {
  if (entry.length > MAX_REGEX_LENGTH)
    return { ok: false, reason: `longer than ${MAX_REGEX_LENGTH} characters` };
  let source = entry;
  let flags = '';
  const m = PHP_DELIMITED.exec(entry);
  if (m !== null && entry.length > 1) {
    source = m[1]!;
    for (const f of m[2]!) {
      if ('imsu'.includes(f)) {
        if (!flags.includes(f)) flags += f;
      } else if (f !== 'g' && f !== 'y') return { ok: false, reason: `unsupported regex flag "${f}"` };
    }
  }
  try {
    return { ok: true, re: new RegExp(source, flags) };
  } catch (e) {
    return { ok: false, reason: `does not compile (${(e as Error).message})` };
  }
}
