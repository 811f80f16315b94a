/**
 * Validation of one condition tree: exactly one kind per object, every parameter checked, every
 * problem reported with the JSON pointer of the offending value.
 */
import { CONDITION_KINDS, RULE_SET_LIMITS } from './rule-schema.js';
import { DESCRIPTIVE_FIELDS, ENTITY_FIELDS } from './types.js';
import {
  checkBoolean,
  checkEventTypes,
  checkNumber,
  checkNumberValue,
  checkString,
  checkStringArray,
  checkWindow,
  child,
  describe,
  type Issues,
  isObject,
  type JsonObject,
  unknownKeys,
} from './validate-helpers.js';

const KINDS: ReadonlySet<string> = new Set(CONDITION_KINDS);
const ENTITIES: ReadonlySet<string> = new Set(ENTITY_FIELDS);
const STRING_FIELDS: ReadonlySet<string> = new Set([...ENTITY_FIELDS, ...DESCRIPTIVE_FIELDS]);
const COMPARISON_OPS: ReadonlySet<string> = new Set([
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'between',
  'exists',
  'prefix',
]);
const NUMERIC_OPS: ReadonlySet<string> = new Set(['eq', 'gt', 'gte', 'lt', 'lte']);
const WHERE_FIELDS: ReadonlySet<string> = new Set(['channel', 'currency', 'asset']);
const LIST_NAME = /^(org|shared|infra):[a-z0-9][a-z0-9_.-]{0,63}$/;
const PLACEHOLDER_NAME = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;
const ATTRIBUTE_FIELD = /^attributes\.[A-Za-z0-9_]{1,64}$/;
const HISTORY_STATS: ReadonlySet<string> = new Set(['max', 'p90', 'mean']);
const AGGREGATE_FNS: ReadonlySet<string> = new Set(['count', 'sum', 'distinct']);

const ALLOWED_KEYS: Readonly<Record<string, ReadonlySet<string>>> = {
  all: new Set(['all']),
  any: new Set(['any']),
  not: new Set(['not']),
  field: new Set(['field', 'op', 'value']),
  inList: new Set(['inList', 'field', 'prefixLength']),
  aggregate: new Set(['aggregate', 'of', 'by', 'prefixLength', 'window', 'on', 'where', 'op', 'value', 'as']),
  fanOut: new Set(['fanOut', 'prefixLength', 'window', 'on', 'min']),
  structuring: new Set(['structuring', 'band', 'minCount', 'window', 'by', 'on']),
  deviceNew: new Set(['deviceNew', 'within', 'requireHistory']),
  amountVsHistory: new Set(['amountVsHistory', 'factor', 'lastN', 'window', 'minHistory', 'on']),
};

/** Counts condition objects of one rule so a rule cannot grow without bound. */
export interface ConditionBudget {
  used: number;
}

