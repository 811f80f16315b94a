/**
 * Type dispatch (`normalizeIndicator`) and type guessing for arbitrary user spellings
 * (`detectIndicator`, backing `GET /v1/indicators?value=`).
 */
import { normalizeBankAccount } from './bank.js';
import { normalizeBtc, normalizeEth } from './crypto.js';
import { normalizeDomain } from './domain.js';
import { normalizeEmail } from './email.js';
import { normalizeCidr, normalizeIp } from './ip.js';
import { normalizeDeviceFingerprint, normalizeHash, normalizeSmsSender } from './misc.js';
import { normalizePhone } from './phone.js';
import { fail } from './result.js';
import { prepareText } from './text.js';
import type { Indicator, IndicatorType, NormalizeResult } from './types.js';
import { normalizeUrl } from './url.js';

/** Normalizes `raw` as the given indicator type. */
export function normalizeIndicator(type: IndicatorType, raw: string): NormalizeResult {
  if (typeof raw !== 'string') return fail('value must be a string');
  switch (type) {
    case 'url':
      return normalizeUrl(raw);
    case 'domain':
      return normalizeDomain(raw);
    case 'ipv4':
    case 'ipv6': {
      const r = normalizeIp(raw);
      if (r.ok && r.indicator.type !== type && !(type === 'ipv6' && r.indicator.type === 'ipv4')) {
        return fail(`expected ${type} but got ${r.indicator.type}`);
      }
      return r;
    }
    case 'cidr':
      return normalizeCidr(raw);
    case 'phone':
      return normalizePhone(raw);
    case 'email':
      return normalizeEmail(raw);
    case 'btc':
      return normalizeBtc(raw);
    case 'eth':
      return normalizeEth(raw);
    case 'bank_account':
      return normalizeBankAccount(raw);
    case 'device_fingerprint':
      return normalizeDeviceFingerprint(raw);
    case 'sms_sender':
      return normalizeSmsSender(raw);
    case 'md5':
    case 'sha1':
    case 'sha256':
      return normalizeHash(raw, type);
    default:
      return fail(`unknown indicator type: ${String(type)}`);
  }
}

const SCHEME_START_RE = /^(?:https?|ftp|h?ttps?):\/\//i;
const IP_CHARS_RE = /^[0-9a-fA-F:.[\]/%]+$/;
const ETH_RE = /^0x[0-9a-f]{40}$/i;
const BTC_RE = /^(?:bitcoin:)?(?:(?:bc|tb)1[a-z0-9]{11,87}|[123mn][1-9A-HJ-NP-Za-km-z]{24,34})$/i;
const HASH_RE = /^(?:(?:md5|sha-?1|sha-?256)\s*[:=]\s*)?(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64})$/i;
const BANK_RE = /^(?:\d{4}[-\s]\d{3}[-\s]\d{7}|\d{5}-\d{6,8}|0\d{4}-\d-\d{1,7})$/;
const PHONE_RE = /^(?:tel:)?(?:\+|\(?0)[\d\s\-().]+$/i;
const URL_PATHISH_RE = /^[^\s/?#]+[/?#]/;

function hit(r: NormalizeResult): Indicator | null {
  return r.ok ? r.indicator : null;
}

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/**
 * Guesses the type of an arbitrary spelling: url (with scheme / defanged) → email → ip / cidr →
 * eth → btc → hash → bank account → phone → scheme-less url → domain. Returns null when nothing fits.
 */
export function detectIndicator(raw: string): Indicator | null {
  if (typeof raw !== 'string' || raw.length > 8192) return null;
  const s = prepareText(raw.trim()).trim();
  if (s.length === 0) return null;
  if (SCHEME_START_RE.test(s)) return hit(normalizeUrl(s));
  if (/^mailto:/i.test(s) || (s.includes('@') && !/\s/.test(s))) {
    const e = hit(normalizeEmail(s));
    if (e !== null) return e;
  }
  if (IP_CHARS_RE.test(s) && (s.includes(':') || /^\[?\d/.test(s))) {
    const r = s.includes('/') ? normalizeCidr(s) : normalizeIp(s);
    if (r.ok) return r.indicator;
  }
  if (ETH_RE.test(s) || /^ethereum:/i.test(s)) {
    const e = hit(normalizeEth(s));
    if (e !== null) return e;
  }
  if (BTC_RE.test(s)) {
    const b = hit(normalizeBtc(s));
    if (b !== null) return b;
  }
  if (HASH_RE.test(s)) return hit(normalizeHash(s));
  if (BANK_RE.test(s) || /口座|支店|記号/.test(s)) {
    const b = hit(normalizeBankAccount(s));
    if (b !== null) return b;
  }
  if (PHONE_RE.test(s)) {
    const digits = countDigits(s);
    if (digits >= 10 && digits <= 15) {
      const p = hit(normalizePhone(s));
      if (p !== null) return p;
    }
  }
  if (URL_PATHISH_RE.test(s)) {
    const u = hit(normalizeUrl(s));
    if (u !== null) return u;
  }
  if (s.includes('.')) return hit(normalizeDomain(s));
  return null;
}
