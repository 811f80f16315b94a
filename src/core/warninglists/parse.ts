/**
 * Validation of the MISP warninglist JSON format
 * (https://github.com/MISP/misp-warninglists, `schema.json`).
 *
 * Schema violations reject the list with every error found. Entries that are unusable for the
 * list's type (bad CIDR, regex that does not compile, blank strings, …) are skipped and reported
 * in `warnings` so that one bad line does not disable a whole list.
 */
import { compileRegexEntry, normalizeHostnameEntry, parseCidr, resolveAppliesTo } from './entries.js';
import { type ParseWarninglistResult, WARNINGLIST_TYPES, type WarninglistType } from './types.js';

const KNOWN_KEYS = new Set(['name', 'description', 'version', 'type', 'list', 'matching_attributes']);
/** Cap on the number of per-entry warnings kept (the total is still reported). */
const MAX_ENTRY_WARNINGS = 50;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? `a string` : `a ${typeof v}`;
}

function isWarninglistType(v: unknown): v is WarninglistType {
  return typeof v === 'string' && (WARNINGLIST_TYPES as readonly string[]).includes(v);
}

function entryProblem(type: WarninglistType, entry: string): string | null {
  switch (type) {
    case 'cidr':
      return parseCidr(entry) === null ? 'not an IP address or CIDR range' : null;
    case 'hostname':
      return normalizeHostnameEntry(entry) === null ? 'not a hostname' : null;
    case 'regex': {
      const r = compileRegexEntry(entry);
      return r.ok ? null : r.reason;
    }
    default:
      return null;
  }
}

export function parseWarninglist(json: unknown): ParseWarninglistResult {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, errors: [`a warninglist must be a JSON object, got ${describe(json)}`] };
  }
  const o = json as Record<string, unknown>;
  const errors: string[] = [];

  for (const key of Object.keys(o)) {
    if (!KNOWN_KEYS.has(key)) errors.push(`unknown property "${key}"`);
  }
  for (const key of ['name', 'description', 'version', 'type', 'list']) {
    if (!Object.hasOwn(o, key)) errors.push(`missing required property "${key}"`);
  }

  const { name, description, version, type, list } = o;
  const matching = o.matching_attributes;
  if (Object.hasOwn(o, 'name')) {
    if (typeof name !== 'string') errors.push(`"name" must be a string, got ${describe(name)}`);
    else if (name.trim() === '') errors.push('"name" must not be empty');
  }
  if (Object.hasOwn(o, 'description') && typeof description !== 'string') {
    errors.push(`"description" must be a string, got ${describe(description)}`);
  }
  if (Object.hasOwn(o, 'version') && !(typeof version === 'number' && Number.isSafeInteger(version))) {
    errors.push(
      `"version" must be an integer, got ${typeof version === 'number' ? version : describe(version)}`,
    );
  }
  if (Object.hasOwn(o, 'type') && !isWarninglistType(type)) {
    errors.push(
      `"type" must be one of ${WARNINGLIST_TYPES.join(', ')}, got ${typeof type === 'string' ? JSON.stringify(type) : describe(type)}`,
    );
  }
  if (Object.hasOwn(o, 'list')) {
    if (!Array.isArray(list)) errors.push(`"list" must be an array of strings, got ${describe(list)}`);
    else {
      const bad = list.findIndex((e) => typeof e !== 'string');
      if (bad >= 0) errors.push(`"list[${bad}]" must be a string, got ${describe(list[bad])}`);
    }
  }
  if (matching !== undefined) {
    if (!Array.isArray(matching)) {
      errors.push(`"matching_attributes" must be an array of strings, got ${describe(matching)}`);
    } else {
      const bad = matching.findIndex((e) => typeof e !== 'string');
      if (bad >= 0)
        errors.push(`"matching_attributes[${bad}]" must be a string, got ${describe(matching[bad])}`);
      else if (new Set(matching).size !== matching.length)
        errors.push('"matching_attributes" has duplicate items');
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const listType = type as WarninglistType;
  const warnings: string[] = [];
  const entries: string[] = [];
  const seen = new Set<string>();
  let skipped = 0;
  let duplicates = 0;
  const entryWarning = (msg: string) => {
    skipped++;
    if (skipped <= MAX_ENTRY_WARNINGS) warnings.push(msg);
  };
  (list as string[]).forEach((raw, i) => {
    const entry = raw.trim();
    if (entry === '') {
      entryWarning(`list[${i}] skipped: empty entry`);
      return;
    }
    if (seen.has(entry)) {
      duplicates++;
      return;
    }
    seen.add(entry);
    const problem = entryProblem(listType, entry);
    if (problem !== null) {
      entryWarning(`list[${i}] ${JSON.stringify(entry.slice(0, 80))} skipped: ${problem}`);
      return;
    }
    entries.push(entry);
  });
  if (skipped > MAX_ENTRY_WARNINGS) warnings.push(`… ${skipped - MAX_ENTRY_WARNINGS} more entries skipped`);
  if (duplicates > 0) warnings.push(`${duplicates} duplicate entries ignored`);

  const matchingAttributes = Array.isArray(matching) ? [...(matching as string[])] : null;
  const { appliesTo, unknown } = resolveAppliesTo(listType, matchingAttributes);
  if (unknown.length > 0)
    warnings.push(`matching_attributes not mapped to Koban indicator types: ${unknown.join(', ')}`);
  if (appliesTo.length === 0) warnings.push('list applies to no Koban indicator type and will never match');
  if (entries.length === 0) warnings.push('list has no usable entries');

  return {
    ok: true,
    list: {
      name: name as string,
      description: description as string,
      version: version as number,
      type: listType,
      matchingAttributes,
      appliesTo,
      list: entries,
      warnings,
    },
  };
}