export function validateCondition(
  value: unknown,
  path: string,
  depth: number,
  budget: ConditionBudget,
  issues: Issues,
): void {
  if (!isObject(value)) {
    issues.add(path, `must be a condition object, got ${describe(value)}`);
    return;
  }
  budget.used += 1;
  if (budget.used === RULE_SET_LIMITS.conditionsPerRule + 1) {
    issues.add(path, `a rule may have at most ${RULE_SET_LIMITS.conditionsPerRule} conditions`);
  }
  if (depth > RULE_SET_LIMITS.conditionDepth) {
    issues.add(path, `conditions may nest at most ${RULE_SET_LIMITS.conditionDepth} levels deep`);
    return;
  }
  // `field` names the looked-up entity inside an inList condition, and is a comparison otherwise.
  const kinds = Object.keys(value).filter((key) => KINDS.has(key) && !(key === 'field' && 'inList' in value));
  if (kinds.length !== 1) {
    const found = kinds.length === 0 ? 'none' : kinds.join(', ');
    issues.add(path, `must have exactly one of ${CONDITION_KINDS.join(', ')} (found ${found})`);
    return;
  }
  const kind = kinds[0]!;
  unknownKeys(value, ALLOWED_KEYS[kind]!, path, issues);
  switch (kind) {
    case 'all':
    case 'any':
      validateList(value[kind], child(path, kind), depth, budget, issues);
      return;
    case 'not':
      validateCondition(value.not, child(path, 'not'), depth + 1, budget, issues);
      return;
    case 'field':
      validateField(value, path, issues);
      return;
    case 'inList':
      checkString(value, 'inList', path, issues, {
        pattern: LIST_NAME,
        patternHint: 'org:, shared: or infra: followed by a lowercase name (e.g. "shared:phone")',
      });
      checkEntity(value, 'field', path, issues, true);
      checkPrefix(value, path, issues);
      return;
    case 'aggregate':
      validateAggregate(value, path, issues);
      return;
    case 'fanOut':
      checkEntity(value, 'fanOut', path, issues, true);
      checkPrefix(value, path, issues);
      checkWindow(value, 'window', path, issues, true);
      checkEventTypes(value, 'on', path, issues);
      checkNumber(value, 'min', path, issues, { required: true, integer: true, min: 1, max: 1e9 });
      return;
    case 'structuring':
      checkNumber(value, 'structuring', path, issues, { min: 1, max: RULE_SET_LIMITS.maxAmount });
      checkNumber(value, 'band', path, issues, { required: true, min: 0, exclusiveMin: true, max: 0.5 });
      checkNumber(value, 'minCount', path, issues, { required: true, integer: true, min: 1, max: 1e6 });
      checkWindow(value, 'window', path, issues, true);
      checkEntity(value, 'by', path, issues, false);
      checkEventTypes(value, 'on', path, issues);
      return;
    case 'deviceNew':
      if (value.deviceNew !== true) issues.add(child(path, 'deviceNew'), 'must be true');
      checkWindow(value, 'within', path, issues, false);
      checkBoolean(value, 'requireHistory', path, issues);
      return;
    default:
      validateAmountVsHistory(value, path, issues);
      return;
  }
}

function validateList(
  value: unknown,
  at: string,
  depth: number,
  budget: ConditionBudget,
  issues: Issues,
): void {
  if (!Array.isArray(value)) {
    issues.add(at, `must be an array of conditions, got ${describe(value)}`);
    return;
  }
  if (value.length === 0) {
    issues.add(at, 'must contain at least one condition');
    return;
  }
  value.forEach((item, i) => {
    validateCondition(item, child(at, i), depth + 1, budget, issues);
  });
}

function checkEntity(obj: JsonObject, key: string, path: string, issues: Issues, required: boolean): void {
  const value = obj[key];
  if (value === undefined) {
    if (required) issues.add(child(path, key), `is required (one of ${ENTITY_FIELDS.join(', ')})`);
    return;
  }
  if (typeof value !== 'string' || !ENTITIES.has(value)) {
    issues.add(child(path, key), `must be one of ${ENTITY_FIELDS.join(', ')}, got ${describe(value)}`);
  }
}

function checkPrefix(obj: JsonObject, path: string, issues: Issues): void {
  checkNumber(obj, 'prefixLength', path, issues, {
    integer: true,
    min: 1,
    max: RULE_SET_LIMITS.prefixLength,
  });
}

