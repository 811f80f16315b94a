/**
 * IPv4 / IPv6 / CIDR normalization. IPv6 is rendered in RFC 5952 canonical form; IPv4-mapped
 * IPv6 (::ffff:a.b.c.d) collapses to IPv4. CIDRs are reduced to their network address.
 */
import { fail, MAX_RAW_LENGTH, ok } from './result.js';
import { prepareText } from './text.js';
import type { NormalizeResult } from './types.js';

export type IpScope =
  | 'private'
  | 'loopback'
  | 'link_local'
  | 'multicast'
  | 'reserved'
  | 'cgnat'
  | 'documentation'
  | 'public';

/** Strict dotted quad (1–3 digits per octet, leading zeros tolerated) → uint32, or -1. */
export function parseIPv4(s: string): number {
  let value = 0;
  let octets = 0;
  let i = 0;
  const n = s.length;
  while (i <= n) {
    let digits = 0;
    let octet = 0;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      octet = octet * 10 + (c - 48);
      digits++;
      i++;
      if (digits > 3) return -1;
    }
    if (digits === 0 || octet > 255) return -1;
    value = value * 256 + octet;
    octets++;
    if (i === n) break;
    if (s.charCodeAt(i) !== 46 || octets === 4) return -1;
    i++;
  }
  return octets === 4 ? value : -1;
}

export function formatIPv4(v: number): string {
  return `${(v >>> 24) & 255}.${(v >>> 16) & 255}.${(v >>> 8) & 255}.${v & 255}`;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
}

/** Parses an IPv6 address (with optional embedded IPv4 tail) into 8 groups, or null. */
export function parseIPv6(s: string): number[] | null {
  const n = s.length;
  if (n < 2 || n > 45) return null;
  const groups: number[] = [];
  let gap = -1;
  let i = 0;
  if (s.charCodeAt(0) === 58) {
    if (s.charCodeAt(1) !== 58) return null;
    gap = 0;
    i = 2;
  }
  while (i < n) {
    let j = i;
    let v = 0;
    while (j < n && j - i < 5) {
      const h = hexValue(s.charCodeAt(j));
      if (h < 0) break;
      v = v * 16 + h;
      j++;
    }
    if (j === i) return null;
    if (j < n && s.charCodeAt(j) === 46) {
      const v4 = parseIPv4(s.slice(i));
      if (v4 < 0 || groups.length > 6) return null;
      groups.push(v4 >>> 16, v4 & 0xffff);
      break;
    }
    if (j - i > 4 || groups.length >= 8) return null;
    groups.push(v);
    if (j === n) break;
    if (s.charCodeAt(j) !== 58) return null;
    if (s.charCodeAt(j + 1) === 58) {
      if (gap >= 0) return null;
      gap = groups.length;
      j += 2;
    } else {
      j += 1;
      if (j === n) return null;
    }
    i = j;
  }
  if (gap >= 0) {
    if (groups.length > 7) return null;
    const zeros = new Array<number>(8 - groups.length).fill(0);
    groups.splice(gap, 0, ...zeros);
  }
  return groups.length === 8 ? groups : null;
}

/** RFC 5952: lowercase, no leading zeros, longest (first) run of ≥ 2 zero groups as `::`. */
export function formatIPv6(g: readonly number[]): string {
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (k: number): string => (g[k] as number).toString(16);
  if (bestStart < 0) return g.map((_, k) => hex(k)).join(':');
  const head = [];
  for (let k = 0; k < bestStart; k++) head.push(hex(k));
  const tail = [];
  for (let k = bestStart + bestLen; k < 8; k++) tail.push(hex(k));
  return `${head.join(':')}::${tail.join(':')}`;
}

function inV4(v: number, net: number, bits: number): boolean {
  return bits === 0 || v >>> (32 - bits) === net >>> (32 - bits);
}

export function ipv4Scope(v: number): IpScope {
  const a = v >>> 24;
  if (a === 10 || inV4(v, 0xac100000, 12) || inV4(v, 0xc0a80000, 16)) return 'private';
  if (a === 127) return 'loopback';
  if (inV4(v, 0xa9fe0000, 16)) return 'link_local';
  if (inV4(v, 0x64400000, 10)) return 'cgnat';
  if (inV4(v, 0xc0000200, 24) || inV4(v, 0xc6336400, 24) || inV4(v, 0xcb007100, 24)) return 'documentation';
  if (a >= 224 && a <= 239) return 'multicast';
  if (a === 0 || a >= 240 || inV4(v, 0xc0000000, 24) || inV4(v, 0xc6120000, 15) || inV4(v, 0xc0586300, 24)) {
    return 'reserved';
  }
  return 'public';
}

