import {
  decodeLinkKeys,
  type KeyOptions,
  type LinkKey,
  linkKeysOf,
  type SightingFact,
  withoutBenign,
} from '../core/correlation/keys.js';
import { type BatchPlan, type BatchReport, type KeyState, planBatch } from './plan.js';

/**
 * What both correlation stores (SQLite prepared statements, Kysely for PostgreSQL) share: turning
 * pending rows into batch reports, and the state a plan needs. Key state is derived from postings
 * (ADR 0005, revised): the last holder is any stored holder (all holders of a linking key are in one
 * campaign), the count is the number of postings (at most the cap), and only keys that went over the
 * cap have a row in `correlation_keys`.
 */
export const CORRELATION_BATCH = 2_000;

/** `koban_meta` row each correlator rewrites per batch, so others know their caches are stale. */
export const CORRELATION_EPOCH_KEY = 'correlation-epoch';

export interface PendingReport {
  id: string;
  at: string;
  /** Candidate keys stored at intake; null for reports written before they were (read from sightings). */
  link_keys: string | null;
}

export interface StoredKey {
  key: string;
  /** Postings stored for the key (at most cap); 0 when none. */
  holders: number;
  overCorrelating: boolean;
  last?: { reportId: string; role: string; at: string };
}

export interface CorrelationOptions extends KeyOptions {
  cap?: number;
  ipWindowMs?: number;
}

/** Pending reports with their stored candidate keys decoded (null: derive them from sightings). */
export function decodePending(
  pending: readonly PendingReport[],
): (PendingReport & { keys: LinkKey[] | null })[] {
  // Rows are fresh objects from the driver: extended in place rather than copied (50,000 per batch).
  const out = pending as (PendingReport & { keys: LinkKey[] | null })[];
  for (const r of out) r.keys = r.link_keys === null ? null : decodeLinkKeys(r.link_keys);
  return out;
}

export function toBatchReports(
  pending: readonly (PendingReport & { keys: LinkKey[] | null })[],
  facts: ReadonlyMap<string, SightingFact[]>,
  options: KeyOptions,
): BatchReport[] {
  return pending.map((r) => ({
    id: r.id,
    at: r.at,
    keys: r.keys ? withoutBenign(r.keys, options.isBenign) : linkKeysOf(facts.get(r.id) ?? [], options),
  }));
}

export function uniqueKeys(reports: readonly BatchReport[]): Set<string> {
  const out = new Set<string>();
  for (const r of reports) for (const k of r.keys) out.add(k.key);
  return out;
}

/** The state of a key that went over the cap (it no longer links; counts no longer matter). */
export function overCorrelatingState(): KeyState {
  return {
    reportCount: Number.MAX_SAFE_INTEGER,
    overCorrelating: true,
    lastReportId: '',
    lastRole: '',
    lastSeen: '',
  };
}

/** Stored key facts → the plan's key states (keys never seen are left out: the plan creates them). */
export function toKeyStates(stored: Iterable<StoredKey>): Map<string, KeyState> {
  const keys = new Map<string, KeyState>();
  for (const s of stored) {
    if (s.overCorrelating) {
      keys.set(s.key, overCorrelatingState());
    } else if (s.last && s.holders > 0) {
      keys.set(s.key, {
        reportCount: s.holders,
        overCorrelating: false,
        lastReportId: s.last.reportId,
        lastRole: s.last.role,
        lastSeen: s.last.at,
      });
    }
  }
  return keys;
}

/** Keys that crossed the cap in this batch: the only key rows ever written. */
export function newlyOverCorrelating(
  plan: BatchPlan,
  before: ReadonlyMap<string, boolean>,
): { key: string; reportCount: number; lastReportId: string; lastRole: string; lastSeen: string }[] {
  const out = [];
  for (const [key, state] of plan.keys) {
    if (!state.overCorrelating || before.get(key)) continue;
    out.push({
      key,
      reportCount: state.reportCount,
      lastReportId: state.lastReportId,
      lastRole: state.lastRole,
      lastSeen: state.lastSeen,
    });
  }
  return out;
}

export function planFor(
  reports: BatchReport[],
  keys: Map<string, KeyState>,
  campaignOf: Map<string, string>,
  campaignSizes: Map<string, number>,
  newId: () => string,
  options: CorrelationOptions,
): { plan: BatchPlan; wasOver: Map<string, boolean> } {
  const wasOver = new Map<string, boolean>();
  for (const [k, s] of keys) wasOver.set(k, s.overCorrelating);
  const plan = planBatch({
    reports,
    keys,
    campaignOf,
    campaignSizes,
    newCampaignId: newId,
    ...(options.cap ? { cap: options.cap } : {}),
    ...(options.ipWindowMs ? { ipWindowMs: options.ipWindowMs } : {}),
  });
  return { plan, wasOver };
}
