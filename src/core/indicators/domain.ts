/**
 * Domain normalization: lowercase ASCII (IDN → punycode), no trailing dot, validated labels,
 * and a suffix known to the Public Suffix List.
 */
import { domainToASCII, domainToUnicode } from 'node:url';
import { knownSuffix } from './psl.js';
import { fail, MAX_RAW_LENGTH, ok } from './result.js';
import { prepareText } from './text.js';
import type { NormalizeResult } from './types.js';

const ASCII_HOST_RE = /^[A-Za-z0-9._-]+$/;
const TLD_RE = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * Checks lowercase ASCII host labels: 1–63 chars, [a-z0-9_-], no leading/trailing hyphen,
 * total ≤ 253. Returns a rejection reason or null when valid.
 */
export function hostLabelsProblem(host: string): string | null {
  const n = host.length;
  if (n === 0) return 'empty host';
  if (n > 253) return 'host longer than 253 characters';
  let start = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? host.charCodeAt(i) : 46;
    if (c === 46) {
      const len = i - start;
      if (len === 0) return 'empty label';
      if (len > 63) return 'label longer than 63 characters';
      if (host.charCodeAt(start) === 45 || host.charCodeAt(i - 1) === 45) {
        return 'label starts or ends with a hyphen';
      }
      start = i + 1;
    } else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95)) {
      return 'invalid character in host';
    }
  }
  return null;
}

/** Converts a host to lowercase ASCII (punycode) or returns null when it is not a valid IDN. */
export function toAsciiHost(host: string): string | null {
  if (ASCII_HOST_RE.test(host)) {
    const lower = host.toLowerCase();
    if (!lower.includes('xn--')) return lower;
    const back = domainToASCII(domainToUnicode(lower));
    return back === lower ? lower : null;
  }
  const ascii = domainToASCII(host);
  return ascii === '' ? null : ascii;
}

/**
 * Builds a domain indicator from a lowercase ASCII host without trailing dot.
 * Used by normalizeDomain and by URL host derivation.
 */
export function domainFromAsciiHost(host: string): NormalizeResult {
  const problem = hostLabelsProblem(host);
  if (problem !== null) return fail(problem);
  const lastDot = host.lastIndexOf('.');
  if (lastDot < 0) return fail('single-label names are not domains (need a public suffix)');
  const tld = host.slice(lastDot + 1);
  if (/^[0-9]+$/.test(tld)) return fail('looks like an IP address; use ipv4');
  if (!TLD_RE.test(tld)) return fail('invalid top-level domain');
  const info = knownSuffix(host);
  if (info === null) return fail(`unknown public suffix: ${tld}`);
  if (info.registrableDomain === null) return fail('is itself a public suffix');
  const unicode = host.includes('xn--') ? domainToUnicode(host) || host : host;
  return ok('domain', host, {
    registrableDomain: info.registrableDomain,
    publicSuffix: info.publicSuffix,
    unicode,
    isRegistrable: host === info.registrableDomain,
    ...(info.privateSuffix !== null ? { privateSuffix: info.privateSuffix } : {}),
  });
}

/**
 * Normalizes a domain name: `EXAMPLE.co.jp.` → `example.co.jp`, `例え.jp` → `xn--r8jz45g.jp`,
 * `evil[.]example[.]com` → `evil.example.com`. URLs, emails and IPs are rejected with a reason.
 */
export function normalizeDomain(raw: string): NormalizeResult {
  if (typeof raw !== 'string') return fail('not a string');
  if (raw.length > MAX_RAW_LENGTH) return fail('too long for a domain');
  let s = prepareText(raw.trim()).trim();
  if (s.length === 0) return fail('empty domain');
  if (s.includes('://')) return fail('looks like a URL; normalize it as type url');
  if (/[/?#\\]/.test(s)) return fail('contains a path; normalize it as type url');
  if (s.includes('@')) return fail('looks like an email address; normalize it as type email');
  if (s.includes(':')) return fail('contains a port or colon (IPv6 addresses are type ipv6)');
  if (/\s/.test(s)) return fail('contains whitespace');
  if (s.endsWith('.')) s = s.slice(0, -1);
  if (s.length > 253) return fail('host longer than 253 characters');
  const ascii = toAsciiHost(s);
  if (ascii === null || ascii.length === 0) return fail('invalid internationalized domain name');
  if (/^[0-9.]+$/.test(ascii)) return fail('looks like an IP address; use ipv4');
  return domainFromAsciiHost(ascii);
}
