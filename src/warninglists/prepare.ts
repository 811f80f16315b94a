/**
 * Turns one MISP warninglist JSON object into what the store keeps: validated list, stable id,
 * content hash, and whether it should be enabled when first imported. Pure.
 */
import { createHash } from 'node:crypto';
import { parseWarninglist, type Warninglist } from '../core/warninglists/index.js';
import type { FieldError } from '../errors/catalogue.js';

export const MAX_NAME_LENGTH = 300;

export interface PreparedList {
  id: string;
  list: Warninglist;
  contentHash: string;
  enabledByDefault: boolean;
  /** Why a list starts disabled (null when it starts enabled). */
  disabledReason: string | null;
}

export type PrepareResult =
  | { ok: true; prepared: PreparedList }
  | { ok: false; name: string | null; errors: FieldError[] };

/** Deterministic id from the name, so nodes importing the same list concurrently converge on one row. */
export function warninglistId(name: string): string {
  return createHash('sha256').update(`warninglist\n${name}`).digest('hex').slice(0, 32);
}

const pointerPart = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The core parser reports plain sentences (`"version" must be an integer, got 1.5`,
 * `missing required property "name"`, `"list[3]" must be a string`). Each becomes a field error
 * with a JSON pointer relative to the list object.
 */
export function toFieldError(message: string): FieldError {
  const named = /^(?:missing required property|unknown property) "([^"]*)"/.exec(message);
  if (named) return { field: `/${pointerPart(named[1]!)}`, reason: message };
  const leading = /^"([a-z_]+)(?:\[(\d+)\])?"/.exec(message);
  if (leading)
    return { field: `/${leading[1]}${leading[2] === undefined ? '' : `/${leading[2]}`}`, reason: message };
  return { field: '/', reason: message };
}

/**
 * MISP lists are false-positive lists and start enabled. The one kind MISP ships that is a list of
 * *known* infrastructure rather than of benign values is dynamic DNS: it is a hostname list, so a
 * hit covers every customer's subdomain (`evil.duckdns.org`) and would hide attacker-chosen names.
 * The shared MISP snapshot carries no machine-readable category, so the name and description decide.
 */
export function defaultEnabled(list: Pick<Warninglist, 'name' | 'description' | 'type'>): {
  enabled: boolean;
  reason: string | null;
} {
  if (list.type === 'hostname' && /dynamic[\s-]*dns|\bddns\b/i.test(`${list.name} ${list.description}`)) {
    return {
      enabled: false,
      reason:
        'dynamic DNS providers hand out subdomains to anyone: a hit would hide attacker-chosen hostnames',
    };
  }
  return { enabled: true, reason: null };
}

function contentHash(list: Warninglist): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([list.name, list.description, list.version, list.type, list.matchingAttributes]));
  for (const e of list.list) h.update('\n').update(e);
  return h.digest('hex');
}

export function prepareList(json: unknown): PrepareResult {
  const rawName =
    json !== null && typeof json === 'object' && typeof (json as { name?: unknown }).name === 'string'
      ? (json as { name: string }).name.trim() || null
      : null;
  const parsed = parseWarninglist(json);
  if (!parsed.ok) return { ok: false, name: rawName, errors: parsed.errors.map(toFieldError) };
  const list = { ...parsed.list, name: parsed.list.name.trim() };
  if (list.name.length > MAX_NAME_LENGTH)
    return {
      ok: false,
      name: rawName,
      errors: [{ field: '/name', reason: `must be at most ${MAX_NAME_LENGTH} characters` }],
    };
  const d = defaultEnabled(list);
  return {
    ok: true,
    prepared: {
      id: warninglistId(list.name),
      list,
      contentHash: contentHash(list),
      enabledByDefault: d.enabled,
      disabledReason: d.reason,
    },
  };
}
