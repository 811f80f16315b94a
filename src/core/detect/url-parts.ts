/**
 * A URL split into the parts the checks look at. Built from the canonical URL the indicator
 * normalizer produces, so every check sees the same host (lowercase, punycode) and path.
 */
import { domainToUnicode } from 'node:url';
import { parse } from 'tldts';
import { normalizeDomain, normalizeUrl } from '../indicators/index.js';

export interface UrlParts {
  /** Canonical URL (no fragment, default port removed), or `null` for a bare domain check. */
  url: string | null;
  scheme: string;
  host: string;
  hostUnicode: string;
  hostIsIp: boolean;
  port: string;
  /** Path with its leading slash, without query. */
  path: string;
  query: string;
  /** ICANN registrable domain (`example.co.jp`), null for IPs and unknown suffixes. */
  registrableDomain: string | null;
  publicSuffix: string | null;
  /** Private PSL suffix the host sits under (`duckdns.org`, `github.io`), when there is one. */
  privateSuffix: string | null;
  /** Found in text as a bare name (no scheme, no path): weaker evidence of a link. */
  bare?: boolean;
}

const PRIVATE_OPTIONS = {
  allowPrivateDomains: true,
  extractHostname: false,
  detectIp: false,
  validateHostname: false,
  mixedInputs: false,
} as const;

function privateSuffixOf(host: string): string | null {
  const r = parse(host, PRIVATE_OPTIONS);
  return r.isPrivate === true && r.publicSuffix !== null ? r.publicSuffix : null;
}

/**
 * Splits a canonical URL (as returned by normalizeUrl) into parts; never throws. `fresh`: the
 * attributes come from this version's normalizer, which records `privateSuffix` when there is one,
 * so its absence means none (stored attributes of older versions are walked again).
 */
export function partsFromCanonicalUrl(url: string, attrs: Record<string, unknown>, fresh = false): UrlParts {
  const host = String(attrs.host ?? '');
  const schemeEnd = url.indexOf('://');
  const afterHost = url.indexOf('/', schemeEnd + 3);
  const rest = afterHost < 0 ? '/' : url.slice(afterHost);
  const q = rest.indexOf('?');
  const authority = url.slice(schemeEnd + 3, afterHost < 0 ? url.length : afterHost);
  const portAt = authority.lastIndexOf(':');
  const port = portAt > authority.lastIndexOf(']') && portAt >= 0 ? authority.slice(portAt + 1) : '';
  const hostIsIp = attrs.hostIsIp === true;
  return {
    url,
    scheme: String(attrs.scheme ?? url.slice(0, schemeEnd)),
    host,
    hostUnicode: String(attrs.hostUnicode ?? host),
    hostIsIp,
    port,
    path: q < 0 ? rest : rest.slice(0, q),
    query: q < 0 ? '' : rest.slice(q + 1),
    registrableDomain: typeof attrs.registrableDomain === 'string' ? attrs.registrableDomain : null,
    publicSuffix: typeof attrs.publicSuffix === 'string' ? attrs.publicSuffix : null,
    privateSuffix: hostIsIp
      ? null
      : typeof attrs.privateSuffix === 'string'
        ? attrs.privateSuffix
        : fresh
          ? null
          : privateSuffixOf(host),
  };
}

export type PartsResult = { ok: true; parts: UrlParts } | { ok: false; reason: string };

/** Parses user input as a URL (refanged, full-width folded); the reason says why not. */
export function urlParts(raw: string): PartsResult {
  const r = normalizeUrl(raw);
  if (!r.ok) return r;
  return { ok: true, parts: partsFromCanonicalUrl(r.indicator.value, r.indicator.attributes, true) };
}

/** Parses user input as a domain name; a URL is accepted and reduced to its host. */
export function domainParts(raw: string): PartsResult {
  const d = normalizeDomain(raw);
  if (!d.ok) {
    const u = urlParts(raw);
    if (!u.ok) return d;
    return { ok: true, parts: { ...u.parts, url: null, path: '/', query: '' } };
  }
  const host = d.indicator.value;
  const a = d.indicator.attributes;
  return {
    ok: true,
    parts: {
      url: null,
      scheme: 'https',
      host,
      hostUnicode: host.includes('xn--') ? domainToUnicode(host) || host : host,
      hostIsIp: false,
      port: '',
      path: '/',
      query: '',
      registrableDomain: typeof a.registrableDomain === 'string' ? a.registrableDomain : null,
      publicSuffix: typeof a.publicSuffix === 'string' ? a.publicSuffix : null,
      privateSuffix: privateSuffixOf(host),
    },
  };
}
