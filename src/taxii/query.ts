import { TaxiiError } from './protocol.js';
import type { EntryFilter, VersionFilter } from './store.js';

/** Page sizes: the default keeps responses small for SIEMs; bulk consumers may ask up to the maximum. */
export const DEFAULT_PAGE_SIZE = 1_000;
export const MAX_PAGE_SIZE = 10_000;

export interface ParsedQuery {
  filter: EntryFilter;
  limit: number;
  next: string | undefined;
  /** The filters in one canonical text: cursors are bound to it, so a token only continues its own query. */
  binding: string;
}

const badRequest = (parameter: string, reason: string) =>
  new TaxiiError(400, 'Bad Request', `${parameter}: ${reason}`, 'validation_failed');

type RawQuery = Record<string, string | string[] | undefined>;

/** `match[x]=a,b` and repeated `match[x]=a&match[x]=b` both mean "a or b". */
function listOf(query: RawQuery, name: string): string[] | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  const values = (Array.isArray(raw) ? raw : [raw])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return values.length > 0 ? values : undefined;
}

function single(query: RawQuery, name: string): string | undefined {
  const raw = query[name];
  if (Array.isArray(raw)) throw badRequest(name, 'give it once');
  return raw === undefined || raw === '' ? undefined : raw;
}

/** STIX timestamps are compared as normalized text (millisecond precision, UTC). */
function timestamp(parameter: string, value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value))
    throw badRequest(parameter, `not a STIX timestamp: ${value}`);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw badRequest(parameter, `not a valid timestamp: ${value}`);
  return new Date(ms).toISOString();
}

function versionFilter(values: string[] | undefined): VersionFilter {
  if (!values) return 'last';
  if (values.includes('all')) return 'all';
  if (values.length === 1 && (values[0] === 'first' || values[0] === 'last')) return values[0];
  if (values.some((v) => v === 'first' || v === 'last'))
    throw badRequest('match[version]', 'combine first or last with nothing else');
  return new Set(values.map((v) => timestamp('match[version]', v)));
}

export function parseQuery(
  query: RawQuery,
  options: { allowIdAndType: boolean; defaultVersion?: VersionFilter },
): ParsedQuery {
  const ids = options.allowIdAndType ? listOf(query, 'match[id]') : undefined;
  const types = options.allowIdAndType ? listOf(query, 'match[type]') : undefined;
  const specVersions = listOf(query, 'match[spec_version]');
  const rawVersion = listOf(query, 'match[version]');
  const version = rawVersion ? versionFilter(rawVersion) : (options.defaultVersion ?? 'last');
  const addedAfterText = single(query, 'added_after');
  const addedAfter = addedAfterText ? timestamp('added_after', addedAfterText) : undefined;
  const limitText = single(query, 'limit');
  let limit = DEFAULT_PAGE_SIZE;
  if (limitText !== undefined) {
    if (!/^\d{1,9}$/.test(limitText) || Number(limitText) < 1)
      throw badRequest('limit', 'a positive integer');
    // §3.4: a server may return fewer than asked; larger requests are capped, not refused.
    limit = Math.min(Number(limitText), MAX_PAGE_SIZE);
  }
  const filter: EntryFilter = {
    version,
    specVersionMatches: specVersions === undefined || specVersions.includes('2.1'),
    ...(ids ? { ids: new Set(ids) } : {}),
    ...(types ? { types: new Set(types) } : {}),
    ...(addedAfter ? { addedAfter } : {}),
  };
  const binding = JSON.stringify([
    ids ? [...new Set(ids)].sort() : null,
    types ? [...new Set(types)].sort() : null,
    version instanceof Set ? [...version].sort() : version,
    filter.specVersionMatches,
    addedAfter ?? null,
  ]);
  return { filter, limit, next: single(query, 'next'), binding };
}
