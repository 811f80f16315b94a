import { TLP2_MARKING_IDS } from '../correlation/stix-primitives.js';
import type { Tlp } from '../sharing/policy.js';

/**
 * Pure mapping of POSTed STIX objects to Koban report submissions (no I/O). Koban stores reports,
 * not arbitrary STIX: an indicator with a STIX pattern, or an observable Koban has a type for,
 * becomes one `other` report whose indicators the real intake then normalizes and checks. Anything
 * else is answered as a per-object failure naming why, never silently dropped.
 */

export type StixInput = Record<string, unknown> & { type?: unknown; id?: unknown };

export type Mapped = { ok: true; report: Record<string, unknown> } | { ok: false; message: string };

/** TLP 2.0 and the TLP 1.0 definitions many tools still send; WHITE is CLEAR. */
const TLP_BY_MARKING: Record<string, Tlp> = {
  ...Object.fromEntries(Object.entries(TLP2_MARKING_IDS).map(([tlp, id]) => [id, tlp as Tlp])),
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'CLEAR',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'GREEN',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'AMBER',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'RED',
};
const TLP_RANK: Tlp[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];

/** Without a TLP marking, AMBER: partners only, never public, and reads are audited. */
export const DEFAULT_INTAKE_TLP: Tlp = 'AMBER';

/** Pattern object paths and observable types Koban understands, to its indicator types. */
const PATH_TYPES: Record<string, string> = {
  'url:value': 'url',
  'domain-name:value': 'domain',
  'ipv4-addr:value': 'ipv4',
  'ipv6-addr:value': 'ipv6',
  'email-addr:value': 'email',
  'file:hashes.MD5': 'md5',
  "file:hashes.'MD5'": 'md5',
  "file:hashes.'SHA-1'": 'sha1',
  'file:hashes.SHA1': 'sha1',
  "file:hashes.'SHA-256'": 'sha256',
  'file:hashes.SHA256': 'sha256',
  'x-koban-phone:value': 'phone',
  'x-koban-bank-account:value': 'bank_account',
  'x-koban-cryptocurrency-wallet:value': 'wallet',
  'x-koban-device-fingerprint:value': 'device_fingerprint',
  'x-koban-sms-sender:value': 'sms_sender',
};
const HASH_TYPES: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256' };

const COMPARISON = /([a-z0-9-]+:[A-Za-z0-9_.'-]+)\s*=\s*'((?:[^'\\]|\\.)*)'/g;

/** Koban indicator type for one value of an object path; IPs with a prefix are CIDRs, wallets by shape. */
function kobanType(pathType: string, value: string): string {
  if ((pathType === 'ipv4' || pathType === 'ipv6') && value.includes('/')) return 'cidr';
  if (pathType === 'wallet') return /^0x/i.test(value) ? 'eth' : 'btc';
  return pathType;
}

/** Equality comparisons of a STIX pattern on paths Koban knows (other comparisons cannot be matched on). */
export function indicatorsOfPattern(pattern: string): { type: string; value: string }[] {
  const out: { type: string; value: string }[] = [];
  for (const m of pattern.matchAll(COMPARISON)) {
    const pathType = PATH_TYPES[m[1] as string];
    if (!pathType) continue;
    const value = (m[2] as string).replace(/\\(['\\])/g, '$1');
    out.push({ type: kobanType(pathType, value), value });
  }
  return out;
}

function indicatorsOfObservable(o: StixInput): { type: string; value: string }[] {
  if (o.type === 'file') {
    const hashes = (o.hashes ?? {}) as Record<string, unknown>;
    return Object.entries(hashes).flatMap(([name, value]) =>
      HASH_TYPES[name] && typeof value === 'string' ? [{ type: HASH_TYPES[name] as string, value }] : [],
    );
  }
  const pathType = PATH_TYPES[`${String(o.type)}:value`];
  return pathType && typeof o.value === 'string'
    ? [{ type: kobanType(pathType, o.value), value: o.value }]
    : [];
}

/** The strictest TLP among the object's TLP 1.0/2.0 markings, `fallback` when it carries none. */
export function tlpOf(o: StixInput, fallback: Tlp = DEFAULT_INTAKE_TLP): Tlp {
  const refs = Array.isArray(o.object_marking_refs) ? o.object_marking_refs : [];
  const levels = refs.flatMap((ref) =>
    typeof ref === 'string' && TLP_BY_MARKING[ref] ? [TLP_BY_MARKING[ref]] : [],
  );
  if (levels.length === 0) return fallback;
  return TLP_RANK[Math.max(...levels.map((l) => TLP_RANK.indexOf(l)))] ?? 'RED';
}

/** The version TAXII status reports for a posted object. */
export const versionOf = (o: StixInput): string =>
  typeof o.modified === 'string' ? o.modified : typeof o.created === 'string' ? o.created : '';

const text = (v: unknown, max: number) =>
  typeof v === 'string' && v.length > 0 ? v.slice(0, max) : undefined;

/**
 * One posted object as a report submission. `sharingGroups` is the collection's group, when it is a
 * group collection: the report is then shared with that group only. `defaultTlp` applies to objects
 * without a TLP marking (a polled TAXII source names its own).
 */
export function reportOfStixObject(
  o: StixInput,
  sharingGroups: readonly string[],
  defaultTlp: Tlp = DEFAULT_INTAKE_TLP,
): Mapped {
  if (typeof o.id !== 'string' || typeof o.type !== 'string')
    return { ok: false, message: 'not a STIX object: id and type are required' };
  let indicators: { type: string; value: string }[];
  if (o.type === 'indicator') {
    if (o.pattern_type !== 'stix' || typeof o.pattern !== 'string')
      return { ok: false, message: 'only indicators with pattern_type "stix" are accepted' };
    indicators = indicatorsOfPattern(o.pattern);
    if (indicators.length === 0)
      return { ok: false, message: 'the pattern has no equality comparison on an object path Koban knows' };
  } else {
    indicators = indicatorsOfObservable(o);
    if (indicators.length === 0)
      return {
        ok: false,
        message: `Koban accepts indicators and url, domain-name, ipv4/ipv6-addr, email-addr, file and x-koban-* observables, not ${o.type}`,
      };
  }
  const title = text(o.name, 300);
  const validFrom = text(o.valid_from, 40);
  return {
    ok: true,
    report: {
      kind: 'other',
      tlp: tlpOf(o, defaultTlp),
      ...(sharingGroups.length > 0 ? { sharingGroups: [...sharingGroups] } : {}),
      ...(title ? { title } : {}),
      description: text(o.description, 20_000) ?? title ?? `STIX ${o.type} ${o.id}`,
      details: {
        source: 'taxii',
        stixId: o.id,
        stixType: o.type,
        ...(typeof o.pattern === 'string' ? { pattern: o.pattern.slice(0, 8192) } : {}),
      },
      // Idempotent: the same object version posted again is a duplicate of the same report.
      externalId: `stix:${o.id}@${versionOf(o)}`.slice(0, 200),
      ...(validFrom ? { observedAt: validFrom } : {}),
      indicators: indicators.slice(0, 1000),
    },
  };
}
