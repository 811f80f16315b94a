import type { BatchPlan, KeyState } from './plan.js';

const MAX_KEYS = 400_000;
const MAX_REPORTS = 400_000;
const NO_CAMPAIGN = '';

/**
 * What a correlator learned in its own committed batches: key state, the campaign of reports keys
 * point to, campaign sizes and merges. Bounded (least recently used keys go first); only valid while
 * nobody else correlates, which the store checks with an epoch token before every batch.
 */
export class CorrelationCache {
  private readonly keys = new Map<string, KeyState | null>();
  private readonly reportCampaign = new Map<string, string>();
  private readonly sizes = new Map<string, number>();
  private readonly redirects = new Map<string, string>();

  /** undefined: not cached; null: known to have no holder yet. */
  key(key: string): KeyState | null | undefined {
    const found = this.keys.get(key);
    if (found === undefined) return undefined;
    // Touch: Map keeps insertion order, so re-inserting makes this the most recently used.
    this.keys.delete(key);
    this.keys.set(key, found);
    return found;
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
    evict(this.keys, MAX_KEYS);
  }

  rememberReport(reportId: string, campaign: string | null): void {
    this.reportCampaign.set(reportId, campaign ?? NO_CAMPAIGN);
    evict(this.reportCampaign, MAX_REPORTS);
  }

  rememberSize(id: string, size: number): void {
    this.sizes.set(id, size);
  }

  /** After a committed batch: the plan's final state is what is now stored (the same objects). */
  learn(plan: BatchPlan): void {
    for (const [key, state] of plan.keys) {
      this.keys.delete(key);
      this.rememberKey(key, state);
    }
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
