/**
 * Public API of the fraud engine (pure, I/O-free): validate and compile declarative rule sets,
 * evaluate events against in-memory window state, apply events, snapshot and restore the state.
 * See README.md for the rule format and a worked example.
 */

export type { AggregateSpec } from './aggregates.js';
export type { CompiledRuleSet, EvaluateOptions, LoadedRuleSet } from './compile.js';
export { compileRuleSet, decide, loadRuleSet } from './compile.js';
export { formatWindow, MAX_WINDOW_MS, MIN_WINDOW_MS, parseWindow } from './duration.js';
export type { NormalizedEvent } from './event.js';
export { normalizeFraudEvent } from './event.js';
export { FRAUD_RULE_SET_JSON_SCHEMA } from './json-schema.js';
export type {
  AggregateCondition,
  AmountVsHistoryCondition,
  Condition,
  DecisionThresholds,
  DeviceNewCondition,
  FanOutCondition,
  FieldCondition,
  InListCondition,
  Rule,
  RuleReason,
  RuleSet,
  StructuringCondition,
} from './rule-schema.js';
export { RULE_SET_FORMAT, RULE_SET_LIMITS } from './rule-schema.js';
export type { AppliedEvent } from './snapshot.js';
export { replayEvents, restoreState, SNAPSHOT_FORMAT, SnapshotError, snapshotLines } from './snapshot.js';
export type { EventTime, FraudStateOptions } from './state.js';
export { AggregateSlot, DEFAULT_STATE_OPTIONS, FraudState } from './state.js';
export type {
  EntityField,
  FraudDecision,
  FraudEvent,
  FraudReason,
  FraudVerdict,
  KnownFraudEventType,
  ListLookup,
  LocalizedText,
} from './types.js';
export { EMPTY_LISTS, ENTITY_FIELDS, FRAUD_DECISIONS, FRAUD_EVENT_TYPES } from './types.js';
export type { RuleSetError, RuleSetValidation } from './validate.js';
export { validateRuleSet } from './validate.js';
