import {
  asTlp,
  type StixObject,
  stixId,
  stixPattern,
  stixTime,
  TLP2_MARKING_IDS,
  tlpMarkingDefinition,
  uuidV5,
} from '../correlation/stix-primitives.js';
import { TLP_LEVELS } from '../sharing/policy.js';

/**
 * Pure mapping of one Koban report and its sightings to the STIX 2.1 objects TAXII serves (no I/O).
 * Every object is derived from exactly one report, so it is visible exactly when that report is:
 * the access policy of the report is the access policy of each of its objects.
 */

/** Where an object version sits in a collection: TAXII's date_added, then a total order behind it. */
export interface EntryKey {
  /** date_added: the report's intake time (ISO-8601 UTC, millisecond precision). */
  at: string;
  /** Koban report id; '' for the fixed marking definitions that precede all reports. */
  report: string;
  /** Position of the object inside its report: 0 the report, then indicator/observable pairs. */
  ord: number;
}

export interface Entry {
  key: EntryKey;
  object: StixObject;
  /** TAXII version: `modified`, else (observables carry none) the date_added. */
  version: string;
  /** Observables only: the canonical indicator key (`type:value`) the object stands for. */
  indicatorKey?: string;
}

export interface ReportRecord {
  id: string;
  orgId: string;
  kind: string;
  tlp: string;
  title: string | null;
  description: string;
  observedAt: string | null;
  createdAt: string;
}

export interface SightingRecord {
  type: string;
  value: string;
  role: string;
  observedAt: string;
}

export const compareKeys = (a: EntryKey, b: EntryKey): number =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : a.report < b.report ? -1 : a.report > b.report ? 1 : a.ord - b.ord;

/** STIX 2.1 §2.9: observables get UUIDv5 ids in this namespace over their ID-contributing properties. */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

/** The identity each organization's objects are `created_by`: the same id wherever Koban exports it. */
export const organizationIdentityId = (orgId: string): string => stixId('identity', `organization:${orgId}`);

const HASH_NAMES: Record<string, string> = { md5: 'MD5', sha1: 'SHA-1', sha256: 'SHA-256' };
const STANDARD_SCO: Record<string, string> = {
  url: 'url',
  domain: 'domain-name',
  ipv4: 'ipv4-addr',
  ipv6: 'ipv6-addr',
  email: 'email-addr',
};
/** Koban types without a STIX observable: custom `x-koban-*` SCOs with one `value`, as the patterns use. */
const CUSTOM_SCO: Record<string, string> = {
  phone: 'x-koban-phone',
  bank_account: 'x-koban-bank-account',
  btc: 'x-koban-cryptocurrency-wallet',
  eth: 'x-koban-cryptocurrency-wallet',
  device_fingerprint: 'x-koban-device-fingerprint',
  sms_sender: 'x-koban-sms-sender',
};

/**
 * The observable (SCO) for one canonical indicator. Its id is the spec's UUIDv5 over the
 * ID-contributing properties in JCS form (for these flat string properties, JSON.stringify with
 * sorted keys is the JCS form), so partners computing ids from the same value get the same one.
 */
export function observableOf(
  type: string,
  value: string,
): { type: string; properties: Record<string, unknown> } {
  const hash = HASH_NAMES[type];
  if (hash) return { type: 'file', properties: { hashes: { [hash]: value } } };
  if (type === 'cidr')
    return { type: value.includes(':') ? 'ipv6-addr' : 'ipv4-addr', properties: { value } };
  const scoType =
    STANDARD_SCO[type] ?? CUSTOM_SCO[type] ?? `x-koban-${type.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return { type: scoType, properties: { value } };
}

export function observableId(type: string, properties: Record<string, unknown>): string {
  return `${type}--${uuidV5(JSON.stringify(properties), STIX_SCO_NAMESPACE)}`;
}

/** The five TLP 2.0 definitions every collection starts with, so markings always resolve. */
export function markingEntries(): Entry[] {
  return TLP_LEVELS.map((tlp, ord) => {
    const object = tlpMarkingDefinition(tlp);
    const at = String(object.created);
    return { key: { at, report: '', ord }, object, version: at };
  });
}

/** The objects of one report, in their fixed order: the report, then an indicator and its observable per key. */
export function entriesOfReport(report: ReportRecord, sightings: readonly SightingRecord[]): Entry[] {
  const at = stixTime(report.createdAt);
  const marking = [TLP2_MARKING_IDS[asTlp(report.tlp)]];
  const createdBy = organizationIdentityId(report.orgId);
  const byKey = new Map<string, { type: string; value: string; roles: Set<string>; observed: string[] }>();
  for (const s of sightings) {
    const key = `${s.type}:${s.value}`;
    const entry = byKey.get(key) ?? { type: s.type, value: s.value, roles: new Set(), observed: [] };
    entry.roles.add(s.role);
    entry.observed.push(stixTime(s.observedAt));
    byKey.set(key, entry);
  }
  const keys = [...byKey.keys()].sort();
  const pairs: Entry[] = [];
  const refs: string[] = [];
  keys.forEach((key, i) => {
    const s = byKey.get(key)!;
    const observable = observableOf(s.type, s.value);
    const scoId = observableId(observable.type, observable.properties);
    const indicatorId = stixId('indicator', `${report.id}|${key}`);
    refs.push(indicatorId, scoId);
    pairs.push({
      key: { at, report: report.id, ord: 2 * i + 1 },
      version: at,
      object: {
        type: 'indicator',
        spec_version: '2.1',
        id: indicatorId,
        created: at,
        modified: at,
        created_by_ref: createdBy,
        object_marking_refs: marking,
        name: `${s.type} ${s.value}`,
        indicator_types: ['malicious-activity'],
        pattern: stixPattern(s.type, s.value),
        pattern_type: 'stix',
        pattern_version: '2.1',
        valid_from: s.observed.sort()[0]!,
        x_koban_key: key,
        x_koban_indicator_type: s.type,
        x_koban_roles: [...s.roles].sort(),
        x_koban_report_id: report.id,
      },
    });
    pairs.push({
      key: { at, report: report.id, ord: 2 * i + 2 },
      version: at,
      indicatorKey: key,
      object: {
        type: observable.type,
        spec_version: '2.1',
        id: scoId,
        ...observable.properties,
        object_marking_refs: marking,
      },
    });
  });
  const reportObject: StixObject = {
    type: 'report',
    spec_version: '2.1',
    // The same id as the campaign export gives this report, so partners merge the two views.
    id: stixId('report', report.id),
    created: at,
    modified: at,
    created_by_ref: createdBy,
    object_marking_refs: marking,
    name: report.title ?? `Koban ${report.kind} report ${report.id}`,
    ...(report.description ? { description: report.description } : {}),
    report_types: ['threat-report'],
    labels: [report.kind],
    published: stixTime(report.observedAt ?? report.createdAt),
    // Never empty (the schema requires one ref): a report without indicators refers to its author.
    object_refs: refs.length > 0 ? refs : [createdBy],
    x_koban_report_id: report.id,
  };
  return [{ key: { at, report: report.id, ord: 0 }, version: at, object: reportObject }, ...pairs];
}
