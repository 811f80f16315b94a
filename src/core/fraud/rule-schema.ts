/**
 * The declarative rule-set format (version `koban-fraud-rules/1`): TypeScript shapes of what
 * `validateRuleSet` accepts. The JSON Schema twin for the API is in `json-schema.ts`; the README
 * documents it with a worked example.
 */
import type { EntityField, FraudDecision, KnownFraudEventType, StringField } from './types.js';

export const RULE_SET_FORMAT = 'koban-fraud-rules/1';

/** Bounds that keep a rule set cheap to evaluate and its state bounded. */
export const RULE_SET_LIMITS = {
  rules: 500,
  conditionDepth: 8,
  conditionsPerRule: 64,
  listItems: 1_000,
  text: 500,
  prefixLength: 32,
  amountHistory: 12,
  maxAmount: 1e13,
} as const;

export type ComparisonOp = 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'between' | 'exists' | 'prefix';
export type NumericOp = 'eq' | 'gt' | 'gte' | 'lt' | 'lte';

/** Fields a comparison may read: string fields, `amount`, or `attributes.<name>`. */
export type FieldPath = StringField | 'amount' | `attributes.${string}`;

export type Scalar = string | number | boolean;

export interface AllCondition {
  all: Condition[];
}
export interface AnyCondition {
  any: Condition[];
}
export interface NotCondition {
  not: Condition;
}
export interface FieldCondition {
  field: FieldPath;
  op: ComparisonOp;
  /** `in`: array; `between`: [low, high] inclusive; `exists`: optional boolean (default true). */
  value?: Scalar | Scalar[];
}
export interface InListCondition {
  /** `org:…`, `shared:…` or `infra:…`. */
  inList: string;
  field: EntityField;
  /** Look up only the first characters (a phone-number range such as `+8170123`). */
  prefixLength?: number;
}

/** Which events an aggregate counts (all conditions must hold). */
export interface AggregateFilter {
  on?: KnownFraudEventType[];
  /** Equality filters on descriptive fields, e.g. `{ "channel": ["crypto"] }`. */
  where?: Partial<Record<'channel' | 'currency' | 'asset', string[]>>;
}

export interface AggregateCondition extends AggregateFilter {
  aggregate: 'count' | 'sum' | 'distinct';
  /** For `distinct`: the entity whose distinct values are counted. */
  of?: EntityField;
  by: EntityField;
  prefixLength?: number;
  window: string;
  op: NumericOp;
  value: number;
  /** Placeholder name for the measured value in reason texts (default: the function name). */
  as?: string;
}
export interface FanOutCondition {
  /** Distinct accounts per this entity (device, IP, phone prefix, bank account). */
  fanOut: EntityField;
  prefixLength?: number;
  window: string;
  on?: KnownFraudEventType[];
  min: number;
}
export interface StructuringCondition {
  /** The private threshold amounts stay just under, e.g. 1000000. */
  structuring: number;
  /** Fraction below the threshold that counts as "just under" (0.1 = within 10 %). */
  band: number;
  minCount: number;
  window: string;
  by?: EntityField;
  on?: KnownFraudEventType[];
}
export interface DeviceNewCondition {
  deviceNew: true;
  /** Devices last seen longer ago than this count as new again. */
  within?: string;
  /** Only fire for accounts that already have a device history (skip a brand-new account). */
  requireHistory?: boolean;
}
export interface AmountVsHistoryCondition {
  amountVsHistory: 'max' | 'p90' | 'mean';
  factor: number;
  lastN?: number;
  window?: string;
  minHistory?: number;
  on?: KnownFraudEventType[];
}

export type Condition =
  | AllCondition
  | AnyCondition
  | NotCondition
  | FieldCondition
  | InListCondition
  | AggregateCondition
  | FanOutCondition
  | StructuringCondition
  | DeviceNewCondition
  | AmountVsHistoryCondition;

export const CONDITION_KINDS = [
  'all',
  'any',
  'not',
  'field',
  'inList',
  'aggregate',
  'fanOut',
  'structuring',
  'deviceNew',
  'amountVsHistory',
] as const;
export type ConditionKind = (typeof CONDITION_KINDS)[number];

export interface RuleReason {
  code: string;
  /** Texts may use `{placeholders}`: event fields and values measured by the rule's conditions. */
  ja: string;
  en: string;
}

export interface Rule {
  id: string;
  description?: string;
  enabled?: boolean;
  on?: KnownFraudEventType[];
  when: Condition;
  /** Points added when the rule matches (negative for trust signals). */
  score?: number;
  /** Forces the decision regardless of the score (the strongest forced decision wins). */
  decision?: FraudDecision;
  reason: RuleReason;
}

export interface DecisionThresholds {
  step_up: number;
  hold: number;
  deny: number;
}

export interface RuleSet {
  format: typeof RULE_SET_FORMAT;
  id: string;
  version: string;
  description?: string;
  thresholds: DecisionThresholds;
  /** Upper bound of the summed score (default 100). */
  scoreCap?: number;
  rules: Rule[];
}
