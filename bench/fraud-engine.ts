/**
 * Fraud engine benchmark (issue 5), in process on one core: the sample 30-rule set (10 window
 * aggregates) evaluating and applying events while it builds state for N accounts, then a steady
 * phase over the full state (evaluate + apply per event, p50/p99 per event), memory after gc
 * (RSS, bytes per account), and snapshot save / restore through a temporary file.
 *
 *   npm run bench:fraud-engine [-- --accounts 1000000 --events 1000000]
 */
import { closeSync, openSync, readFileSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import {
  compileRuleSet,
  type FraudEvent,
  FraudState,
  type ListLookup,
  restoreState,
  snapshotLines,
  validateRuleSet,
} from '../src/core/fraud/index.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ACCOUNTS = arg('accounts', 1_000_000);
const STEADY_EVENTS = arg('events', 1_000_000);
const LOAD_EVENTS_PER_ACCOUNT = 4;
const BATCH = 10_000;
const T0 = Date.parse('2026-12-01T00:00:00Z');
const LOAD_SPAN_MS = 2 * 86_400_000;

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const mib = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MiB`;
const settle = async (): Promise<void> => {
  gc();
  await new Promise((resolve) => setTimeout(resolve, 200));
  gc();
};

/** Deterministic PRNG (xorshift32) so runs are comparable. */
let seed = 0x9e3779b9;
const random = (): number => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 4294967296;
};
const pick = (n: number): number => Math.floor(random() * n);

const TYPES = ['account_link', 'login', 'top_up', 'transfer'] as const;
const AMOUNTS = [1_000, 3_000, 5_000, 10_000, 30_000, 95_000, 99_000, 250_000, 980_000, 5_500_000];

function makeEvent(i: number, account: number, type: string, time: number): FraudEvent {
  const event: FraudEvent = { id: `e${i}`, type, occurredAt: time, accountId: `acct-${account}` };
  // Most accounts keep one device; 3 % show up on a second one; a few devices are shared by a farm.
  event.deviceId =
    random() < 0.03 ? `dev-${account}-b` : random() < 0.001 ? `farm-${pick(50)}` : `dev-${account}`;
  event.ip = `10.${pick(4)}.${pick(256)}.${pick(256)}`;
  event.phone = `+8190${String(account).padStart(8, '0')}`;
  if (type === 'account_link')
    event.bankAccount = `0005-${String(account % 997).padStart(3, '0')}-${String(account).padStart(7, '0')}`;
  if (type === 'top_up' || type === 'transfer' || type === 'withdrawal') {
    event.amount = AMOUNTS[pick(AMOUNTS.length)]!;
    event.currency = 'JPY';
  }
  if (type === 'transfer') event.counterpartyId = `0009-100-${String(pick(2_000_000)).padStart(7, '0')}`;
  if (type === 'withdrawal' && random() < 0.3) event.channel = 'crypto';
  return event;
}

function listLookup(): ListLookup {
  const phones = new Set<string>();
  for (let i = 0; i < 5000; i++) phones.add(`+8190${String(pick(ACCOUNTS)).padStart(8, '0')}`);
  const ips = new Set<string>();
  for (let i = 0; i < 2000; i++) ips.add(`10.0.${pick(256)}.${pick(256)}`);
  const sets: Record<string, Set<string>> = {
    'shared:phone': phones,
    'shared:ip': ips,
    'infra:anonymizing_proxy': ips,
  };
  return { has: (list, value) => sets[list]?.has(value) ?? false };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/** Main-thread GC pause time (ms) since the last reset: how much of a phase the collector took. */
let gcPauseMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauseMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

async function buildAndRun() {
  const ruleJson = JSON.parse(
    readFileSync(new URL('../../src/core/fraud/fixtures/jp-payment-app-rules.json', import.meta.url), 'utf8'),
  );
  const validation = validateRuleSet(ruleJson);
  if (!validation.ok) throw new Error(JSON.stringify(validation.errors));
  const lists = listLookup();
  await settle();
  const baseRss = process.memoryUsage().rss;
  const baseHeap = process.memoryUsage().heapUsed;

  const state = new FraudState();
  const rules = compileRuleSet(validation.ruleSet, state);
  console.log(
    `rule set ${rules.id}@${rules.version}: ${validation.ruleSet.rules.length} rules, ${rules.aggregates.length} window aggregates`,
  );
  console.log(
    `node ${process.version}, accounts ${ACCOUNTS.toLocaleString('en')}, steady events ${STEADY_EVENTS.toLocaleString('en')}`,
  );

  const decisions: Record<string, number> = { allow: 0, step_up: 0, hold: 0, deny: 0 };
  const run = (events: FraudEvent[], latencies: Float64Array | undefined, offset: number): number => {
    const started = process.hrtime.bigint();
    for (let j = 0; j < events.length; j++) {
      const event = events[j]!;
      const t = latencies ? process.hrtime.bigint() : 0n;
      const verdict = rules.evaluate(event, { lists, now: event.occurredAt });
      state.apply(event, event.occurredAt);
      if (latencies) latencies[offset + j] = Number(process.hrtime.bigint() - t);
      decisions[verdict.decision]! += 1;
    }
    return Number(process.hrtime.bigint() - started);
  };

  // Load: every account links a bank account, logs in, tops up and transfers, spread over two days.
  const loadEvents = ACCOUNTS * LOAD_EVENTS_PER_ACCOUNT;
  let loadNs = 0;
  gcPauseMs = 0;
  for (let start = 0; start < loadEvents; start += BATCH) {
    const batch: FraudEvent[] = [];
    for (let i = start; i < Math.min(start + BATCH, loadEvents); i++) {
      const round = Math.floor(i / ACCOUNTS);
      batch.push(makeEvent(i, i % ACCOUNTS, TYPES[round]!, T0 + Math.floor((i / loadEvents) * LOAD_SPAN_MS)));
    }
    loadNs += run(batch, undefined, 0);
  }
  await new Promise((resolve) => setTimeout(resolve, 50));
  console.log(
    `load: ${loadEvents.toLocaleString('en')} events in ${(loadNs / 1e9).toFixed(1)} s = ${Math.round(loadEvents / (loadNs / 1e9)).toLocaleString('en')} events/s (evaluate + apply); GC pauses ${(gcPauseMs / 1000).toFixed(1)} s`,
  );

  await settle();
  const mem = process.memoryUsage();
  const stats = state.stats();
  console.log(`state: ${JSON.stringify(stats.entities)}, sketched keys ${stats.approximateDistinctKeys}`);
  console.log(
    `memory after gc: RSS ${mib(mem.rss)} (+${mib(mem.rss - baseRss)}), heap ${mib(mem.heapUsed)} (+${mib(mem.heapUsed - baseHeap)}); ` +
      `${Math.round((mem.rss - baseRss) / ACCOUNTS)} B/account RSS, ${Math.round((mem.heapUsed - baseHeap) / ACCOUNTS)} B/account heap; ` +
      `heapTotal ${mib(mem.heapTotal)}, external ${mib(mem.external)}`,
  );

  // Steady state: random accounts (a tenth of them on a new device, some crypto withdrawals).
  const latencies = new Float64Array(STEADY_EVENTS);
  const steadyTypes = [
    'login',
    'transfer',
    'top_up',
    'withdrawal',
    'reward_claim',
    'account_link',
    'login',
    'transfer',
  ];
  let steadyNs = 0;
  gcPauseMs = 0;
  for (let start = 0; start < STEADY_EVENTS; start += BATCH) {
    const batch: FraudEvent[] = [];
    for (let i = start; i < Math.min(start + BATCH, STEADY_EVENTS); i++) {
      const time = T0 + LOAD_SPAN_MS + Math.floor((i / STEADY_EVENTS) * 3_600_000);
      batch.push(makeEvent(loadEvents + i, pick(ACCOUNTS), steadyTypes[i % steadyTypes.length]!, time));
    }
    steadyNs += run(batch, latencies, start);
  }
  // GC entries reach the observer on the event loop, after the synchronous loop above.
  await new Promise((resolve) => setTimeout(resolve, 50));
  const sorted = latencies.slice().sort();
  console.log(
    `steady: ${STEADY_EVENTS.toLocaleString('en')} events in ${(steadyNs / 1e9).toFixed(2)} s = ${Math.round(STEADY_EVENTS / (steadyNs / 1e9)).toLocaleString('en')} events/s; ` +
      `per event p50 ${(percentile(sorted, 0.5) / 1000).toFixed(1)} µs, p90 ${(percentile(sorted, 0.9) / 1000).toFixed(1)} µs, p99 ${(percentile(sorted, 0.99) / 1000).toFixed(1)} µs, p99.9 ${(percentile(sorted, 0.999) / 1000).toFixed(1)} µs (timer included); ` +
      `GC pauses ${(gcPauseMs / 1000).toFixed(2)} s`,
  );
  console.log(`decisions: ${JSON.stringify(decisions)}`);

  // Snapshot to a temporary file; restore happens after this state is gone (as after a restart).
  const file = join(tmpdir(), `koban-fraud-bench-${process.pid}.jsonl`);
  const t = process.hrtime.bigint();
  const fd = openSync(file, 'w');
  let chunk: string[] = [];
  let lines = 0;
  for (const line of snapshotLines(state)) {
    chunk.push(line);
    lines += 1;
    if (chunk.length === 4096) {
      writeSync(fd, `${chunk.join('\n')}\n`);
      chunk = [];
    }
  }
  writeSync(fd, `${chunk.join('\n')}\n`);
  closeSync(fd);
  const saveMs = Number(process.hrtime.bigint() - t) / 1e6;
  return { file, lines, saveMs, stats: JSON.stringify(state.stats()), baseRss };
}

async function restore(saved: Awaited<ReturnType<typeof buildAndRun>>): Promise<void> {
  await settle();
  const size = statSync(saved.file).size;
  const t = process.hrtime.bigint();
  const restored = restoreState(readLines(saved.file));
  const restoreMs = Number(process.hrtime.bigint() - t) / 1e6;
  rmSync(saved.file);
  await settle();
  const rss = process.memoryUsage().rss;
  console.log(
    `snapshot: ${saved.lines.toLocaleString('en')} lines, ${mib(size)} (${Math.round(size / ACCOUNTS)} B/account); ` +
      `save ${(saved.saveMs / 1000).toFixed(2)} s, restore ${(restoreMs / 1000).toFixed(2)} s ` +
      `(RSS after restore and gc ${mib(rss)}); restored stats equal: ${JSON.stringify(restored.stats()) === saved.stats}`,
  );
}

/** Lines of a file without holding it as one string (V8 strings stop at ~512 MiB). */
function* readLines(file: string): Generator<string> {
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(16 * 1048576);
  const decoder = new TextDecoder();
  let rest = '';
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      const text = rest + decoder.decode(buffer.subarray(0, n), { stream: true });
      const parts = text.split('\n');
      rest = parts.pop()!;
      yield* parts;
    }
    if (rest.length > 0) yield rest;
  } finally {
    closeSync(fd);
  }
}

await restore(await buildAndRun());
