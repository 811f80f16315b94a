/**
 * The rule-set format as JSON Schema (draft 2020-12), for the API to publish and for editors to
 * autocomplete. `validateRuleSet` is the authority (it also checks what a schema cannot say
 * clearly: unique rule ids, threshold order, placeholders); a test holds the two together on the
 * sample rule set and on broken variants.
 */
import { RULE_SET_FORMAT, RULE_SET_LIMITS } from './rule-schema.js';
import { DESCRIPTIVE_FIELDS, ENTITY_FIELDS, FRAUD_DECISIONS, FRAUD_EVENT_TYPES } from './types.js';

const ref = (name: string) => ({ $ref: `#/$defs/${name}` });
const window = { type: 'string', pattern: '^[1-9][0-9]{0,5}[mhd]$', description: '1m … 90d' };
const entity = { enum: [...ENTITY_FIELDS] };
const eventTypes = { type: 'array', minItems: 1, items: { enum: [...FRAUD_EVENT_TYPES] } };
const prefixLength = { type: 'integer', minimum: 1, maximum: RULE_SET_LIMITS.prefixLength };
const scalar = { type: ['string', 'number', 'boolean'] };

function kind(properties: Record<string, unknown>, required: string[], description: string) {
  return { type: 'object', description, properties, required, additionalProperties: false };
}

export const FRAUD_RULE_SET_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://koban.example/schemas/fraud-rule-set-1.json',
  title: 'Koban fraud rule set',
  type: 'object',
  required: ['format', 'id', 'version', 'thresholds', 'rules'],
  additionalProperties: false,
  properties: {
    format: { const: RULE_SET_FORMAT },
    id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$' },
    version: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.:+-]{0,63}$' },
    description: { type: 'string', maxLength: RULE_SET_LIMITS.text },
    scoreCap: { type: 'integer', minimum: 1, maximum: 1000 },
    thresholds: {
      type: 'object',
      required: ['step_up', 'hold', 'deny'],
      additionalProperties: false,
      properties: {
        step_up: { type: 'number', minimum: 1, maximum: 1000 },
        hold: { type: 'number', minimum: 1, maximum: 1000 },
        deny: { type: 'number', minimum: 1, maximum: 1000 },
      },
    },
    rules: { type: 'array', minItems: 1, maxItems: RULE_SET_LIMITS.rules, items: ref('rule') },
  },
  $defs: {
    rule: {
      type: 'object',
      required: ['id', 'when', 'reason'],
      anyOf: [{ required: ['score'] }, { required: ['decision'] }],
      additionalProperties: false,
      properties: {
        id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$' },
        description: { type: 'string', maxLength: RULE_SET_LIMITS.text },
        enabled: { type: 'boolean' },
        on: eventTypes,
        when: ref('condition'),
        score: { type: 'integer', minimum: -1000, maximum: 1000 },
        decision: { enum: [...FRAUD_DECISIONS] },
        reason: {
          type: 'object',
          required: ['code', 'ja', 'en'],
          additionalProperties: false,
          properties: {
            code: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,63}$' },
            ja: { type: 'string', minLength: 1, maxLength: RULE_SET_LIMITS.text },
            en: { type: 'string', minLength: 1, maxLength: RULE_SET_LIMITS.text },
          },
        },
      },
    },
    condition: {
      oneOf: [
        kind(
          { all: { type: 'array', minItems: 1, items: ref('condition') } },
          ['all'],
          'every condition holds',
        ),
        kind({ any: { type: 'array', minItems: 1, items: ref('condition') } }, ['any'], 'at least one holds'),
        kind({ not: ref('condition') }, ['not'], 'the condition does not hold'),
        kind(
          {
            field: {
              anyOf: [
                { enum: ['amount', ...ENTITY_FIELDS, ...DESCRIPTIVE_FIELDS] },
                { type: 'string', pattern: '^attributes\\.[A-Za-z0-9_]{1,64}$' },
              ],
            },
            op: { enum: ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'between', 'exists', 'prefix'] },
            value: {
              anyOf: [
                scalar,
                { type: 'array', minItems: 1, maxItems: RULE_SET_LIMITS.listItems, items: scalar },
              ],
            },
          },
          ['field', 'op'],
          'compare an event field',
        ),
        kind(
          {
            inList: { type: 'string', pattern: '^(org|shared|infra):[a-z0-9][a-z0-9_.-]{0,63}$' },
            field: entity,
            prefixLength,
          },
          ['inList', 'field'],
          'the entity (or its first prefixLength characters) is on a named list',
        ),
        kind(
          {
            aggregate: { enum: ['count', 'sum', 'distinct'] },
            of: entity,
            by: entity,
            prefixLength,
            window,
            on: eventTypes,
            where: {
              type: 'object',
              additionalProperties: false,
              properties: Object.fromEntries(
                ['channel', 'currency', 'asset'].map((f) => [
                  f,
                  { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
                ]),
              ),
            },
            op: { enum: ['eq', 'gt', 'gte', 'lt', 'lte'] },
            value: { type: 'number', minimum: 0 },
            as: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_]{0,31}$' },
          },
          ['aggregate', 'by', 'window', 'op', 'value'],
          'count, sum of amounts or distinct values over a sliding window, by an entity (includes the event itself)',
        ),
        kind(
          { fanOut: entity, prefixLength, window, on: eventTypes, min: { type: 'integer', minimum: 1 } },
          ['fanOut', 'window', 'min'],
          'at least min distinct accounts used this entity within the window',
        ),
        kind(
          {
            structuring: { type: 'number', minimum: 1, description: 'the threshold amounts stay just under' },
            band: { type: 'number', exclusiveMinimum: 0, maximum: 0.5 },
            minCount: { type: 'integer', minimum: 1 },
            window,
            by: entity,
            on: eventTypes,
          },
          ['structuring', 'band', 'minCount', 'window'],
          'at least minCount amounts in [threshold × (1 − band), threshold) within the window, this one included',
        ),
        kind(
          { deviceNew: { const: true }, within: window, requireHistory: { type: 'boolean' } },
          ['deviceNew'],
          'the device was not seen for this account (within `within`, at most 90 days)',
        ),
        kind(
          {
            amountVsHistory: { enum: ['max', 'p90', 'mean'] },
            factor: { type: 'number', exclusiveMinimum: 0 },
            lastN: { type: 'integer', minimum: 1, maximum: RULE_SET_LIMITS.amountHistory },
            window,
            minHistory: { type: 'integer', minimum: 1, maximum: RULE_SET_LIMITS.amountHistory },
            on: eventTypes,
          },
          ['amountVsHistory', 'factor'],
          "amount > factor × the statistic of the account's recent amounts",
        ),
      ],
    },
  },
} as const;
