import { invalid } from '../errors/catalogue.js';

/**
 * Pure STIX 2.1 parsing and validation for the knowledge base: no I/O. Every entry of a bundle
 * becomes either a parsed object, a parsed relationship or an invalid entry naming its problems,
 * so one hostile entry never blocks the others.
 */

/** Any string (or key) longer than this, in UTF-8 bytes, makes its object invalid. */
export const MAX_FIELD_BYTES = 1_000_000;
/** A whole object larger than this (serialized) is invalid too. */
export const MAX_OBJECT_BYTES = 8_000_000;
export const MAX_DEPTH = 64;
/** Names longer than this are stored but not indexed for search or alias matching. */
export const MAX_NAME_KEY_LENGTH = 512;
export const MAX_INDEXED_NAMES = 64;

/** STIX kinds Koban understands; other valid types (x-mitre-*, marking-definition, …) are stored as generic objects. */
export const KNOWN_TYPES = [
  'intrusion-set',
  'threat-actor',
  'campaign',
  'malware',
  'tool',
  'attack-pattern',
  'infrastructure',
  'identity',
  'course-of-action',
] as const;

/** Kinds whose names and aliases are compared for merge proposals; a match only counts within a group. */
export const ALIAS_GROUPS: Readonly<Record<string, string>> = {
  'intrusion-set': 'actor',
  'threat-actor': 'actor',
  malware: 'malware',
};

/** Koban's open-vocabulary infrastructure_types for crime-infrastructure services (informative, not enforced). */
export const KOBAN_INFRASTRUCTURE_TYPES = [
  'sms-verification-proxy',
  'bulletproof-hosting',
  'phishing-kit-service',
  'bank-account-rental',
  'sim-card-rental',
  'money-mule-recruitment',
] as const;

export interface FieldIssue {
  field: string;
  reason: string;
}

interface Common {
  index: number;
  id: string;
  type: string;
  created: string | null;
  modified: string | null;
  revoked: boolean;
  description: string | null;
  /** The object as imported, serialized as canonical JSON (sorted keys). */
  raw: string;
  /** object_marking_refs and granular marking refs. */
  markingRefs: string[];
  warnings: string[];
}

export interface ParsedObject extends Common {
  kind: 'object';
  name: string | null;
  aliases: string[];
  subtypes: string[];
  /** Normalized names for the name index (name + aliases). */
  nameKeys: string[];
}

export interface ParsedRelationship extends Common {
  kind: 'relationship';
  sourceRef: string;
  targetRef: string;
  relationshipType: string;
}

export interface InvalidEntry {
  kind: 'invalid';
  index: number;
  id: string | null;
  type: string | null;
  errors: FieldIssue[];
}

export type ParsedEntry = ParsedObject | ParsedRelationship | InvalidEntry;

const ID = /^([a-z0-9][a-z0-9-]*[a-z0-9])--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TYPE = /^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$/;
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/;
const SUBTYPE_FIELDS = ['infrastructure_types', 'malware_types', 'tool_types', 'threat_actor_types'];
/** STIX 2.1 cyber-observable types: for them (only) `spec_version` is optional and defaults to "2.1". */
export const SCO_TYPES: ReadonlySet<string> = new Set([
  'artifact',
  'autonomous-system',
  'directory',
  'domain-name',
  'email-addr',
  'email-message',
  'file',
  'ipv4-addr',
  'ipv6-addr',
  'mac-addr',
  'mutex',
  'network-traffic',
  'process',
  'software',
  'url',
  'user-account',
  'windows-registry-key',
  'x509-certificate',
]);

/** JSON with object keys sorted at every level: equal STIX content gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(v as Record<string, unknown>).sort())
      sorted[k] = (v as Record<string, unknown>)[k];
    return sorted;
  });
}

/** Marking-definition ids an object refers to (object and granular markings), for export and access. */
export function markingRefsOf(o: Record<string, unknown>): string[] {
  const refs = new Set<string>();
  if (Array.isArray(o.object_marking_refs))
    for (const r of o.object_marking_refs) if (typeof r === 'string') refs.add(r);
  if (Array.isArray(o.granular_markings))
    for (const g of o.granular_markings) {
      const ref = (g as { marking_ref?: unknown } | null)?.marking_ref;
      if (typeof ref === 'string') refs.add(ref);
    }
  return [...refs].sort();
}

