/**
 * `compileRuleSet`: a validated rule set becomes an evaluator bound to a `FraudState`. Rules are
 * closures (see `conditions.ts`); evaluation reads state and never mutates it, so the active set
 * and any number of shadow drafts can evaluate the same event before one `state.apply`.
 */
import { typeBit, typeMask } from './aggregates.js';
import { type CompiledCondition, compileCondition, type EvalContext, Facts } from './conditions.js';
import { engineNotices } from './notices.js';
import type { DecisionThresholds, Rule, RuleSet } from './rule-schema.js';
import type { AggregateSlot, FraudState } from './state.js';
import { compileTemplate, type Template } from './template.js';
import {
  EMPTY_LISTS,
  FRAUD_DECISIONS,
  type FraudDecision,
  type FraudEvent,
  type FraudReason,
  type FraudVerdict,
  type ListLookup,
} from './types.js';
import { type RuleSetError, validateRuleSet } from './validate.js';

export interface EvaluateOptions {
  /** The caller's clock (receipt time, epoch ms); events dated too far ahead of it are clamped. */
  now?: number;
  lists?: ListLookup;
}

export interface CompiledRuleSet {
  readonly id: string;
  readonly version: string;
  readonly thresholds: DecisionThresholds;
  readonly scoreCap: number;
  /** The window aggregates this set reads (shared with other sets of the same state). */
  readonly aggregates: readonly AggregateSlot[];
  evaluate(event: FraudEvent, options?: EvaluateOptions): FraudVerdict;
}

interface CompiledRule {
  id: string;
  code: string;
  mask: number;
  when: CompiledCondition;
  score: number;
  decision: FraudDecision | undefined;
  ja: Template;
  en: Template;
}

const SEVERITY: ReadonlyMap<FraudDecision, number> = new Map(FRAUD_DECISIONS.map((d, i) => [d, i]));

/** `ruleSet` must come from `validateRuleSet` (the compiler trusts its shape). */
export function compileRuleSet(ruleSet: RuleSet, state: FraudState): CompiledRuleSet {
  const slots = new Set<AggregateSlot>();
  const rules = ruleSet.rules
    .filter((rule) => rule.enabled !== false)
    .map((rule) => compileRule(rule, state, slots));
  const thresholds = { ...ruleSet.thresholds };
  const scoreCap = ruleSet.scoreCap ?? 100;
  const longestWindow = Math.max(0, ...[...slots].map((slot) => slot.spec.windowMs));
  const header = { ruleSetId: ruleSet.id, ruleSetVersion: ruleSet.version };

  function evaluate(event: FraudEvent, options: EvaluateOptions = {}): FraudVerdict {
    const { time, clampedBy } = state.eventTime(event, options.now);
    const ctx: EvalContext = {
      event,
      time,
      bit: typeBit(event.type),
      lists: options.lists ?? EMPTY_LISTS,
      facts: new Facts(),
    };
    const reasons: FraudReason[] = [];
    let total = 0;
    let forced: FraudDecision | undefined;
    for (const rule of rules) {
      if (rule.mask !== 0 && (rule.mask & ctx.bit) === 0) continue;
      ctx.facts.reset();
      if (!rule.when(ctx)) continue;
      total += rule.score;
      if (rule.decision && (forced === undefined || SEVERITY.get(rule.decision)! > SEVERITY.get(forced)!)) {
        forced = rule.decision;
      }
      reasons.push(renderReason(rule, ctx));
    }
    // Without window aggregates nothing can be incomplete, however old the event.
    const late = slots.size > 0 && time < state.watermark - longestWindow;
    reasons.push(...engineNotices(event, ctx.bit, clampedBy, late));
    const score = Math.min(Math.max(total, 0), scoreCap);
    reasons.sort(byWeight);
    return { decision: decide(score, forced, thresholds), score, reasons, ...header, eventId: event.id };
  }

  return { id: ruleSet.id, version: ruleSet.version, thresholds, scoreCap, aggregates: [...slots], evaluate };
}

function compileRule(rule: Rule, state: FraudState, slots: Set<AggregateSlot>): CompiledRule {
  return {
    id: rule.id,
    code: rule.reason.code,
    mask: typeMask(rule.on),
    when: compileCondition(rule.when, state, slots),
    score: rule.score ?? 0,
    decision: rule.decision,
    ja: compileTemplate(rule.reason.ja),
    en: compileTemplate(rule.reason.en),
  };
}

function renderReason(rule: CompiledRule, ctx: EvalContext): FraudReason {
  const reason: FraudReason = {
    code: rule.code,
    ruleId: rule.id,
    score: rule.score,
    text: { ja: rule.ja(ctx.facts, ctx.event), en: rule.en(ctx.facts, ctx.event) },
  };
  if (rule.decision) reason.decision = rule.decision;
  const detail = ctx.facts.toRecord();
  if (detail) reason.detail = detail;
  return reason;
}

/** Forced decisions first (strongest first), then by score, rule order otherwise (stable sort). */
function byWeight(a: FraudReason, b: FraudReason): number {
  const forced =
    (b.decision ? SEVERITY.get(b.decision)! + 1 : 0) - (a.decision ? SEVERITY.get(a.decision)! + 1 : 0);
  return forced !== 0 ? forced : b.score - a.score;
}

/**
 * The score picks a decision by threshold; a forced decision overrides it upwards (a rule forcing
 * `hold` never lowers a `deny`), and a forced `allow` (an allowlist) overrides the score entirely
 * unless another matched rule forces something stronger.
 */
export function decide(
  score: number,
  forced: FraudDecision | undefined,
  thresholds: DecisionThresholds,
): FraudDecision {
  if (forced === 'allow') return 'allow';
  const byScore: FraudDecision =
    score >= thresholds.deny
      ? 'deny'
      : score >= thresholds.hold
        ? 'hold'
        : score >= thresholds.step_up
          ? 'step_up'
          : 'allow';
  if (forced === undefined) return byScore;
  return SEVERITY.get(forced)! > SEVERITY.get(byScore)! ? forced : byScore;
}

export type LoadedRuleSet = { ok: true; rules: CompiledRuleSet } | { ok: false; errors: RuleSetError[] };

/** Validate, then compile: what an API handler for "upload a rule set" needs. */
export function loadRuleSet(input: unknown, state: FraudState): LoadedRuleSet {
  const validation = validateRuleSet(input);
  if (!validation.ok) return validation;
  return { ok: true, rules: compileRuleSet(validation.ruleSet, state) };
}