export function ipv6Scope(g: readonly number[]): IpScope {
  const g0 = g[0] as number;
  const g1 = g[1] as number;
  if (g.every((x) => x === 0)) return 'reserved';
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return 'loopback';
  if ((g0 & 0xfe00) === 0xfc00) return 'private';
  if ((g0 & 0xffc0) === 0xfe80) return 'link_local';
  if ((g0 & 0xffc0) === 0xfec0) return 'reserved';
  if ((g0 & 0xff00) === 0xff00) return 'multicast';
  if ((g0 === 0x2001 && g1 === 0x0db8) || (g0 & 0xfff0) === 0x3ff0) return 'documentation';
  if (g0 === 0x2001 && g1 < 0x0200) return 'reserved';
  if ((g0 & 0xe000) !== 0x2000) return 'reserved';
  return 'public';
}

function isMappedV4(g: readonly number[]): boolean {
  return g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff;
}

function cleanIpInput(raw: string): string | null {
  if (typeof raw !== 'string' || raw.length > MAX_RAW_LENGTH) return null;
  let s = raw.trim();
  if (s.length > 64) return s;
  s = prepareText(s).trim();
  if (s.charCodeAt(0) === 91 && s.charCodeAt(s.length - 1) === 93) s = s.slice(1, -1);
  return s;
}

function ipv4Result(v: number): NormalizeResult {
  return ok('ipv4', formatIPv4(v), { version: 4, scope: ipv4Scope(v) });
}

function ipv6Result(g: readonly number[]): NormalizeResult {
  return ok('ipv6', formatIPv6(g), { version: 6, scope: ipv6Scope(g) });
}

/** Normalizes an IPv4 or IPv6 address (canonical text, version and scope attributes). */
export function normalizeIp(raw: string): NormalizeResult {
  const s = cleanIpInput(raw);
  if (s === null || s.length === 0) return fail('empty IP address');
  if (s.length > 45) return fail('too long for an IP address');
  if (s.includes('/')) return fail('contains a prefix length; use cidr');
  if (s.includes('%')) return fail('IPv6 zone identifiers are not supported');
  const v4 = parseIPv4(s);
  if (v4 >= 0) return ipv4Result(v4);
  if (!s.includes(':')) {
    return /^[0-9.]+$/.test(s)
      ? fail('invalid IPv4 address (expected four octets 0-255)')
      : fail('not an IP address');
  }
  const g = parseIPv6(s);
  if (g === null) return fail('invalid IPv6 address');
  if (isMappedV4(g)) return ipv4Result((((g[6] as number) << 16) | (g[7] as number)) >>> 0);
  return ipv6Result(g);
}

/**
 * Normalizes a CIDR block to its network address (`10.1.2.3/8` → `10.0.0.0/8`).
 * `/32` (IPv4) and `/128` (IPv6) return plain ipv4 / ipv6 indicators.
 */
export function normalizeCidr(raw: string): NormalizeResult {
  const s = cleanIpInput(raw);
  if (s === null || s.length === 0) return fail('empty CIDR');
  const slash = s.indexOf('/');
  if (slash < 0) return fail('missing /prefix-length');
  const addr = s.slice(0, slash).trim();
  const lenText = s.slice(slash + 1).trim();
  if (!/^\d{1,3}$/.test(lenText)) return fail('invalid prefix length');
  let len = Number(lenText);
  const v4 = parseIPv4(addr);
  if (v4 >= 0) return cidr4(v4, len);
  const g = parseIPv6(addr);
  if (g === null) return fail('invalid network address');
  if (len > 128) return fail('IPv6 prefix length must be 0-128');
  if (isMappedV4(g) && len >= 96) {
    len -= 96;
    return cidr4((((g[6] as number) << 16) | (g[7] as number)) >>> 0, len);
  }
  if (len === 128) return ipv6Result(g);
  const net = g.map((x, k) => {
    const bits = Math.max(0, Math.min(16, len - k * 16));
    return bits === 0 ? 0 : x & ((0xffff << (16 - bits)) & 0xffff);
  });
  return ok('cidr', `${formatIPv6(net)}/${len}`, { version: 6, prefixLength: len, scope: ipv6Scope(net) });
}

function cidr4(v: number, len: number): NormalizeResult {
  if (len > 32) return fail('IPv4 prefix length must be 0-32');
  if (len === 32) return ipv4Result(v);
  const net = len === 0 ? 0 : (v & (0xffffffff << (32 - len))) >>> 0;
  return ok('cidr', `${formatIPv4(net)}/${len}`, { version: 4, prefixLength: len, scope: ipv4Scope(net) });
}

/** Indicator for an already-canonical host that is an IP literal (used by url/extract). */
export function ipFromHost(host: string): NormalizeResult | null {
  const v4 = parseIPv4(host);
  if (v4 >= 0) return ipv4Result(v4);
  if (!host.includes(':')) return null;
  const g = parseIPv6(host);
  if (g === null) return null;
  return isMappedV4(g) ? ipv4Result((((g[6] as number) << 16) | (g[7] as number)) >>> 0) : ipv6Result(g);
}
