import { parse } from 'tldts';
import type { IndicatorType } from '../indicators/types.js';

/**
 * Which indicators link reports, and under which key (ADR 0005). Pure: the processor feeds it the
 * sightings of a report and an optional benign-value test (warninglists).
 */
export interface SightingFact {
  type: string;
  value: string;
  role: string;
}

export type KeyKind = 'exact' | 'regdomain' | 'ip';

export interface LinkKey {
  key: string;
  kind: KeyKind;
  role: string;
}

export interface KeyOptions {
  /** True for values that must never link (warninglists: public DNS, CDNs, top domains …). */
  isBenign?: (type: string, value: string) => boolean;
}

const EXACT_TYPES: ReadonlySet<string> = new Set<IndicatorType>([
  'url',
  'domain',
  'phone',
  'email',
  'btc',
  'eth',
  'bank_account',
  'device_fingerprint',
  'md5',
  'sha1',
  'sha256',
]);

/**
 * Registrable domains that many unrelated parties share even when no warninglist is loaded:
 * URL shorteners and redirectors. Shared hosting under private suffixes (github.io, web.app,
 * pages.dev …) is recognized through the public suffix list instead.
 */
const SHARED_REGISTRABLE = new Set([
  'bit.ly',
  'bitly.com',
  't.co',
  'tinyurl.com',
  'goo.gl',
  'ow.ly',
  'is.gd',
  'buff.ly',
  'cutt.ly',
  'rb.gy',
  'x.gd',
  't.ly',
  'shorturl.at',
  'rebrand.ly',
  'tiny.cc',
  'lin.ee',
  'amzn.to',
  'qr.paps.jp',
  'onl.bz',
  'v.gd',
]);

/** Resolvers everybody queries: seeing one in two reports says nothing about a common actor. */
const PUBLIC_DNS = new Set([
  '8.8.8.8',
  '8.8.4.4',
  '1.1.1.1',
  '1.0.0.1',
  '9.9.9.9',
  '149.112.112.112',
  '208.67.222.222',
  '208.67.220.220',
  '2001:4860:4860::8888',
  '2001:4860:4860::8844',
  '2606:4700:4700::1111',
  '2606:4700:4700::1001',
]);

/** The registrable domain to link on, or null when the host sits on shared infrastructure. */
export function linkingRegistrableDomain(host: string): string | null {
  // One parse: with private suffixes allowed, a host under one (e.g. foo.github.io) reports it, and
  // its ICANN registrable domain belongs to a hosting provider.
  const parsed = parse(host, { allowPrivateDomains: true, extractHostname: false });
  if (!parsed.domain || parsed.isPrivate || parsed.isIp) return null;
  if (SHARED_REGISTRABLE.has(parsed.domain)) return null;
  return parsed.domain;
}

function hostOfUrl(url: string): string | null {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#:]+|\[[^\]]+\])/i.exec(url);
  return match?.[1]?.toLowerCase() ?? null;
}

/**
 * The linking keys a report's sightings could contribute, deduplicated, each with the role it first
 * appeared in — before any benign-value test, so they can be computed once at intake and stored.
 */
export function candidateKeysOf(sightings: readonly SightingFact[]): LinkKey[] {
  const keys = new Map<string, LinkKey>();
  const add = (key: string, kind: KeyKind, role: string) => {
    if (!keys.has(key)) keys.set(key, { key, kind, role });
  };
  for (const s of sightings) {
    if (s.type === 'ipv4' || s.type === 'ipv6') {
      if (!PUBLIC_DNS.has(s.value)) add(`ip:${s.value}`, 'ip', s.role);
      continue;
    }
    if (!EXACT_TYPES.has(s.type)) continue;
    if (s.type === 'domain' && SHARED_REGISTRABLE.has(s.value)) continue;
    add(`${s.type}:${s.value}`, 'exact', s.role);
    const host = s.type === 'domain' ? s.value : s.type === 'url' ? hostOfUrl(s.value) : null;
    const registrable = host ? linkingRegistrableDomain(host) : null;
    if (registrable) add(`regdomain:${registrable}`, 'regdomain', s.role);
  }
  return [...keys.values()];
}

/** The indicator type and value a key stands for, as the benign-value test wants them. */
export function keyValue(key: LinkKey): { type: string; value: string } {
  const value = key.key.slice(key.key.indexOf(':') + 1);
  if (key.kind === 'regdomain') return { type: 'domain', value };
  if (key.kind === 'ip') return { type: value.includes(':') ? 'ipv6' : 'ipv4', value };
  return { type: key.key.slice(0, key.key.indexOf(':')), value };
}

/** Drops keys whose value is benign (warninglists); applied at correlation time, as lists change. */
export function withoutBenign(keys: LinkKey[], isBenign?: KeyOptions['isBenign']): LinkKey[] {
  if (!isBenign) return keys;
  return keys.filter((k) => {
    const { type, value } = keyValue(k);
    return !isBenign(type, value);
  });
}

/** The linking keys of one report, deduplicated, each with the role it first appeared in. */
export function linkKeysOf(sightings: readonly SightingFact[], options: KeyOptions = {}): LinkKey[] {
  return withoutBenign(candidateKeysOf(sightings), options.isBenign);
}

const FIELD = '\u001f';
const RECORD = '\u001e';

/**
 * Compact storage form of candidate keys: `key␟role␞key␟role` with the ASCII unit and record
 * separators (splitting it is several times cheaper than JSON.parse on the correlator's hot path).
 * Normalized values never hold control characters; should one ever, the JSON form `[[key, role]…]`
 * is written instead, and both forms are read.
 */
export function encodeLinkKeys(keys: readonly LinkKey[]): string {
  const unsafe = keys.some((k) => /[\u001e\u001f]/.test(k.key + k.role) || (k.key + k.role).startsWith('['));
  if (unsafe) return JSON.stringify(keys.map((k) => [k.key, k.role]));
  return keys.map((k) => `${k.key}${FIELD}${k.role}`).join(RECORD);
}

function kindOf(key: string): KeyKind {
  return key.startsWith('regdomain:') ? 'regdomain' : key.startsWith('ip:') ? 'ip' : 'exact';
}

/** Reads the stored form back; null when the text is not what encodeLinkKeys writes. */
export function decodeLinkKeys(text: string): LinkKey[] | null {
  if (text.startsWith('[')) return decodeJsonLinkKeys(text);
  if (text === '') return [];
  const out: LinkKey[] = [];
  for (const record of text.split(RECORD)) {
    const cut = record.indexOf(FIELD);
    if (cut <= 0) return null;
    const key = record.slice(0, cut);
    out.push({ key, kind: kindOf(key), role: record.slice(cut + 1) });
  }
  return out;
}

function decodeJsonLinkKeys(text: string): LinkKey[] | null {
  try {
    const parsed: unknown = JSON.parse(text);
    if (!Array.isArray(parsed)) return null;
    const out: LinkKey[] = [];
    for (const entry of parsed) {
      if (!Array.isArray(entry) || typeof entry[0] !== 'string' || typeof entry[1] !== 'string') return null;
      out.push({ key: entry[0], kind: kindOf(entry[0]), role: entry[1] });
    }
    return out;
  } catch {
    return null;
  }
}

/** IP addresses change hands: two sightings link only when they are this close in time. */
export const IP_LINK_WINDOW_MS = 14 * 24 * 3600 * 1000;

/** A value seen in more reports than this stops linking (it stays searchable). */
export const DEFAULT_CORRELATION_CAP = 100;
