import type { BatchPlan, KeyState } from './plan.js';

const NO_CAMPAIGN = '';

/**
 * What a correlator learned in its own committed batches: key state, the campaign of reports keys
 * point to, campaign sizes and merges. Bounded, oldest entries first (first in, first out: touching
 * entries on every hit cost more than the re-reads it saved); only valid while
 * nobody else correlates, which the store checks with an epoch token before every batch.
 */
export class CorrelationCache {
  /** Entries kept per map; the correlation worker, with its own heap, keeps more. */
  constructor(private readonly capacity = 400_000) {}

  private readonly keys = new Map<string, KeyState | null>();
  private readonly reportCampaign = new Map<string, string>();
  private readonly sizes = new Map<string, number>();
  private readonly redirects = new Map<string, string>();

  /** undefined: not cached; null: known to have no holder yet. */
  key(key: string): KeyState | null | undefined {
    return this.keys.get(key);
  }

  /** undefined: not cached; null: the report is in no campaign. */
  campaignOfReport(reportId: string): string | null | undefined {
    const c = this.reportCampaign.get(reportId);
    if (c === undefined) return undefined;
    return c === NO_CAMPAIGN ? null : this.resolve(c);
  }

  campaignSize(id: string): number | undefined {
    return this.sizes.get(this.resolve(id));
  }

  rememberKey(key: string, state: KeyState | null): void {
    this.keys.set(key, state);
    evict(this.keys, this.capacity);
  }

  rememberReport(reportId: string, campaign: string | null): void {
    this.reportCampaign.set(reportId, campaign ?? NO_CAMPAIGN);
    evict(this.reportCampaign, this.capacity);
  }

  rememberSize(id: string, size: number): void {
    this.sizes.set(id, size);
  }

  /** After a committed batch: the plan's final state is what is now stored (the same objects). */
  learn(plan: BatchPlan): void {
    // States cached before the batch were mutated in place by the plan; only new ones are added.
    for (const [key, state] of plan.keys) if (this.keys.get(key) !== state) this.rememberKey(key, state);
    for (const [merged, survivor] of plan.merged) {
      this.redirects.set(merged, survivor);
      this.sizes.delete(merged);
    }
    for (const [id, c] of plan.campaigns) this.sizes.set(id, c.size);
    for (const [reportId, campaign] of plan.memberships) this.rememberReport(reportId, campaign);
  }

  clear(): void {
    this.keys.clear();
    this.reportCampaign.clear();
    this.sizes.clear();
    this.redirects.clear();
  }

  private resolve(id: string): string {
    let current = id;
    for (let next = this.redirects.get(current); next; next = this.redirects.get(current)) current = next;
    return current;
  }
}

function evict<K, V>(map: Map<K, V>, max: number): void {
  if (map.size <= max) return;
  // Drop the oldest tenth at once so eviction is rare.
  let drop = Math.ceil(max / 10);
  for (const k of map.keys()) {
    if (drop-- <= 0) break;
    map.delete(k);
  }
}
