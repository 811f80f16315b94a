import { createHash } from 'node:crypto';
import { KobanError } from '../errors/catalogue.js';
import { TLP_LEVELS, type Tlp } from '../sharing/policy.js';

/**
 * Small pure building blocks of Koban's STIX 2.1 export: deterministic ids, TLP 2.0 markings,
 * patterns and timestamps. No I/O and no state.
 */

export type StixObject = { type: string; id: string } & Record<string, unknown>;

/** Namespace of every UUIDv5 Koban derives for STIX ids (fixed forever: changing it renames every exported object). */
export const KOBAN_STIX_NAMESPACE = 'de255437-012c-4a7b-8181-149927b40e01';

/** RFC 9562 UUID version 5 (SHA-1, name-based): the same name always gives the same id on every node. */
export function uuidV5(name: string, namespace: string = KOBAN_STIX_NAMESPACE): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * `<type>--<uuidv5>`. Koban's own ids are UUIDv7, which the STIX identifier schema (versions 1–5)
 * rejects, so they are never used as STIX ids directly; the name carries them instead.
 */
export const stixId = (type: string, name: string): string => `${type}--${uuidV5(`${type}:${name}`)}`;

/** RFC 3339 in UTC with exactly millisecond precision, as STIX requires for `created`/`modified`. */
export function stixTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new KobanError('internal_error', `not a timestamp: ${iso}`);
  return new Date(ms).toISOString();
}

/** The official TLP 2.0 marking definitions (OASIS cti-stix-common-objects, extension-definition--60a3c5c5…). */
export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';
export const TLP2_MARKING_IDS: Record<Tlp, string> = {
  CLEAR: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  GREEN: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  AMBER: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'AMBER+STRICT': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  RED: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};

export function tlpMarkingDefinition(tlp: Tlp): StixObject {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_MARKING_IDS[tlp],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${tlp}`,
    extensions: {
      [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: tlp.toLowerCase() },
    },
  };
}

/** A TLP as stored; anything unrecognized is treated as RED so a bad value can only narrow sharing. */
export function asTlp(value: string): Tlp {
  return (TLP_LEVELS as readonly string[]).includes(value) ? (value as Tlp) : 'RED';
}

/** The most restrictive of the given levels (TLP_LEVELS is ordered from CLEAR to RED). */
export function mostRestrictive(levels: Iterable<Tlp>): Tlp {
  let rank = 0;
  for (const tlp of levels) rank = Math.max(rank, TLP_LEVELS.indexOf(tlp));
  return TLP_LEVELS[rank] ?? 'RED';
}

/**
 * Object paths for Koban indicator types. Types without a standard STIX Cyber-observable (phone
 * numbers, Japanese bank accounts, wallets, device fingerprints, SMS senders) use custom
 * `x-koban-*` observable types with a single `value` property, so consumers can still match on them.
 */
const OBJECT_PATHS: Record<string, string> = {
  url: 'url:value',
  domain: 'domain-name:value',
  ipv4: 'ipv4-addr:value',
  ipv6: 'ipv6-addr:value',
  email: 'email-addr:value',
  md5: 'file:hashes.MD5',
  sha1: "file:hashes.'SHA-1'",
  sha256: "file:hashes.'SHA-256'",
  phone: 'x-koban-phone:value',
  bank_account: 'x-koban-bank-account:value',
  btc: 'x-koban-cryptocurrency-wallet:value',
  eth: 'x-koban-cryptocurrency-wallet:value',
  device_fingerprint: 'x-koban-device-fingerprint:value',
  sms_sender: 'x-koban-sms-sender:value',
};

/** A STIX pattern string literal: backslash and single quote are the only characters to escape. */
export const patternLiteral = (value: string): string =>
  `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/**
 * The STIX pattern that matches one canonical Koban indicator. Values are used exactly as stored:
 * a malicious URL is NOT defanged here, because a STIX consumer has to match the real value
 * (defanging is for display, in the console).
 */
export function stixPattern(type: string, value: string): string {
  if (type === 'cidr') {
    const path = value.includes(':') ? 'ipv6-addr:value' : 'ipv4-addr:value';
    return `[${path} ISSUBSET ${patternLiteral(value)}]`;
  }
  const path = OBJECT_PATHS[type] ?? `x-koban-${type.toLowerCase().replace(/[^a-z0-9]+/g, '-')}:value`;
  return `[${path} = ${patternLiteral(value)}]`;
}
