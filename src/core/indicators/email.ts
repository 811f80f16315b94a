/**
 * Email normalization. Canonical form is fully lowercase (local part included: providers used in
 * fraud treat local parts case-insensitively, and matching must not depend on spelling) with an
 * ASCII (punycode) domain.
 */
import { domainFromAsciiHost, toAsciiHost } from './domain.js';
import { fail, MAX_RAW_LENGTH, ok } from './result.js';
import { prepareText } from './text.js';
import type { NormalizeResult } from './types.js';

const LOCAL_RE = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(?:\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const MAILTO_RE = /^mailto:/i;

/** Normalizes an email address (refangs `[@]`, `[at]`, `[.]`; strips `mailto:` and `<>`). */
export function normalizeEmail(raw: string): NormalizeResult {
  if (typeof raw !== 'string') return fail('not a string');
  if (raw.length > MAX_RAW_LENGTH) return fail('too long for an email address');
  let s = prepareText(raw.trim()).trim();
  if (MAILTO_RE.test(s)) {
    s = s.slice(7);
    const q = s.indexOf('?');
    if (q >= 0) s = s.slice(0, q);
    try {
      s = decodeURIComponent(s);
    } catch {
      return fail('invalid percent-encoding in mailto');
    }
  }
  if (s.startsWith('<') && s.endsWith('>')) s = s.slice(1, -1).trim();
  if (s.length === 0) return fail('empty email address');
  if (s.length > 254) return fail('email address longer than 254 characters');
  if (/\s/.test(s)) return fail('contains whitespace');
  const at = s.lastIndexOf('@');
  if (at < 0) return fail('missing @');
  const local = s.slice(0, at).toLowerCase();
  let domain = s.slice(at + 1);
  if (local.length === 0) return fail('empty local part');
  if (local.length > 64) return fail('local part longer than 64 characters');
  if (local.includes('@')) return fail('more than one @ (quoted local parts are not supported)');
  if (!LOCAL_RE.test(local)) return fail('invalid local part');
  if (domain.startsWith('[')) return fail('address literals are not supported');
  if (domain.endsWith('.')) domain = domain.slice(0, -1);
  const ascii = toAsciiHost(domain);
  if (ascii === null || ascii.length === 0) return fail('invalid domain');
  const d = domainFromAsciiHost(ascii);
  if (!d.ok) return fail(`invalid domain: ${d.reason}`);
  const attrs = d.indicator.attributes;
  return ok('email', `${local}@${ascii}`, {
    localPart: local,
    domain: ascii,
    registrableDomain: attrs.registrableDomain as string,
  });
}
