/**
 * Vocabulary of the fraud engine (pure, I/O-free): the normalized event a payment app sends before
 * it links a bank account, moves money or grants a reward, and the explainable decision it gets.
 */

/** Event types the rule language knows; any other type is accepted, flagged and matches no `on` list. */
export const FRAUD_EVENT_TYPES = [
  'account_link',
  'login',
  'device_change',
  'top_up',
  'transfer',
  'withdrawal',
  'reward_claim',
] as const;
export type KnownFraudEventType = (typeof FRAUD_EVENT_TYPES)[number];

/**
 * Entity fields: string values that identify who or what took part. They are the keys of
 * aggregates (`by`), the values counted by `distinct`, and what `inList` looks up.
 */
export const ENTITY_FIELDS = [
  'accountId',
  'deviceId',
  'ip',
  'phone',
  'bankAccount',
  'counterpartyId',
  'campaignId',
] as const;
export type EntityField = (typeof ENTITY_FIELDS)[number];

/** Descriptive string fields rules may compare but that identify no one. */
export const DESCRIPTIVE_FIELDS = ['type', 'channel', 'currency', 'asset'] as const;
export type DescriptiveField = (typeof DESCRIPTIVE_FIELDS)[number];

export type StringField = EntityField | DescriptiveField;

/**
 * One event, already normalized (`normalizeFraudEvent`): canonical values (phone in E.164, bank
 * account as `bank-branch-number`), `occurredAt` in epoch milliseconds, amounts in the currency's
 * major unit (yen) — crypto withdrawals carry their yen equivalent in `amount` and the coin in `asset`.
 */
export interface FraudEvent {
  id: string;
  type: string;
  occurredAt: number;
  accountId: string;
  deviceId?: string;
  ip?: string;
  phone?: string;
  bankAccount?: string;
  counterpartyId?: string;
  campaignId?: string;
  amount?: number;
  currency?: string;
  channel?: string;
  asset?: string;
  /** Free-form extra attributes a rule can compare as `attributes.<name>`. */
  attributes?: Readonly<Record<string, string | number | boolean>>;
}

/** Ordered by severity: a stronger decision always wins when several apply. */
export const FRAUD_DECISIONS = ['allow', 'step_up', 'hold', 'deny'] as const;
export type FraudDecision = (typeof FRAUD_DECISIONS)[number];

export interface LocalizedText {
  ja: string;
  en: string;
}

/** Why the decision was made: one per rule that matched, plus engine notices (`ruleId: "engine"`). */
export interface FraudReason {
  /** Stable machine code; texts are for people. */
  code: string;
  ruleId: string;
  /** Points this reason added to the score (0 for notices and forced decisions without a score). */
  score: number;
  /** Set when the rule forces a decision regardless of the score. */
  decision?: FraudDecision;
  text: LocalizedText;
  /** Values measured while evaluating (counts, sums, baselines) for analysts and case files. */
  detail?: Record<string, string | number>;
}

export interface FraudVerdict {
  decision: FraudDecision;
  /** Sum of the matched rules' scores, clamped to [0, scoreCap]. */
  score: number;
  reasons: FraudReason[];
  ruleSetId: string;
  ruleSetVersion: string;
  eventId: string;
}

/**
 * Named lists supplied at evaluation time: the organization's own (`org:`), Koban's shared
 * indicators (`shared:`) and crime-infrastructure flags (`infra:`). The server implements it over
 * its in-memory indexes; the engine never stores list contents.
 */
export interface ListLookup {
  has(list: string, value: string): boolean;
}

export const EMPTY_LISTS: ListLookup = { has: () => false };
