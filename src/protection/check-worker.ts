/**
 * A check worker (see `check-pool.ts`): holds its own copy of the index's check state — the base
 * context built from brands and benign domains, and the list entries with their audiences — and
 * checks chunks of a batch for one caller at a time. The main thread sends the state once per
 * index generation (before the first chunk that needs it; messages arrive in order), then chunks
 * carrying only the caller's identity and the message texts.
 */
import { parentPort } from 'node:worker_threads';
import { checkSms, type SmsCheckContext, type SmsCheckResult } from '../core/detect/sms-check.js';
import type { Viewer } from '../sharing/policy.js';
import { BatchItemSerializers, writeItems } from './batch-json.js';
import type { ToWorker } from './check-protocol.js';
import {
  buildCheckContext,
  ProtectionData,
  restore,
  viewerContext,
  type WorkerState,
} from './protection-data.js';

/** Bound on cached caller contexts per generation (each holds its own memo). */
const MAX_VIEWERS = 256;

let base: { version: number; context: SmsCheckContext } | undefined;
let data: ProtectionData | undefined;
let generation = -1;
const viewers = new Map<string, SmsCheckContext>();
const serializers = new BatchItemSerializers();

function load(state: WorkerState): void {
  if (base === undefined || base.version !== state.baseVersion)
    base = { version: state.baseVersion, context: buildCheckContext(state.brands, state.benign) };
  const d = new ProtectionData(state.audiences);
  restore(d.reports, state.stores.reports);
  restore(d.flags, state.stores.flags);
  restore(d.feeds, state.stores.feeds);
  for (const [url, ms] of state.recentPhishing) d.addRecentPhishing(url, ms);
  data = d;
  generation = state.generation;
  viewers.clear();
}

function contextOf(v: { orgId: string; groupIds: string[]; investigationAccess: boolean }): SmsCheckContext {
  if (base === undefined || data === undefined) throw new Error('check worker has no state');
  const key = `${v.investigationAccess ? 1 : 0}\u0000${v.orgId}\u0000${[...v.groupIds].sort().join('\u0000')}`;
  let ctx = viewers.get(key);
  if (ctx === undefined) {
    if (viewers.size >= MAX_VIEWERS) viewers.clear();
    const viewer: Viewer = {
      orgId: v.orgId,
      groupIds: new Set(v.groupIds),
      investigationAccess: v.investigationAccess,
    };
    ctx = viewerContext(base.context, data, viewer);
    viewers.set(key, ctx);
  }
  return ctx;
}

const port = parentPort;
if (port === null) throw new Error('check-worker.js runs in a worker thread');
port.on('message', (m: ToWorker) => {
  if (m.type === 'state') {
    load(m.state);
    return;
  }
  try {
    if (m.generation !== generation) throw new Error(`stale state ${generation} for ${m.generation}`);
    const ctx = contextOf(m.viewer);
    const t = m.texts;
    const n = t.length >> 1;
    const results: SmsCheckResult[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const sender = t[2 * i];
      const body = t[2 * i + 1] as string;
      results[i] = checkSms(ctx, sender === null ? { body } : { sender: sender as string, body });
    }
    const { bytes, ends, verdicts } = writeItems(results, serializers.item(m.mode), (r) => r.verdict);
    port.postMessage({ id: m.id, bytes, ends, verdicts }, [
      bytes.buffer as ArrayBuffer,
      ends.buffer as ArrayBuffer,
      verdicts.buffer as ArrayBuffer,
    ]);
  } catch (error) {
    port.postMessage({ id: m.id, error: String((error as Error)?.message ?? error) });
  }
});