export const isStixId = (value: unknown): value is string => typeof value === 'string' && ID.test(value);

/** Case- and width-insensitive key for names and aliases: NFKC, lower case, single spaces. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().trim().replace(/\s+/g, ' ');
}

/** STIX timestamps to a fixed nanosecond form, so text comparison is time comparison; null if invalid. */
export function normalizeTimestamp(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const match = TIMESTAMP.exec(value);
  if (!match || Number.isNaN(Date.parse(`${match[1]}Z`))) return null;
  return `${match[1]}.${(match[2] ?? '').padEnd(9, '0')}Z`;
}

/** The version a stored object is compared by: `modified`, else `created`, else none. */
export const versionOf = (entry: { modified: string | null; created: string | null }): string =>
  entry.modified ?? entry.created ?? '';

/** Checks a whole bundle's shape; each entry is then parsed on its own. */
export function parseBundle(bundle: unknown): ParsedEntry[] {
  if (bundle === null || typeof bundle !== 'object' || Array.isArray(bundle))
    throw invalid('/', 'must be a STIX 2.1 bundle object');
  const b = bundle as Record<string, unknown>;
  if (b.type !== 'bundle') throw invalid('/type', 'must be "bundle"');
  if (b.objects === undefined) return [];
  if (!Array.isArray(b.objects)) throw invalid('/objects', 'must be an array');
  return b.objects.map((entry, index) => parseStixObject(entry, index));
}

export function parseStixObject(value: unknown, index: number): ParsedEntry {
  const bad = (id: string | null, type: string | null, errors: FieldIssue[]): InvalidEntry => ({
    kind: 'invalid',
    index,
    id,
    type,
    errors,
  });
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return bad(null, null, [{ field: '/', reason: 'must be a JSON object' }]);
  const o = value as Record<string, unknown>;
  const id = typeof o.id === 'string' && o.id.length <= 300 ? o.id : null;
  const type = typeof o.type === 'string' && o.type.length <= 250 ? o.type : null;
  const errors: FieldIssue[] = [];
  checkSizes(o, '', 0, errors);
  if (errors.length > 0) return bad(id, type, errors);
  let raw: string;
  try {
    raw = canonicalJson(o);
  } catch {
    return bad(id, type, [{ field: '/', reason: 'cannot be serialized' }]);
  }
  if (Buffer.byteLength(raw) > MAX_OBJECT_BYTES)
    return bad(id, type, [{ field: '/', reason: `larger than ${MAX_OBJECT_BYTES} bytes` }]);

  if (type === null || !TYPE.test(type))
    errors.push({ field: '/type', reason: 'must be a STIX type (3–250 of a-z, 0-9, -)' });
  else if (type === 'bundle') errors.push({ field: '/type', reason: 'nested bundles are not supported' });
  if (!isStixId(o.id)) errors.push({ field: '/id', reason: 'must be a STIX identifier <type>--<uuid>' });
  else if (type !== null && !o.id.startsWith(`${type}--`))
    errors.push({ field: '/id', reason: `must start with "${type}--"` });
  if (o.spec_version !== '2.1' && !(o.spec_version === undefined && SCO_TYPES.has(type ?? '')))
    errors.push({ field: '/spec_version', reason: 'must be "2.1"' });

  const known = (KNOWN_TYPES as readonly string[]).includes(type ?? '') || type === 'relationship';
  const created = timestamp(o, 'created', known, errors);
  const modified = timestamp(o, 'modified', known, errors);
  if (created && modified && modified < created)
    errors.push({ field: '/modified', reason: 'must not be earlier than created' });
  if (o.revoked !== undefined && typeof o.revoked !== 'boolean')
    errors.push({ field: '/revoked', reason: 'must be a boolean' });
  const description = optionalString(o, 'description', errors);
  const common = {
    index,
    id: o.id as string,
    type: type as string,
    created,
    modified,
    revoked: o.revoked === true,
    description,
    raw,
    markingRefs: markingRefsOf(o),
    warnings: [] as string[],
  };

  if (type === 'relationship') {
    for (const ref of ['source_ref', 'target_ref'])
      if (!isStixId(o[ref])) errors.push({ field: `/${ref}`, reason: 'must be a STIX identifier' });
    const relationshipType = o.relationship_type;
    if (
      typeof relationshipType !== 'string' ||
      relationshipType.length === 0 ||
      relationshipType.length > 250
    )
      errors.push({ field: '/relationship_type', reason: 'must be a non-empty string' });
    if (errors.length > 0) return bad(id, type, errors);
    return {
      ...common,
      kind: 'relationship',
      sourceRef: o.source_ref as string,
      targetRef: o.target_ref as string,
      relationshipType: relationshipType as string,
    };
  }

  const name = optionalString(o, 'name', errors);
  if (known && type !== 'malware' && name === null && !errors.some((e) => e.field === '/name'))
    errors.push({ field: '/name', reason: `is required for ${type}` });
  const aliases = [...stringArray(o, 'aliases', errors), ...stringArray(o, 'x_mitre_aliases', errors)];
  const subtypes = SUBTYPE_FIELDS.flatMap((field) => stringArray(o, field, errors));
  if (errors.length > 0) return bad(id, type, errors);
  const unique = [...new Set(aliases)];
  const keys = new Set<string>();
  let skippedNames = 0;
  for (const n of name === null ? unique : [name, ...unique]) {
    const key = nameKey(n);
    if (key.length === 0) continue;
    if (key.length > MAX_NAME_KEY_LENGTH || keys.size >= MAX_INDEXED_NAMES) skippedNames++;
    else keys.add(key);
  }
  if (skippedNames > 0)
    common.warnings.push(`${skippedNames} name(s) or alias(es) too long or too many to index`);
  return {
    ...common,
    kind: 'object',
    name,
    aliases: unique,
    subtypes: [...new Set(subtypes)],
    nameKeys: [...keys],
  };
}

