import { detectIndicator, normalizeIndicator } from '../core/indicators/index.js';
import type { Indicator, IndicatorType } from '../core/indicators/types.js';
import { isIndicatorType } from '../core/indicators/types.js';

/**
 * Koban indicator types ⇄ MISP attribute types. Pure tables and functions, no I/O.
 *
 * Types MISP has no attribute for (ETH wallets, device fingerprints, SMS sender ids) travel as
 * `text` attributes whose comment is `koban:<type>`, so a Koban ⇄ MISP ⇄ Koban round trip keeps
 * them typed while a plain MISP shows them as text.
 */

export interface MispAttributeType {
  type: string;
  category: string;
  comment?: string;
}

/** Roles whose IP is the origin of traffic (scans, fraud logins), not its destination. */
const SOURCE_IP_ROLES = new Set(['source_ip', 'scanner_ip']);
/** Roles whose e-mail address receives (stolen credentials), not sends. */
const RECEIVING_EMAIL_ROLES = new Set(['exfil_email', 'ransom_contact']);

export const KOBAN_TEXT_COMMENT_PREFIX = 'koban:';

export function mispTypeOf(type: string, role: string): MispAttributeType {
  switch (type) {
    case 'url':
      return { type: 'url', category: 'Network activity' };
    case 'domain':
      return { type: 'domain', category: 'Network activity' };
    case 'ipv4':
    case 'ipv6':
    case 'cidr':
      return { type: SOURCE_IP_ROLES.has(role) ? 'ip-src' : 'ip-dst', category: 'Network activity' };
    case 'email':
      return RECEIVING_EMAIL_ROLES.has(role)
        ? { type: 'email-dst', category: 'Network activity' }
        : { type: 'email-src', category: 'Payload delivery' };
    case 'phone':
      return { type: 'phone-number', category: 'Financial fraud' };
    case 'btc':
      return { type: 'btc', category: 'Financial fraud' };
    case 'bank_account':
      return { type: 'bank-account-nr', category: 'Financial fraud' };
    case 'md5':
    case 'sha1':
    case 'sha256':
      return { type, category: 'Payload delivery' };
    default:
      return { type: 'text', category: 'Other', comment: `${KOBAN_TEXT_COMMENT_PREFIX}${type}` };
  }
}

/** One MISP attribute's values as Koban indicators, or why it cannot be one. */
export type AttributeIndicators = { ok: true; indicators: Indicator[] } | { ok: false; reason: string };

const IP_TYPES: readonly IndicatorType[] = ['ipv4', 'ipv6', 'cidr'];
const SINGLE: Record<string, IndicatorType> = {
  url: 'url',
  uri: 'url',
  domain: 'domain',
  hostname: 'domain',
  email: 'email',
  'email-src': 'email',
  'email-dst': 'email',
  'whois-registrant-email': 'email',
  'phone-number': 'phone',
  'whois-registrant-phone': 'phone',
  btc: 'btc',
  'bank-account-nr': 'bank_account',
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
};

function typed(type: IndicatorType, raw: string): AttributeIndicators {
  const r = normalizeIndicator(type, raw);
  return r.ok ? { ok: true, indicators: [r.indicator] } : { ok: false, reason: r.reason };
}

function ip(raw: string): AttributeIndicators {
  const found = detectIndicator(raw);
  return found && IP_TYPES.includes(found.type)
    ? { ok: true, indicators: [found] }
    : { ok: false, reason: 'not an IPv4/IPv6 address or CIDR' };
}

function both(first: AttributeIndicators, second: AttributeIndicators): AttributeIndicators {
  if (!first.ok) return first;
  if (!second.ok) return second;
  return { ok: true, indicators: [...first.indicators, ...second.indicators] };
}

/** A `left|right` composite value's parts (MISP's own separator). */
function parts(value: string): [string, string] | null {
  const at = value.indexOf('|');
  return at < 0 ? null : [value.slice(0, at), value.slice(at + 1)];
}

/**
 * The indicators of one attribute. `null` means MISP type Koban has no indicator type for: the
 * caller reports it as unsupported (never silently dropped); `{ok:false}` means a supported type
 * whose value does not normalize.
 */
export function indicatorsOfAttribute(
  type: string,
  value: string,
  comment: string,
): AttributeIndicators | null {
  const single = SINGLE[type];
  if (single) return typed(single, value);
  if (type === 'ip-src' || type === 'ip-dst') return ip(value);
  const split = parts(value);
  if (type === 'ip-src|port' || type === 'ip-dst|port')
    return split ? ip(split[0]) : { ok: false, reason: 'expected ip|port' };
  if (type === 'hostname|port')
    return split ? typed('domain', split[0]) : { ok: false, reason: 'expected host|port' };
  if (type === 'domain|ip')
    return split
      ? both(typed('domain', split[0]), ip(split[1]))
      : { ok: false, reason: 'expected domain|ip' };
  const hash = /^filename\|(md5|sha1|sha256)$/.exec(type);
  if (hash)
    return split
      ? typed(hash[1] as IndicatorType, split[1])
      : { ok: false, reason: 'expected filename|hash' };
  if (type === 'text' && comment.startsWith(KOBAN_TEXT_COMMENT_PREFIX)) {
    const kobanType = comment.slice(KOBAN_TEXT_COMMENT_PREFIX.length).split(/\s/)[0] ?? '';
    if (isIndicatorType(kobanType)) return typed(kobanType, value);
  }
  return null;
}

/** Attribute types the importer understands, for documentation and error messages. */
export const IMPORTED_MISP_TYPES: readonly string[] = [
  ...Object.keys(SINGLE),
  'ip-src',
  'ip-dst',
  'ip-src|port',
  'ip-dst|port',
  'hostname|port',
  'domain|ip',
  'filename|md5',
  'filename|sha1',
  'filename|sha256',
  'text (comment koban:<type>)',
];