function validateField(value: JsonObject, path: string, issues: Issues): void {
  const field = value.field;
  const isAmount = field === 'amount';
  if (typeof field !== 'string' || !(isAmount || STRING_FIELDS.has(field) || ATTRIBUTE_FIELD.test(field))) {
    issues.add(
      child(path, 'field'),
      `must be amount, attributes.<name> or one of ${[...STRING_FIELDS].join(', ')}, got ${describe(field)}`,
    );
  }
  const op = value.op;
  const at = child(path, 'value');
  if (typeof op !== 'string' || !COMPARISON_OPS.has(op)) {
    issues.add(child(path, 'op'), `must be one of ${[...COMPARISON_OPS].join(', ')}, got ${describe(op)}`);
    return;
  }
  const operand = value.value;
  if (op === 'exists') {
    if (operand !== undefined && typeof operand !== 'boolean')
      issues.add(at, 'must be true or false for exists');
    return;
  }
  if (operand === undefined) {
    issues.add(at, `is required for ${op}`);
    return;
  }
  if (op === 'in') {
    if (!Array.isArray(operand) || operand.length === 0 || operand.length > RULE_SET_LIMITS.listItems) {
      issues.add(at, `must be a non-empty array of at most ${RULE_SET_LIMITS.listItems} values for in`);
      return;
    }
    operand.forEach((item, i) => {
      if (!['string', 'number', 'boolean'].includes(typeof item)) {
        issues.add(child(at, i), `must be a string, number or boolean, got ${describe(item)}`);
      }
    });
    return;
  }
  if (op === 'between') {
    if (!Array.isArray(operand) || operand.length !== 2) {
      issues.add(at, 'must be [low, high] for between');
      return;
    }
    checkNumberValue(operand[0], child(at, 0), issues, {});
    checkNumberValue(operand[1], child(at, 1), issues, {});
    if (typeof operand[0] === 'number' && typeof operand[1] === 'number' && operand[0] > operand[1]) {
      issues.add(at, 'low must not exceed high');
    }
    return;
  }
  if (op === 'prefix') {
    if (typeof operand !== 'string' || operand.length === 0)
      issues.add(at, 'must be a non-empty string for prefix');
    return;
  }
  if (['gt', 'gte', 'lt', 'lte'].includes(op)) {
    checkNumberValue(operand, at, issues, {});
    return;
  }
  if (!['string', 'number', 'boolean'].includes(typeof operand)) {
    issues.add(at, `must be a string, number or boolean, got ${describe(operand)}`);
  }
}

function validateAggregate(value: JsonObject, path: string, issues: Issues): void {
  const fn = value.aggregate;
  if (typeof fn !== 'string' || !AGGREGATE_FNS.has(fn)) {
    issues.add(child(path, 'aggregate'), `must be count, sum or distinct, got ${describe(fn)}`);
  }
  if (fn === 'distinct') checkEntity(value, 'of', path, issues, true);
  else if (value.of !== undefined) issues.add(child(path, 'of'), 'is only allowed with distinct');
  checkEntity(value, 'by', path, issues, true);
  checkPrefix(value, path, issues);
  checkWindow(value, 'window', path, issues, true);
  checkEventTypes(value, 'on', path, issues);
  if (value.where !== undefined) {
    const at = child(path, 'where');
    if (!isObject(value.where)) issues.add(at, `must be an object, got ${describe(value.where)}`);
    else {
      unknownKeys(value.where, WHERE_FIELDS, at, issues);
      for (const [key, list] of Object.entries(value.where)) {
        if (WHERE_FIELDS.has(key)) checkStringArray(list, child(at, key), issues, RULE_SET_LIMITS.listItems);
      }
    }
  }
  if (typeof value.op !== 'string' || !NUMERIC_OPS.has(value.op)) {
    issues.add(child(path, 'op'), `must be one of ${[...NUMERIC_OPS].join(', ')}, got ${describe(value.op)}`);
  }
  checkNumber(value, 'value', path, issues, { required: true, min: 0, max: RULE_SET_LIMITS.maxAmount * 1e3 });
  checkString(value, 'as', path, issues, { pattern: PLACEHOLDER_NAME, patternHint: 'a placeholder name' });
}

function validateAmountVsHistory(value: JsonObject, path: string, issues: Issues): void {
  const stat = value.amountVsHistory;
  if (typeof stat !== 'string' || !HISTORY_STATS.has(stat)) {
    issues.add(child(path, 'amountVsHistory'), `must be max, p90 or mean, got ${describe(stat)}`);
  }
  checkNumber(value, 'factor', path, issues, { required: true, min: 0, exclusiveMin: true, max: 1e6 });
  const n = RULE_SET_LIMITS.amountHistory;
  checkNumber(value, 'lastN', path, issues, { integer: true, min: 1, max: n });
  checkNumber(value, 'minHistory', path, issues, { integer: true, min: 1, max: n });
  checkWindow(value, 'window', path, issues, false);
  checkEventTypes(value, 'on', path, issues);
}
