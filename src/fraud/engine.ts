/**
 * One organization's decision engine in memory: its window state, the active rule set and any
 * shadow sets, and the event ids it has already decided. Scoring an event reads the state, then
 * applies the event to it, so the next event sees this one; no I/O happens here (the service
 * journals the result).
 */
import {
  type CompiledRuleSet,
  compileRuleSet,
  type FraudEvent,
  type FraudReason,
  FraudState,
  type FraudStateOptions,
  type FraudVerdict,
  type ListLookup,
  type RuleSet,
} from '../core/fraud/index.js';

/** Retries are recognised in memory for this long after the first receipt (then by the journal). */
export const DEDUP_HORIZON_MS = 48 * 3_600_000;
const DEDUP_BUCKET_MS = 3_600_000;

export interface ShadowVerdict {
  ruleSetId: string;
  ruleSetVersion: string;
  decision: FraudVerdict['decision'];
  score: number;
  reasonCodes: string[];
}

export interface Decided {
  verdict: FraudVerdict;
  shadow: ShadowVerdict[];
  /** The clock the state applied the event with (journaled for exact replay). */
  appliedNow: number;
}

/**
 * Event ids seen in the last `DEDUP_HORIZON_MS`, in hourly buckets so expiry drops whole sets.
 * A complete set over the horizon (not an LRU): a cache miss must mean "new", never "evicted".
 */
export class RecentIds {
  private readonly buckets = new Map<number, Set<string>>();

  has(id: string): boolean {
    for (const b of this.buckets.values()) if (b.has(id)) return true;
    return false;
  }

  add(id: string, at: number): void {
    const k = Math.floor(at / DEDUP_BUCKET_MS);
    let b = this.buckets.get(k);
    if (b === undefined) {
      b = new Set();
      this.buckets.set(k, b);
      const oldest = k - Math.ceil(DEDUP_HORIZON_MS / DEDUP_BUCKET_MS);
      for (const key of this.buckets.keys()) if (key < oldest) this.buckets.delete(key);
    }
    b.add(id);
  }

  get size(): number {
    let n = 0;
    for (const b of this.buckets.values()) n += b.size;
    return n;
  }
}

export interface ActiveSet {
  ruleSet: RuleSet;
  compiled: CompiledRuleSet;
}

export class OrgFraudEngine {
  readonly state: FraudState;
  readonly recent = new RecentIds();
  /** Journal sequence of the last event applied to `state`. */
  seq = 0;
  private active: ActiveSet;
  private shadows: ActiveSet[] = [];

  constructor(
    readonly orgId: string,
    defaultRuleSet: RuleSet,
    options: { state?: FraudState; stateOptions?: FraudStateOptions } = {},
  ) {
    this.state = options.state ?? new FraudState(options.stateOptions);
    this.active = this.compile(defaultRuleSet);
  }

  compile(ruleSet: RuleSet): ActiveSet {
    return { ruleSet, compiled: compileRuleSet(ruleSet, this.state) };
  }

  get activeSet(): ActiveSet {
    return this.active;
  }

  get shadowSets(): readonly ActiveSet[] {
    return this.shadows;
  }

  setRuleSets(active: ActiveSet, shadows: ActiveSet[]): void {
    this.active = active;
    this.shadows = shadows;
  }

  /** Scores with the active set (and every shadow set, which never affects the decision), then applies. */
  decide(event: FraudEvent, now: number, lists: ListLookup, notices: FraudReason[]): Decided {
    const verdict = this.active.compiled.evaluate(event, { now, lists });
    if (notices.length > 0) verdict.reasons.push(...notices);
    const shadow: ShadowVerdict[] = [];
    for (const s of this.shadows) {
      const v = s.compiled.evaluate(event, { now, lists });
      shadow.push({
        ruleSetId: v.ruleSetId,
        ruleSetVersion: v.ruleSetVersion,
        decision: v.decision,
        score: v.score,
        reasonCodes: v.reasons.map((r) => r.code),
      });
    }
    this.state.apply(event, now);
    this.recent.add(event.id, now);
    return { verdict, shadow, appliedNow: now };
  }

  /** Replays a journaled event (restart): state and dedup set only, no scoring. */
  replay(event: FraudEvent, appliedNow: number, seq: number): void {
    this.state.apply(event, appliedNow);
    this.recent.add(event.id, appliedNow);
    if (seq > this.seq) this.seq = seq;
  }
}