function checkSizes(value: unknown, pointer: string, depth: number, errors: FieldIssue[]): void {
  if (errors.length >= 10) return;
  if (typeof value === 'string') {
    if (value.length * 3 > MAX_FIELD_BYTES && Buffer.byteLength(value) > MAX_FIELD_BYTES)
      errors.push({ field: pointer || '/', reason: `longer than ${MAX_FIELD_BYTES} bytes` });
    else if (value.includes('\u0000'))
      errors.push({ field: pointer || '/', reason: 'must not contain the NUL character (U+0000)' });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth >= MAX_DEPTH) {
    errors.push({ field: pointer, reason: `nested deeper than ${MAX_DEPTH} levels` });
    return;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) checkSizes(value[i], `${pointer}/${i}`, depth + 1, errors);
    return;
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const path = `${pointer}/${key.slice(0, 100).replaceAll('~', '~0').replaceAll('/', '~1').replaceAll('\u0000', '\\u0000')}`;
    if (key.includes('\u0000') || key.length > 10_000)
      errors.push({ field: path, reason: 'invalid property name' });
    else checkSizes(child, path, depth + 1, errors);
  }
}

function timestamp(
  o: Record<string, unknown>,
  field: string,
  required: boolean,
  errors: FieldIssue[],
): string | null {
  if (o[field] === undefined) {
    if (required) errors.push({ field: `/${field}`, reason: 'is required' });
    return null;
  }
  const value = normalizeTimestamp(o[field]);
  if (value === null)
    errors.push({ field: `/${field}`, reason: 'must be a STIX timestamp (RFC 3339, UTC, "Z")' });
  return value;
}

function optionalString(o: Record<string, unknown>, field: string, errors: FieldIssue[]): string | null {
  const value = o[field];
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    errors.push({ field: `/${field}`, reason: 'must be a string' });
    return null;
  }
  return value;
}

function stringArray(o: Record<string, unknown>, field: string, errors: FieldIssue[]): string[] {
  const value = o[field];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    errors.push({ field: `/${field}`, reason: 'must be an array of strings' });
    return [];
  }
  return value as string[];
}
