/**
 * Device fingerprints, SMS sender IDs and file hashes.
 */
import { normalizePhone } from './phone.js';
import { fail, ok } from './result.js';
import type { IndicatorAttributes, NormalizeResult } from './types.js';

const NON_PRINTABLE_RE = /\p{C}/u;
const WS_RUN_RE = /\s+/g;
const HEXISH_RE = /^[0-9a-fA-F]+(?:[:-][0-9a-fA-F]+)*$/;
const BRACED_UUID_RE = /^\{([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\}$/;

/**
 * Normalizes an opaque device fingerprint: trim, collapse whitespace, lowercase hex/UUID-like
 * values (braces around a GUID are dropped), 4–512 printable characters.
 */
export function normalizeDeviceFingerprint(raw: string): NormalizeResult {
  if (typeof raw !== 'string') return fail('not a string');
  if (raw.length > 4096) return fail('device fingerprint longer than 512 characters');
  let s = raw.trim().replace(WS_RUN_RE, ' ');
  const braced = BRACED_UUID_RE.exec(s);
  if (braced !== null) s = braced[1] as string;
  if (s.length < 4) return fail('device fingerprint shorter than 4 characters');
  if (s.length > 512) return fail('device fingerprint longer than 512 characters');
  if (NON_PRINTABLE_RE.test(s)) return fail('device fingerprint contains non-printable characters');
  const hexLike = HEXISH_RE.test(s);
  if (hexLike) s = s.toLowerCase();
  return ok('device_fingerprint', s, { hexLike });
}

const PHONE_LIKE_RE = /^(?:tel:)?[+0(０＋（][\d\s\-().+０-９－（）]*$/i;

/**
 * Normalizes an SMS sender: phone numbers become E.164 (`kind: 'phone'`), anything else is an
 * alphanumeric sender ID (NFKC, trimmed, case kept; ≤ 11 GSM characters, ≤ 20 when non-ASCII).
 */
export function normalizeSmsSender(raw: string): NormalizeResult {
  if (typeof raw !== 'string') return fail('not a string');
  if (raw.length > 256) return fail('too long for an SMS sender');
  const s = raw.normalize('NFKC').trim().replace(WS_RUN_RE, ' ');
  if (s.length === 0) return fail('empty sender');
  if (PHONE_LIKE_RE.test(s)) {
    const p = normalizePhone(s);
    if (!p.ok) return fail(`invalid phone sender: ${p.reason}`);
    const a = p.indicator.attributes;
    const attrs: IndicatorAttributes = { kind: 'phone', country: a.country as string };
    if (a.lineType !== undefined) attrs.lineType = a.lineType;
    return ok('sms_sender', p.indicator.value, attrs);
  }
  if (NON_PRINTABLE_RE.test(s)) return fail('sender contains non-printable characters');
  const ascii = /^[\x20-\x7e]*$/.test(s);
  const max = ascii ? 11 : 20;
  if (s.length > max) return fail(`alphanumeric sender longer than ${max} characters`);
  const attrs: IndicatorAttributes = { kind: 'alphanumeric' };
  if (/^\d+$/.test(s)) attrs.numeric = true;
  return ok('sms_sender', s, attrs);
}

export type HashType = 'md5' | 'sha1' | 'sha256';

const HASH_BY_LENGTH: Readonly<Record<number, HashType>> = { 32: 'md5', 40: 'sha1', 64: 'sha256' };
const LENGTH_BY_HASH: Readonly<Record<HashType, number>> = { md5: 32, sha1: 40, sha256: 64 };
const HASH_PREFIX_RE = /^(md5|sha-?1|sha-?256)\s*[:=]\s*/i;
const HEX_RE = /^[0-9a-f]+$/;

/** Normalizes an MD5 / SHA-1 / SHA-256 hex digest (lowercase). Type is inferred from the length if omitted. */
export function normalizeHash(raw: string, type?: HashType): NormalizeResult {
  if (typeof raw !== 'string') return fail('not a string');
  if (raw.length > 256) return fail('too long for a hash');
  let s = raw.trim();
  if (/[^\x20-\x7e]/.test(s)) s = s.normalize('NFKC').trim();
  const prefix = HASH_PREFIX_RE.exec(s);
  let declared = type;
  if (prefix !== null) {
    const p = (prefix[1] as string).toLowerCase().replace('-', '') as HashType;
    if (declared !== undefined && declared !== p) return fail(`prefix says ${p} but type is ${declared}`);
    declared = p;
    s = s.slice(prefix[0].length);
  }
  s = s.toLowerCase();
  if (!HEX_RE.test(s)) return fail('hash must be hexadecimal');
  const inferred = HASH_BY_LENGTH[s.length];
  if (declared !== undefined) {
    if (s.length !== LENGTH_BY_HASH[declared]) {
      return fail(`${declared} must be ${LENGTH_BY_HASH[declared]} hex characters (got ${s.length})`);
    }
    return ok(declared, s);
  }
  if (inferred === undefined) return fail(`no supported hash has ${s.length} hex characters (32, 40 or 64)`);
  return ok(inferred, s);
}
