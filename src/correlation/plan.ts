import { DEFAULT_CORRELATION_CAP, IP_LINK_WINDOW_MS, type LinkKey } from '../core/correlation/keys.js';

/**
 * The pure heart of incremental correlation: given the stored state of the keys a batch touches and
 * the campaigns of the reports they point to, decide the links, counter updates and campaign merges
 * for a batch of new reports (in arrival order). The processor loads state, calls this, writes back.
 */
export interface KeyState {
  reportCount: number;
  overCorrelating: boolean;
  lastReportId: string;
  lastRole: string;
  lastSeen: string;
}

export interface BatchReport {
  id: string;
  at: string;
  keys: LinkKey[];
}

export interface CampaignState {
  size: number;
  isNew: boolean;
}

export interface BatchPlan {
  /** Postings to store: keys that are not over-correlating get one row per report. */
  postings: { reportId: string; key: string; role: string; at: string }[];
  keys: Map<string, KeyState>;
  /** Final campaign of every report whose membership changed in this batch (already resolved). */
  memberships: Map<string, string>;
  campaigns: Map<string, CampaignState>;
  /** Stored campaigns absorbed by another one: merged → survivor. */
  merged: Map<string, string>;
}

export interface PlanInput {
  reports: readonly BatchReport[];
  keys: Map<string, KeyState>;
  /** Campaign of already-stored reports that keys point to, with sizes. */
  campaignOf: Map<string, string>;
  campaignSizes: Map<string, number>;
  newCampaignId: () => string;
  cap?: number;
  ipWindowMs?: number;
}

/**
 * Only IP keys link within a time window, so only their postings keep the time; others store ''.
 * A posting is written per key and report (3M at 1M reports): 24 bytes less per row shrinks the
 * random-insert tree that every commit rewrites.
 */
function postingTime(key: LinkKey, at: string): string {
  return key.kind === 'ip' ? at : '';
}

export function planBatch(input: PlanInput): BatchPlan {
  const cap = input.cap ?? DEFAULT_CORRELATION_CAP;
  const windowMs = input.ipWindowMs ?? IP_LINK_WINDOW_MS;
  const keys = input.keys;
  const campaigns = new Map<string, CampaignState>();
  for (const [id, size] of input.campaignSizes) campaigns.set(id, { size, isNew: false });
  const redirect = new Map<string, string>();
  const resolve = (id: string): string => {
    let current = id;
    for (let next = redirect.get(current); next; next = redirect.get(current)) current = next;
    return current;
  };
  const reportCampaign = new Map(input.campaignOf);
  const changed = new Set<string>();
  const plan: BatchPlan = {
    postings: [],
    keys,
    memberships: new Map(),
    campaigns,
    merged: new Map(),
  };

  for (const report of input.reports) {
    const linked: string[] = [];
    let atMs: number | undefined;
    for (const k of report.keys) {
      const state = keys.get(k.key);
      if (!state) {
        keys.set(k.key, {
          reportCount: 1,
          overCorrelating: false,
          lastReportId: report.id,
          lastRole: k.role,
          lastSeen: report.at,
        });
        plan.postings.push({ reportId: report.id, key: k.key, role: k.role, at: postingTime(k, report.at) });
        continue;
      }
      state.reportCount += 1;
      if (state.overCorrelating) continue;
      if (state.reportCount > cap) {
        state.overCorrelating = true;
        continue;
      }
      plan.postings.push({ reportId: report.id, key: k.key, role: k.role, at: postingTime(k, report.at) });
      if (k.kind === 'ip' && atMs === undefined) atMs = Date.parse(report.at);
      const inWindow = k.kind !== 'ip' || Math.abs((atMs as number) - Date.parse(state.lastSeen)) <= windowMs;
      if (inWindow && state.lastReportId !== report.id) {
        linked.push(state.lastReportId);
      }
      state.lastReportId = report.id;
      state.lastRole = k.role;
      state.lastSeen = report.at;
    }
    if (linked.length === 0) continue;
    // Union by size: the largest campaign among the linked reports absorbs the others.
    const involved = new Set<string>();
    for (const r of linked) {
      const c = reportCampaign.get(r);
      if (c) involved.add(resolve(c));
    }
    let survivor: string | undefined;
    for (const c of involved) {
      if (!survivor || (campaigns.get(c)?.size ?? 0) > (campaigns.get(survivor)?.size ?? 0)) survivor = c;
    }
    if (!survivor) {
      survivor = input.newCampaignId();
      campaigns.set(survivor, { size: 0, isNew: true });
    }
    const target = campaigns.get(survivor) as CampaignState;
    for (const c of involved) {
      if (c === survivor) continue;
      target.size += campaigns.get(c)?.size ?? 0;
      redirect.set(c, survivor);
      if (!campaigns.get(c)?.isNew) plan.merged.set(c, survivor);
      campaigns.delete(c);
    }
    for (const r of [report.id, ...linked]) {
      if (reportCampaign.has(r)) continue;
      reportCampaign.set(r, survivor);
      changed.add(r);
      target.size += 1;
    }
  }
  for (const r of changed) plan.memberships.set(r, resolve(reportCampaign.get(r) as string));
  for (const [m, s] of plan.merged) plan.merged.set(m, resolve(s));
  return plan;
}
