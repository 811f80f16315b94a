import { getDomain } from 'tldts';
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
  const icann = getDomain(host, { allowPrivateDomains: false });
  if (!icann) return null;
  // Under a private suffix (e.g. foo.github.io) the ICANN registrable domain belongs to a hosting provider.
  const withPrivate = getDomain(host, { allowPrivateDomains: true });
  if (withPrivate !== icann) return null;
  if (SHARED_REGISTRABLE.has(icann)) return null;
  return icann;
}

function hostOfUrl(url: string): string | null {
  const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#:]+|\[[^\]]+\])/i.exec(url);
  return match?.[1]?.toLowerCase() ?? null;
}

/** The linking keys of one report, deduplicated, each with the role it first appeared in. */
export function linkKeysOf(sightings: readonly SightingFact[], options: KeyOptions = {}): LinkKey[] {
  const keys = new Map<string, LinkKey>();
  const add = (key: string, kind: KeyKind, role: string) => {
    if (!keys.has(key)) keys.set(key, { key, kind, role });
  };
  for (const s of sightings) {
    if (options.isBenign?.(s.type, s.value)) continue;
    if (s.type === 'ipv4' || s.type === 'ipv6') {
      if (!PUBLIC_DNS.has(s.value)) add(`ip:${s.value}`, 'ip', s.role);
      continue;
    }
    if (!EXACT_TYPES.has(s.type)) continue;
    if (s.type === 'domain' && SHARED_REGISTRABLE.has(s.value)) continue;
    add(`${s.type}:${s.value}`, 'exact', s.role);
    const host = s.type === 'domain' ? s.value : s.type === 'url' ? hostOfUrl(s.value) : null;
    const registrable = host ? linkingRegistrableDomain(host) : null;
    if (registrable && !options.isBenign?.('domain', registrable))
      add(`regdomain:${registrable}`, 'regdomain', s.role);
  }
  return [...keys.values()];
}

/** IP addresses change hands: two sightings link only when they are this close in time. */
export const IP_LINK_WINDOW_MS = 14 * 24 * 3600 * 1000;

/** A value seen in more reports than this stops linking (it stays searchable). */
export const DEFAULT_CORRELATION_CAP = 100;
