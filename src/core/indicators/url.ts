/**
 * URL normalization on top of the WHATWG URL parser: refang, add a missing scheme for obvious
 * host/path inputs, lowercase + punycode host, strip default port / fragment / trailing host dot,
 * keep path and query byte-for-byte.
 */
import { domainToUnicode } from 'node:url';
import { hostLabelsProblem, toAsciiHost } from './domain.js';
import { parseIPv4, parseIPv6 } from './ip.js';
import { knownSuffix } from './psl.js';
import { fail, MAX_RAW_LENGTH } from './result.js';
import { prepareText } from './text.js';
import type { IndicatorAttributes, NormalizeResult } from './types.js';
import { makeIndicator } from './types.js';

const SCHEME_RE = /^([A-Za-z][A-Za-z0-9+.-]*):/;
const HOST_PORT_RE = /^[^:/?#@\s]+:\d{1,5}(?:[/?#]|$)/;
const H_LESS_RE = /^ttps?:\/\//i;
const ALLOWED_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:', 'ftp:']);

/** True when a scheme-less string clearly starts with a host (IP literal or domain with a known suffix). */
export function looksLikeHostStart(s: string): boolean {
  let end = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35) {
      end = i;
      break;
    }
  }
  let host = s.slice(0, end);
  const at = host.lastIndexOf('@');
  if (at >= 0) host = host.slice(at + 1);
  if (host.startsWith('[')) return host.endsWith(']') && parseIPv6(host.slice(1, -1)) !== null;
  host = host.replace(/:\d{1,5}$/, '');
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (parseIPv4(host) >= 0) return true;
  if (!host.includes('.') || /\s/.test(host)) return false;
  const ascii = toAsciiHost(host);
  if (ascii === null || hostLabelsProblem(ascii) !== null) return false;
  return knownSuffix(ascii) !== null;
}

function unwrap(s: string): string {
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(s.length - 1);
  if ((first === 60 && last === 62) || (first === 34 && last === 34) || (first === 39 && last === 39)) {
    return s.slice(1, -1).trim();
  }
  return s;
}

/**
 * Normalizes a URL. Only http, https and ftp are accepted. Attributes: `scheme`, `host` (ASCII),
 * `hostUnicode`, `registrableDomain` / `publicSuffix` (ICANN section) or `hostIsIp: true`.
 */
export function normalizeUrl(raw: string): NormalizeResult {
  if (typeof raw !== 'string') return fail('not a string');
  if (raw.length > MAX_RAW_LENGTH) return fail('URL too long');
  return normalizePreparedUrl(unwrap(prepareText(raw.trim()).trim()));
}

/** normalizeUrl for input that already went through prepareText (used by the extractor). */
export function normalizePreparedUrl(prepared: string): NormalizeResult {
  let s = prepared;
  if (s.length === 0) return fail('empty URL');
  if (s.length > MAX_RAW_LENGTH) return fail('URL too long');
  if (H_LESS_RE.test(s)) s = `h${s}`;
  const m = SCHEME_RE.exec(s);
  if (m !== null) {
    const scheme = (m[1] as string).toLowerCase();
    if (scheme !== 'http' && scheme !== 'https' && scheme !== 'ftp') {
      if (!HOST_PORT_RE.test(s) || !looksLikeHostStart(s)) return fail(`unsupported scheme: ${scheme}`);
      s = `http://${s}`;
    }
  } else if (s.startsWith('//')) {
    s = `http:${s}`;
  } else {
    if (!looksLikeHostStart(s)) return fail('not a URL: no scheme and no recognizable host');
    s = `http://${s}`;
  }
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return fail('unparseable URL');
  }
  if (!ALLOWED_PROTOCOLS.has(u.protocol)) return fail(`unsupported scheme: ${u.protocol.slice(0, -1)}`);
  let host = u.hostname;
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host.length === 0) return fail('missing host');
  const scheme = u.protocol.slice(0, -1);
  const attributes: IndicatorAttributes = { scheme };
  let hostText = host;
  if (host.charCodeAt(0) === 91) {
    attributes.host = host.slice(1, -1);
    attributes.hostUnicode = attributes.host;
    attributes.hostIsIp = true;
  } else if (parseIPv4(host) >= 0) {
    attributes.host = host;
    attributes.hostUnicode = host;
    attributes.hostIsIp = true;
  } else {
    const problem = hostLabelsProblem(host);
    if (problem !== null) return fail(`invalid host: ${problem}`);
    attributes.host = host;
    attributes.hostUnicode = host.includes('xn--') ? domainToUnicode(host) || host : host;
    const info = knownSuffix(host);
    if (info !== null) {
      if (info.registrableDomain !== null) attributes.registrableDomain = info.registrableDomain;
      attributes.publicSuffix = info.publicSuffix;
      if (info.privateSuffix !== null) attributes.privateSuffix = info.privateSuffix;
    }
    hostText = host;
  }
  let auth = '';
  if (u.username !== '' || u.password !== '') {
    auth = `${u.username}${u.password !== '' ? `:${u.password}` : ''}@`;
  }
  const port = u.port !== '' ? `:${u.port}` : '';
  const value = `${scheme}://${auth}${hostText}${port}${u.pathname}${u.search}`;
  return { ok: true, indicator: makeIndicator('url', value, attributes) };
}
