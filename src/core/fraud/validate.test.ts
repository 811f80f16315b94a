import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FRAUD_RULE_SET_JSON_SCHEMA } from './json-schema.js';
import type { RuleSet } from './rule-schema.js';
import { validateRuleSet } from './validate.js';

const sample = (): RuleSet =>
  JSON.parse(readFileSync(new URL('./fixtures/jp-payment-app-rules.json', import.meta.url), 'utf8'));

function errorsOf(input: unknown) {
  const result = validateRuleSet(input);
  return result.ok ? [] : result.errors;
}

/** Resolves a JSON pointer; `undefined` when a segment is missing. */
function resolve(doc: unknown, pointer: string): { found: boolean; parentFound: boolean } {
  if (pointer === '') return { found: true, parentFound: true };
  const parts = pointer
    .slice(1)
    .split('/')
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'));
  let node: unknown = doc;
  for (let i = 0; i < parts.length; i++) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, parts[i]!)) {
      return { found: false, parentFound: i === parts.length - 1 };
    }
    node = (node as Record<string, unknown>)[parts[i]!];
  }
  return { found: true, parentFound: true };
}

describe('validateRuleSet', () => {
  it('accepts the sample 30-rule set', () => {
    const result = validateRuleSet(sample());
    expect(result.ok).toBe(true);
    expect(sample().rules).toHaveLength(30);
  });

  it('reports the exact path of a bad window deep in a condition tree', () => {
    const rules = sample();
    rules.rules[3] = {
      id: 'x',
      score: 10,
      when: {
        all: [
          { field: 'amount', op: 'gt', value: 1 },
          { fanOut: 'deviceId', window: '120d', min: 2 },
        ],
      },
      reason: { code: 'x', ja: 'x', en: 'x' },
    };
    expect(errorsOf(rules)).toEqual([
      { path: '/rules/3/when/all/1/window', message: 'must be between 1m and 90d (got 120d)' },
    ]);
  });

  it('reports every problem at once, each with its own path', () => {
    const rules = sample() as unknown as Record<string, unknown>;
    const list = rules.rules as Record<string, unknown>[];
    list[0]!.score = 'high';
    list[1]!.when = { aggregate: 'median', by: 'nobody', window: '5s', op: 'gte', value: 3 };
    list[2]!.reason = { code: 'Bad Code', ja: '{nothing}', en: 'ok' };
    list[4]!.id = list[3]!.id;
    rules.thresholds = { step_up: 50, hold: 40, deny: 90 };
    rules.extra = true;
    const paths = errorsOf(rules).map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/extra',
        '/thresholds',
        '/rules/0/score',
        '/rules/1/when/aggregate',
        '/rules/1/when/by',
        '/rules/1/when/window',
        '/rules/2/reason/code',
        '/rules/2/reason/ja',
        '/rules/4/id',
      ]),
    );
  });

  it('names conditions with no kind or two kinds, unknown keys, bad lists and ops', () => {
    const base = {
      format: 'koban-fraud-rules/1',
      id: 's',
      version: '1',
      thresholds: { step_up: 1, hold: 2, deny: 3 },
    };
    const rule = (when: unknown) => ({
      ...base,
      rules: [{ id: 'r', score: 1, when, reason: { code: 'c', ja: 'j', en: 'e' } }],
    });
    expect(errorsOf(rule({})).map((e) => e.path)).toEqual(['/rules/0/when']);
    expect(errorsOf(rule({ all: [], any: [] }))[0]!.message).toContain('found all, any');
    expect(errorsOf(rule({ not: { deviceNew: true, colour: 'red' } }))).toEqual([
      { path: '/rules/0/when/not/colour', message: 'unknown property "colour"' },
    ]);
    expect(errorsOf(rule({ inList: 'evil:x', field: 'phone' }))[0]!.path).toBe('/rules/0/when/inList');
    expect(errorsOf(rule({ field: 'amount', op: 'between', value: [5, 1] }))[0]!.path).toBe(
      '/rules/0/when/value',
    );
    expect(errorsOf(rule({ field: 'amount', op: 'gt', value: 'x' }))[0]!.path).toBe('/rules/0/when/value');
    expect(errorsOf(rule({ field: 'attributes.kyc_level', op: 'in', value: [1, 2] }))).toEqual([]);
    expect(
      errorsOf(rule({ aggregate: 'count', of: 'deviceId', by: 'ip', window: '1h', op: 'gte', value: 1 }))[0]!
        .path,
    ).toBe('/rules/0/when/of');
    expect(errorsOf(rule({ structuring: 1e6, band: 0.9, minCount: 3, window: '7d' }))[0]!.path).toBe(
      '/rules/0/when/band',
    );
    expect(errorsOf(rule({ amountVsHistory: 'p50', factor: 3 }))[0]!.path).toBe(
      '/rules/0/when/amountVsHistory',
    );
  });

  it('rejects a rule that is too deep', () => {
    let when: unknown = { deviceNew: true };
    for (let i = 0; i < 10; i++) when = { not: when };
    const input = {
      ...sample(),
      rules: [{ id: 'deep', score: 1, when, reason: { code: 'c', ja: 'j', en: 'e' } }],
    };
    expect(errorsOf(input)[0]!.message).toContain('nest at most 8');
  });

  it('never throws on random JSON and every path exists or names a missing property of an existing object', () => {
    const condition = fc.letrec((tie) => ({
      cond: fc.oneof(
        { maxDepth: 4, depthSize: 'small' },
        fc.jsonValue(),
        fc.record({ all: fc.array(tie('cond'), { maxLength: 3 }) }),
        fc.record({ not: tie('cond') }),
        fc.record({
          fanOut: fc.constantFrom('deviceId', 'x', 3),
          window: fc.constantFrom('1h', '0m', 5),
          min: fc.anything(),
        }),
        fc.dictionary(fc.constantFrom('field', 'op', 'value', 'inList', 'window', '~/x'), fc.jsonValue(), {
          maxKeys: 4,
        }),
      ),
    })).cond;
    const ruleArb = fc.record(
      {
        id: fc.oneof(fc.string(), fc.integer()),
        score: fc.anything(),
        when: condition,
        reason: fc.anything(),
        on: fc.anything(),
      },
      { requiredKeys: [] },
    );
    const doc = fc.oneof(
      fc.anything(),
      fc.record(
        {
          format: fc.constantFrom('koban-fraud-rules/1', 'x'),
          id: fc.string(),
          version: fc.string(),
          thresholds: fc.anything(),
          rules: fc.oneof(fc.array(ruleArb, { maxLength: 4 }), fc.anything()),
        },
        { requiredKeys: [] },
      ),
    );
    fc.assert(
      fc.property(doc, (input) => {
        const result = validateRuleSet(input);
        if (result.ok) return;
        expect(result.errors.length).toBeGreaterThan(0);
        for (const error of result.errors) {
          const where = resolve(input, error.path);
          expect(where.found || where.parentFound, error.path).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('FRAUD_RULE_SET_JSON_SCHEMA', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const check = ajv.compile(FRAUD_RULE_SET_JSON_SCHEMA);

  it('accepts the sample rule set', () => {
    expect(check(sample())).toBe(true);
  });

  it('rejects what the validator rejects on broken variants of the sample', () => {
    const variants: ((r: Record<string, unknown>) => void)[] = [
      (r) => {
        r.format = 'v2';
      },
      (r) => {
        (r.rules as Record<string, unknown>[])[5]!.when = { fanOut: 'deviceId', window: '1h' };
      },
      (r) => {
        (r.rules as Record<string, unknown>[])[0]!.when = { deviceNew: true, field: 'amount' };
      },
      (r) => {
        delete (r.rules as Record<string, unknown>[])[2]!.reason;
      },
    ];
    for (const mutate of variants) {
      const doc = sample() as unknown as Record<string, unknown>;
      mutate(doc);
      expect(validateRuleSet(doc).ok).toBe(false);
      expect(check(doc)).toBe(false);
    }
  });
});
