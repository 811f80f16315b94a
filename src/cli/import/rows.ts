import { createHash } from 'node:crypto';
import type { FieldError } from '../../errors/catalogue.js';
import { KIND_SCHEMAS, type ReportKind } from '../../reports/kinds.js';

/** One item read from an import file: either something to submit or errors found while reading it. */
export type SourceItem =
  | { line: number; item: Record<string, unknown> }
  | { line: number; errors: FieldError[] };

/** Top-level columns that hold `;`-separated lists. */
const LIST_COLUMNS = new Set(['sharingGroups', 'recipients']);
const DETAILS_PREFIX = 'details.';
const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

type FieldShape = 'array' | 'number' | 'text';

/** How a `details.<field>` cell is read, from the kind's schema (arrays split on `;`, numbers converted). */
export function detailsFieldShape(kind: unknown, field: string): FieldShape {
  if (typeof kind !== 'string' || !Object.hasOwn(KIND_SCHEMAS, kind)) return 'text';
  const schema = KIND_SCHEMAS[kind as ReportKind] as { properties?: Record<string, { type?: unknown }> };
  const type =
    schema.properties && Object.hasOwn(schema.properties, field) ? schema.properties[field]?.type : undefined;
  if (type === 'array') return 'array';
  if (type === 'number' || type === 'integer') return 'number';
  return 'text';
}

export function splitList(cell: string): string[] {
  return cell
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function cellValue(cell: string, shape: FieldShape): unknown {
  if (shape === 'array') return splitList(cell);
  if (shape === 'number') {
    const trimmed = cell.trim();
    return NUMERIC.test(trimmed) ? Number(trimmed) : cell;
  }
  return cell;
}

/** Plain assignment would treat a column named `__proto__` specially; this always makes a data property. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a CSV header row; returns a problem to report as a usage error, or null. */
export function headerProblem(header: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name) && name !== '') return `the header names the column "${name}" twice`;
    seen.add(name);
  }
  if (!seen.has('kind')) {
    return `the header row has no "kind" column (got: ${header.slice(0, 10).join(', ')})`;
  }
  return null;
}

/**
 * Maps one CSV row to a ReportInput-shaped object. Empty cells are omitted; unknown columns are
 * passed through untouched so validation names them instead of the data being dropped silently.
 */
export function csvRowToItem(header: readonly string[], fields: readonly string[], line: number): SourceItem {
  if (fields.length > header.length) {
    const extra = fields.slice(header.length).some((f) => f !== '');
    if (extra) {
      return {
        line,
        errors: [
          {
            field: '/',
            reason: `line ${line}: ${fields.length} cells but the header has ${header.length} columns`,
          },
        ],
      };
    }
  }
  const item: Record<string, unknown> = {};
  const errors: FieldError[] = [];
  let details: Record<string, unknown> | undefined;
  const detailCells: [string, string][] = [];
  for (let c = 0; c < header.length; c++) {
    const name = header[c] as string;
    const cell = fields[c] ?? '';
    if (cell === '') continue;
    if (name.startsWith(DETAILS_PREFIX)) detailCells.push([name.slice(DETAILS_PREFIX.length), cell]);
    else if (name === 'details') {
      const parsed = parseJson(cell);
      if (isPlainObject(parsed)) details = parsed;
      else errors.push({ field: '/details', reason: `line ${line}: the details cell is not a JSON object` });
    } else if (name === 'indicators') {
      const parsed = parseIndicators(cell, line);
      if ('errors' in parsed) errors.push(...parsed.errors);
      else item.indicators = parsed.indicators;
    } else if (LIST_COLUMNS.has(name)) item[name] = splitList(cell);
    // kind, tlp, pap, sensitivity, title, description, externalId, observedAt; unknown columns too.
    else setOwn(item, name, cell);
  }
  if (errors.length > 0) return { line, errors };
  const merged: Record<string, unknown> = { ...(details ?? {}) };
  for (const [field, cell] of detailCells)
    setOwn(merged, field, cellValue(cell, detailsFieldShape(item.kind, field)));
  item.details = merged;
  return { line, item };
}

/** `type:value;type:value` → explicit indicators (the value may itself contain colons, e.g. URLs). */
export function parseIndicators(
  cell: string,
  line: number,
): { indicators: { type: string; value: string }[] } | { errors: FieldError[] } {
  const indicators: { type: string; value: string }[] = [];
  const errors: FieldError[] = [];
  for (const entry of splitList(cell)) {
    const colon = entry.indexOf(':');
    if (colon <= 0 || colon === entry.length - 1) {
      errors.push({
        field: `/indicators/${indicators.length}`,
        reason: `line ${line}: expected type:value, got "${entry}"`,
      });
      continue;
    }
    indicators.push({ type: entry.slice(0, colon).trim(), value: entry.slice(colon + 1).trim() });
  }
  return errors.length > 0 ? { errors } : { indicators };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One JSONL line → an item, or an invalid result naming the line. Blank lines return null. */
export function jsonLineToItem(text: string, line: number): SourceItem | null {
  if (text.trim() === '') return null;
  const parsed = parseJson(text);
  if (parsed === undefined) return { line, errors: [{ field: '/', reason: `line ${line}: not valid JSON` }] };
  if (!isPlainObject(parsed))
    return { line, errors: [{ field: '/', reason: `line ${line}: not a JSON object` }] };
  return { line, item: parsed };
}

/** JSON with object keys sorted at every level, so equal content always gives equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (isPlainObject(value)) {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Items without an externalId get one derived from their content, so re-running an import (after a
 * crash or on purpose) deduplicates instead of storing the same reports twice.
 */
export function withDerivedExternalId(item: Record<string, unknown>): Record<string, unknown> {
  if (item.externalId !== undefined) return item;
  const digest = createHash('sha256').update(canonicalJson(item)).digest('hex').slice(0, 32);
  return { ...item, externalId: `import:${digest}` };
}
