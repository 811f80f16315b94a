/**
 * Building blocks of the rule-set validator: an error collector with JSON-pointer paths and the
 * checks every part of the format repeats (known keys, strings, numbers, windows, type lists).
 */
import { parseWindow } from './duration.js';
import { FRAUD_EVENT_TYPES } from './types.js';

export interface RuleSetError {
  /** JSON pointer (RFC 6901) into the submitted document, e.g. `/rules/3/when/all/1/window`. */
  path: string;
  message: string;
}

/** Enough to fix a document; a garbage upload must not produce megabytes of errors. */
const MAX_ERRORS = 200;

export class Issues {
  readonly errors: RuleSetError[] = [];
  add(path: string, message: string): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push({ path, message });
  }
}

export function child(path: string, key: string | number): string {
  return `${path}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}

export function unknownKeys(
  obj: JsonObject,
  allowed: ReadonlySet<string>,
  path: string,
  issues: Issues,
): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.has(key)) issues.add(child(path, key), `unknown property "${key.slice(0, 40)}"`);
  }
}

export interface StringRule {
  required?: boolean;
  pattern?: RegExp;
  patternHint?: string;
  max?: number;
}

export function checkString(
  obj: JsonObject,
  key: string,
  path: string,
  issues: Issues,
  rule: StringRule,
): void {
  const value = obj[key];
  const at = child(path, key);
  if (value === undefined) {
    if (rule.required) issues.add(at, 'is required');
    return;
  }
  if (typeof value !== 'string') {
    issues.add(at, `must be a string, got ${describe(value)}`);
    return;
  }
  if (value.length === 0) {
    issues.add(at, 'must not be empty');
    return;
  }
  if (rule.max !== undefined && value.length > rule.max)
    issues.add(at, `must be at most ${rule.max} characters`);
  else if (rule.pattern && !rule.pattern.test(value)) issues.add(at, `must match ${rule.patternHint}`);
}

export interface NumberRule {
  required?: boolean;
  min?: number;
  max?: number;
  integer?: boolean;
  /** `min` itself is not allowed. */
  exclusiveMin?: boolean;
}

export function checkNumber(
  obj: JsonObject,
  key: string,
  path: string,
  issues: Issues,
  rule: NumberRule,
): void {
  const value = obj[key];
  const at = child(path, key);
  if (value === undefined) {
    if (rule.required) issues.add(at, 'is required');
    return;
  }
  checkNumberValue(value, at, issues, rule);
}

export function checkNumberValue(value: unknown, at: string, issues: Issues, rule: NumberRule): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    issues.add(at, `must be a finite number, got ${describe(value)}`);
    return;
  }
  if (rule.integer && !Number.isInteger(value)) {
    issues.add(at, 'must be an integer');
    return;
  }
  if (rule.min !== undefined && (value < rule.min || (rule.exclusiveMin && value === rule.min))) {
    issues.add(at, `must be ${rule.exclusiveMin ? 'greater than' : 'at least'} ${rule.min}`);
    return;
  }
  if (rule.max !== undefined && value > rule.max) issues.add(at, `must be at most ${rule.max}`);
}

export function checkBoolean(obj: JsonObject, key: string, path: string, issues: Issues): void {
  const value = obj[key];
  if (value !== undefined && typeof value !== 'boolean') {
    issues.add(child(path, key), `must be true or false, got ${describe(value)}`);
  }
}

export function checkWindow(
  obj: JsonObject,
  key: string,
  path: string,
  issues: Issues,
  required: boolean,
): void {
  const value = obj[key];
  const at = child(path, key);
  if (value === undefined) {
    if (required) issues.add(at, 'is required (a window such as "15m", "24h" or "7d", from 1m to 90d)');
    return;
  }
  const parsed = parseWindow(value);
  if (!parsed.ok) issues.add(at, parsed.message);
}

const KNOWN_TYPES: ReadonlySet<string> = new Set(FRAUD_EVENT_TYPES);

export function checkEventTypes(obj: JsonObject, key: string, path: string, issues: Issues): void {
  const value = obj[key];
  if (value === undefined) return;
  checkEnumArray(value, child(path, key), issues, KNOWN_TYPES, 'an event type');
}

export function checkEnumArray(
  value: unknown,
  at: string,
  issues: Issues,
  allowed: ReadonlySet<string>,
  what: string,
): void {
  if (!Array.isArray(value)) {
    issues.add(at, `must be an array, got ${describe(value)}`);
    return;
  }
  if (value.length === 0) {
    issues.add(at, 'must not be empty');
    return;
  }
  value.forEach((item, i) => {
    if (typeof item !== 'string' || !allowed.has(item)) {
      issues.add(child(at, i), `must be ${what} (${[...allowed].join(', ')}), got ${describe(item)}`);
    }
  });
}

export function checkStringArray(value: unknown, at: string, issues: Issues, maxItems: number): void {
  if (!Array.isArray(value)) {
    issues.add(at, `must be an array, got ${describe(value)}`);
    return;
  }
  if (value.length === 0) {
    issues.add(at, 'must not be empty');
    return;
  }
  if (value.length > maxItems) {
    issues.add(at, `must have at most ${maxItems} items`);
    return;
  }
  value.forEach((item, i) => {
    if (typeof item !== 'string' || item.length === 0) {
      issues.add(child(at, i), `must be a non-empty string, got ${describe(item)}`);
    }
  });
}
