/**
 * `validateRuleSet`: the only way a rule set reaches the compiler. Returns every problem at once,
 * each with the JSON pointer of the offending value, so an analyst fixes a draft in one pass.
 * Never throws, whatever the input.
 */
import { placeholdersFor, placeholdersIn } from './placeholders.js';
import { RULE_SET_FORMAT, RULE_SET_LIMITS, type RuleSet } from './rule-schema.js';
import { FRAUD_DECISIONS } from './types.js';
import { validateCondition } from './validate-conditions.js';
import {
  checkBoolean,
  checkEventTypes,
  checkNumber,
  checkString,
  child,
  describe,
  Issues,
  isObject,
  type JsonObject,
  type RuleSetError,
  unknownKeys,
} from './validate-helpers.js';

export type { RuleSetError } from './validate-helpers.js';

export type RuleSetValidation = { ok: true; ruleSet: RuleSet } | { ok: false; errors: RuleSetError[] };

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const VERSION = /^[A-Za-z0-9][A-Za-z0-9_.:+-]{0,63}$/;
const CODE = /^[a-z][a-z0-9_]{0,63}$/;
const SET_KEYS = new Set(['format', 'id', 'version', 'description', 'thresholds', 'scoreCap', 'rules']);
const RULE_KEYS = new Set(['id', 'description', 'enabled', 'on', 'when', 'score', 'decision', 'reason']);
const REASON_KEYS = new Set(['code', 'ja', 'en']);
const THRESHOLD_KEYS = new Set(['step_up', 'hold', 'deny']);
const DECISIONS: ReadonlySet<string> = new Set(FRAUD_DECISIONS);

export function validateRuleSet(input: unknown): RuleSetValidation {
  const issues = new Issues();
  if (!isObject(input)) {
    issues.add('', `must be a rule-set object, got ${describe(input)}`);
    return { ok: false, errors: issues.errors };
  }
  unknownKeys(input, SET_KEYS, '', issues);
  if (input.format !== RULE_SET_FORMAT) issues.add('/format', `must be "${RULE_SET_FORMAT}"`);
  checkString(input, 'id', '', issues, { required: true, pattern: ID, patternHint: 'letters, digits, _.:-' });
  checkString(input, 'version', '', issues, {
    required: true,
    pattern: VERSION,
    patternHint: 'a version label',
  });
  checkString(input, 'description', '', issues, { max: RULE_SET_LIMITS.text });
  checkNumber(input, 'scoreCap', '', issues, { integer: true, min: 1, max: 1000 });
  validateThresholds(input, issues);
  validateRules(input.rules, issues);
  if (issues.errors.length > 0) return { ok: false, errors: issues.errors };
  return { ok: true, ruleSet: input as unknown as RuleSet };
}

function validateThresholds(input: JsonObject, issues: Issues): void {
  const thresholds = input.thresholds;
  if (!isObject(thresholds)) {
    issues.add('/thresholds', `must be {step_up, hold, deny}, got ${describe(thresholds)}`);
    return;
  }
  unknownKeys(thresholds, THRESHOLD_KEYS, '/thresholds', issues);
  for (const key of THRESHOLD_KEYS) {
    checkNumber(thresholds, key, '/thresholds', issues, { required: true, min: 1, max: 1000 });
  }
  const { step_up: stepUp, hold, deny } = thresholds;
  if (typeof stepUp === 'number' && typeof hold === 'number' && typeof deny === 'number') {
    if (!(stepUp <= hold && hold <= deny)) issues.add('/thresholds', 'must satisfy step_up ≤ hold ≤ deny');
  }
}

function validateRules(rules: unknown, issues: Issues): void {
  if (!Array.isArray(rules)) {
    issues.add('/rules', `must be an array of rules, got ${describe(rules)}`);
    return;
  }
  if (rules.length === 0) {
    issues.add('/rules', 'must contain at least one rule');
    return;
  }
  if (rules.length > RULE_SET_LIMITS.rules) {
    issues.add('/rules', `must have at most ${RULE_SET_LIMITS.rules} rules`);
    return;
  }
  const seen = new Map<string, number>();
  rules.forEach((rule, i) => {
    const path = child('/rules', i);
    if (!isObject(rule)) {
      issues.add(path, `must be a rule object, got ${describe(rule)}`);
      return;
    }
    validateRule(rule, path, issues);
    if (typeof rule.id === 'string') {
      const first = seen.get(rule.id);
      if (first !== undefined) issues.add(child(path, 'id'), `duplicates the id of /rules/${first}`);
      else seen.set(rule.id, i);
    }
  });
}

function validateRule(rule: JsonObject, path: string, issues: Issues): void {
  unknownKeys(rule, RULE_KEYS, path, issues);
  checkString(rule, 'id', path, issues, {
    required: true,
    pattern: ID,
    patternHint: 'letters, digits, _.:-',
  });
  checkString(rule, 'description', path, issues, { max: RULE_SET_LIMITS.text });
  checkBoolean(rule, 'enabled', path, issues);
  checkEventTypes(rule, 'on', path, issues);
  checkNumber(rule, 'score', path, issues, { integer: true, min: -1000, max: 1000 });
  if (rule.decision !== undefined && (typeof rule.decision !== 'string' || !DECISIONS.has(rule.decision))) {
    issues.add(
      child(path, 'decision'),
      `must be one of ${FRAUD_DECISIONS.join(', ')}, got ${describe(rule.decision)}`,
    );
  }
  if (rule.score === undefined && rule.decision === undefined)
    issues.add(path, 'needs a score or a decision');
  if (rule.when === undefined) issues.add(child(path, 'when'), 'is required');
  else validateCondition(rule.when, child(path, 'when'), 1, { used: 0 }, issues);
  validateReason(rule, path, issues);
}

function validateReason(rule: JsonObject, path: string, issues: Issues): void {
  const at = child(path, 'reason');
  const reason = rule.reason;
  if (!isObject(reason)) {
    issues.add(at, `must be {code, ja, en}, got ${describe(reason)}`);
    return;
  }
  unknownKeys(reason, REASON_KEYS, at, issues);
  checkString(reason, 'code', at, issues, { required: true, pattern: CODE, patternHint: 'snake_case' });
  const known = placeholdersFor(rule.when);
  for (const language of ['ja', 'en'] as const) {
    checkString(reason, language, at, issues, { required: true, max: RULE_SET_LIMITS.text });
    const text = reason[language];
    if (typeof text !== 'string') continue;
    for (const name of placeholdersIn(text)) {
      if (!known.has(name)) {
        issues.add(
          child(at, language),
          `unknown placeholder {${name}}; known here: ${[...known].join(', ')}`,
        );
      }
    }
  }
}
