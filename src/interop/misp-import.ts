import type { FieldError } from '../errors/catalogue.js';
import { KobanError } from '../errors/catalogue.js';
import { GROUP_SHAREABLE_TLPS, type Tlp } from '../sharing/policy.js';
import { indicatorsOfAttribute } from './misp-types.js';
import { mispRole } from './roles.js';

/**
 * Pure mapping of MISP events to Koban report submissions. Every attribute gets its own outcome:
 * imported, `unsupported` (a MISP type Koban has no indicator for: filenames, registry keys …) or
 * `invalid` (a supported type whose value does not normalize) — nothing is dropped silently, and
 * one bad attribute never rejects its event.
 */

export const MAX_IMPORTED_EVENTS = 1_000;
/** The intake's limit of explicit indicators per report. */
const MAX_INDICATORS_PER_REPORT = 1_000;

export interface AttributeOutcome {
  /** JSON pointer of the attribute inside its event. */
  field: string;
  uuid?: string;
  type: string;
  status: 'imported' | 'unsupported' | 'invalid';
  reason?: string;
}

export interface PreparedEvent {
  uuid?: string;
  /** The report submission, when the event itself is usable. */
  submission?: Record<string, unknown>;
  errors: FieldError[];
  attributes: AttributeOutcome[];
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A MISP event, `{Event: …}`, a list of either, or MISP's REST `{response: […]}`. */
export function eventsOfBody(body: unknown): unknown[] {
  const list = Array.isArray(body)
    ? body
    : isObject(body) && Array.isArray(body.response)
      ? body.response
      : [body];
  if (list.length === 0)
    throw new KobanError('validation_failed', 'no MISP event in the body', [
      { field: '/', reason: 'is empty' },
    ]);
  if (list.length > MAX_IMPORTED_EVENTS)
    throw new KobanError('batch_too_large', `at most ${MAX_IMPORTED_EVENTS} events per request`);
  return list.map((item) => (isObject(item) && isObject(item.Event) ? item.Event : item));
}

const TLP_BY_TAG: Record<string, Tlp> = {
  'tlp:white': 'CLEAR',
  'tlp:clear': 'CLEAR',
  'tlp:green': 'GREEN',
  'tlp:amber': 'AMBER',
  'tlp:amber+strict': 'AMBER+STRICT',
  'tlp:red': 'RED',
};
const TLP_RANK: readonly Tlp[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'];

function tagNames(event: Json): string[] {
  const direct = Array.isArray(event.Tag) ? event.Tag : [];
  const wrapped = Array.isArray(event.EventTag)
    ? event.EventTag.map((t) => (isObject(t) ? t.Tag : undefined))
    : [];
  return [...direct, ...wrapped].flatMap((t) => (isObject(t) && typeof t.name === 'string' ? [t.name] : []));
}

/**
 * TLP tags win (the most restrictive of several); without one, MISP distribution: 0 "your
 * organisation only" stays in the importing organization (AMBER+STRICT), 3 "all communities" is
 * GREEN, everything else (community, connected, sharing group, inherit, missing) AMBER.
 */
export function tlpOfEvent(event: Json): Tlp {
  const levels = tagNames(event).flatMap((n) => {
    const tlp = TLP_BY_TAG[n.trim().toLowerCase()];
    return tlp ? [tlp] : [];
  });
  if (levels.length > 0) return TLP_RANK[Math.max(...levels.map((l) => TLP_RANK.indexOf(l)))] as Tlp;
  const distribution = String(event.distribution ?? '');
  if (distribution === '0') return 'AMBER+STRICT';
  if (distribution === '3') return 'GREEN';
  return 'AMBER';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function attributesOfEvent(event: Json): { field: string; attribute: unknown }[] {
  const out: { field: string; attribute: unknown }[] = [];
  if (Array.isArray(event.Attribute))
    event.Attribute.forEach((attribute, i) => {
      out.push({ field: `/Attribute/${i}`, attribute });
    });
  if (Array.isArray(event.Object))
    event.Object.forEach((object, i) => {
      const inner = isObject(object) && Array.isArray(object.Attribute) ? object.Attribute : [];
      inner.forEach((attribute, j) => {
        out.push({ field: `/Object/${i}/Attribute/${j}`, attribute });
      });
    });
  return out;
}

/**
 * Distribution 4 "sharing group" naming (by uuid) a Koban sharing group the importing organization is
 * in — what Koban's own feed exports — becomes a report shared with that group, when the TLP allows
 * groups. Any other sharing group is unknown here and leaves the report's audience to its TLP.
 */
export function sharingGroupsOfEvent(event: Json, tlp: Tlp, memberOf: ReadonlySet<string>): string[] {
  if (String(event.distribution ?? '') !== '4' || !(GROUP_SHAREABLE_TLPS as readonly string[]).includes(tlp))
    return [];
  const uuid = isObject(event.SharingGroup) ? event.SharingGroup.uuid : undefined;
  return typeof uuid === 'string' && memberOf.has(uuid.toLowerCase()) ? [uuid.toLowerCase()] : [];
}

export function prepareEvent(raw: unknown, memberOf: ReadonlySet<string> = new Set()): PreparedEvent {
  if (!isObject(raw))
    return { errors: [{ field: '/', reason: 'must be a MISP event object' }], attributes: [] };
  const uuid = typeof raw.uuid === 'string' && UUID.test(raw.uuid) ? raw.uuid.toLowerCase() : undefined;
  const errors: FieldError[] = [];
  if (!uuid) errors.push({ field: '/uuid', reason: 'must be the event UUID (it makes imports idempotent)' });
  if (raw.info !== undefined && typeof raw.info !== 'string')
    errors.push({ field: '/info', reason: 'must be a string' });
  if (raw.Attribute !== undefined && !Array.isArray(raw.Attribute))
    errors.push({ field: '/Attribute', reason: 'must be a list' });
  const attributes: AttributeOutcome[] = [];
  const indicators: { type: string; value: string; role: string }[] = [];
  const seen = new Set<string>();
  for (const { field, attribute } of attributesOfEvent(raw)) {
    if (!isObject(attribute) || typeof attribute.type !== 'string' || typeof attribute.value !== 'string') {
      attributes.push({
        field,
        type: '',
        status: 'invalid',
        reason: 'an attribute needs string type and value',
      });
      continue;
    }
    if (attribute.deleted === true || attribute.deleted === '1') continue;
    const base = {
      field,
      type: attribute.type,
      ...(typeof attribute.uuid === 'string' ? { uuid: attribute.uuid } : {}),
    };
    const comment = typeof attribute.comment === 'string' ? attribute.comment : '';
    const mapped = indicatorsOfAttribute(attribute.type, attribute.value, comment);
    if (mapped === null) {
      attributes.push({
        ...base,
        status: 'unsupported',
        reason: `Koban has no indicator type for MISP "${attribute.type}"`,
      });
      continue;
    }
    if (!mapped.ok) {
      attributes.push({ ...base, status: 'invalid', reason: mapped.reason });
      continue;
    }
    const toIds = attribute.to_ids === true || attribute.to_ids === '1' || attribute.to_ids === 1;
    const fresh = mapped.indicators.filter((i) => !seen.has(`${i.key}|${toIds}`));
    if (indicators.length + fresh.length > MAX_INDICATORS_PER_REPORT) {
      attributes.push({
        ...base,
        status: 'invalid',
        reason: `more than ${MAX_INDICATORS_PER_REPORT} indicators in one event`,
      });
      continue;
    }
    for (const i of fresh) {
      seen.add(`${i.key}|${toIds}`);
      indicators.push({ type: i.type, value: i.value, role: mispRole(toIds) });
    }
    attributes.push({ ...base, status: 'imported' });
  }
  if (errors.length === 0 && indicators.length === 0)
    errors.push({ field: '/Attribute', reason: 'no attribute holds an indicator Koban can use' });
  if (errors.length > 0) return { ...(uuid ? { uuid } : {}), errors, attributes };
  return { uuid, submission: submissionOf(raw, uuid as string, indicators, memberOf), errors, attributes };
}

function submissionOf(
  event: Json,
  uuid: string,
  indicators: { type: string; value: string; role: string }[],
  memberOf: ReadonlySet<string>,
) {
  const tlp = tlpOfEvent(event);
  const sharingGroups = sharingGroupsOfEvent(event, tlp, memberOf);
  const info = typeof event.info === 'string' && event.info.trim() !== '' ? event.info : `MISP event ${uuid}`;
  const orgc =
    isObject(event.Orgc) && typeof event.Orgc.name === 'string' ? event.Orgc.name.slice(0, 200) : undefined;
  const date =
    typeof event.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(event.date) ? event.date : undefined;
  return {
    kind: 'other',
    tlp,
    ...(sharingGroups.length > 0 ? { sharingGroups } : {}),
    title: info.slice(0, 300),
    description: info.slice(0, 20_000),
    details: {
      source: 'misp',
      mispEventUuid: uuid,
      ...(orgc ? { mispCreatorOrg: orgc } : {}),
      ...(event.threat_level_id !== undefined
        ? { mispThreatLevel: String(event.threat_level_id).slice(0, 8) }
        : {}),
      mispTags: tagNames(event)
        .slice(0, 50)
        .map((t) => t.slice(0, 200)),
    },
    // Idempotent: re-importing the same event (or a MISP re-pull) finds the same report.
    externalId: `misp:${uuid}`,
    ...(date && !Number.isNaN(Date.parse(date)) ? { observedAt: `${date}T00:00:00Z` } : {}),
    indicators,
  };
}
