/**
 * `POST /v1/fraud/events` over HTTP (`npm run bench:fraud-http`): a real Koban server (embedded
 * SQLite in a temp dir, logging at info to a file), a payment-app organization on the shipped
 * 30-rule set (10 sliding-window aggregates), window state pre-filled for ACCOUNTS accounts, then a
 * load client in a child process keeping CONCURRENCY single-event requests in flight over
 * keep-alive connections. Every event has a new id (nothing is answered from the dedup path) and is
 * journaled (group commit) before its answer.
 *
 * Environment: ACCOUNTS (1,000,000; each gets state), PREFILL_EVENTS (2 per account), CONCURRENCY (64), SECONDS (10
 * measured after 2 s warm-up), BATCH (0 = single events; n = `/v1/fraud/events:batch` with n events).
 * Pre-fill applies events straight to the organization's engine (same state, no journal), because
 * journaling two million warm-up events would only measure SQLite inserts.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createKoban } from '../src/app/container.js';
import type { Principal } from '../src/auth/service.js';
import { loadConfig } from '../src/config.js';
import { normalizeFraudEvent } from '../src/core/fraud/index.js';
import { buildHttpServer } from '../src/http/server.js';
import { prng } from './generate.js';

const ACCOUNTS = Number(process.env.ACCOUNTS ?? 1_000_000);
const TYPES = [
  ['login', 0.38],
  ['transfer', 0.22],
  ['top_up', 0.1],
  ['withdrawal', 0.1],
  ['reward_claim', 0.12],
  ['account_link', 0.05],
  ['device_change', 0.03],
] as const;

/** A deterministic stream of realistic events: skewed accounts, a few devices/IPs each, campaigns. */
export function eventSource(seed: number, startMs: number, stepMs: number) {
  const rnd = prng(seed);
  let n = 0;
  const pickType = () => {
    let x = rnd();
    for (const [t, p] of TYPES) {
      x -= p;
      if (x < 0) return t;
    }
    return 'login';
  };
  return (prefix: string) => {
    n++;
    // Skew: a quarter of the traffic comes from 1% of the accounts.
    const a = rnd() < 0.25 ? Math.floor(rnd() * ACCOUNTS * 0.01) : Math.floor(rnd() * ACCOUNTS);
    const type = pickType();
    const e: Record<string, unknown> = {
      id: `${prefix}-${n}`,
      type,
      occurredAt: startMs + n * stepMs,
      accountId: `acct-${a}`,
      deviceId: `dev-${a}-${rnd() < 0.9 ? 0 : Math.floor(rnd() * 3)}`,
      ip: `10.${(a >> 16) & 255}.${(a >> 8) & 255}.${rnd() < 0.95 ? a & 255 : Math.floor(rnd() * 255)}`,
    };
    if (type === 'account_link' || type === 'reward_claim')
      e.phone = `+8170${String(10_000_000 + ((a * 7919) % 89_999_999)).padStart(8, '0')}`;
    if (type === 'account_link' || type === 'withdrawal')
      e.bankAccount = `0${String(100 + (a % 900))}-${String(a % 1000).padStart(3, '0')}-${String(1_000_000 + (a % 8_999_999))}`;
    if (type === 'transfer' || type === 'withdrawal' || type === 'top_up') {
      e.amount = Math.round(1_000 + rnd() ** 3 * 500_000);
      e.currency = 'JPY';
      if (type === 'withdrawal' && rnd() < 0.3) e.channel = 'crypto';
      if (type === 'transfer') e.counterpartyId = `acct-${Math.floor(rnd() * ACCOUNTS)}`;
    }
    if (type === 'reward_claim') e.campaignId = 'winter-2026';
    return e;
  };
}

interface ClientResult {
  events: number;
  requests: number;
  errors: number;
  seconds: number;
  latenciesMs: number[];
  decisions: Record<string, number>;
}

async function client(base: string, key: string, concurrency: number, seconds: number, batch: number) {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const next = eventSource(7, Date.parse('2026-12-01T12:00:00Z'), 1);
  const path = batch > 0 ? '/v1/fraud/events:batch' : '/v1/fraud/events';
  const res: ClientResult = { events: 0, requests: 0, errors: 0, seconds, latenciesMs: [], decisions: {} };
  const send = () =>
    new Promise<void>((resolve) => {
      const body = JSON.stringify(
        batch > 0 ? { events: Array.from({ length: batch }, () => next('b')) } : next('e'),
      );
      const t0 = performance.now();
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path,
          method: 'POST',
          agent,
          headers: {
            authorization: `Bearer ${key}`,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (r) => {
          let text = '';
          r.setEncoding('utf8');
          r.on('data', (c) => {
            text += c;
          });
          r.on('end', () => {
            res.latenciesMs.push(performance.now() - t0);
            res.requests++;
            if (r.statusCode !== 200) res.errors++;
            else {
              const parsed = JSON.parse(text);
              const items = batch > 0 ? parsed.results : [parsed];
              for (const it of items)
                res.decisions[it.decision ?? it.status] = (res.decisions[it.decision ?? it.status] ?? 0) + 1;
              res.events += items.length;
            }
            resolve();
          });
        },
      );
      req.on('error', () => {
        res.errors++;
        resolve();
      });
      req.end(body);
    });
  const loop = async (until: number) => {
    while (performance.now() < until) await send();
  };
  const warm = performance.now() + 2_000;
  await Promise.all(Array.from({ length: concurrency }, () => loop(warm)));
  Object.assign(res, { events: 0, requests: 0, errors: 0, latenciesMs: [], decisions: {} });
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, () => loop(t0 + seconds * 1_000)));
  res.seconds = (performance.now() - t0) / 1_000;
  agent.destroy();
  return res;
}

function pct(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))] ?? 0;
}

async function main() {
  if (process.argv[2] === '--client') {
    const [base, key, c, s, b] = process.argv.slice(3);
    const r = await client(base as string, key as string, Number(c), Number(s), Number(b));
    process.send?.(r, () => process.exit(0));
    return;
  }
  const concurrency = Number(process.env.CONCURRENCY ?? 64);
  const seconds = Number(process.env.SECONDS ?? 10);
  const batch = Number(process.env.BATCH ?? 0);
  const dir = mkdtempSync(join(tmpdir(), 'koban-fraud-bench-'));
  const config = loadConfig({ KOBAN_DATA_DIR: dir, KOBAN_LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' });
  const logger = pino(
    { level: config.logLevel },
    pino.destination({ dest: join(dir, 'server.log'), sync: false }),
  );
  const koban = await createKoban(config, {
    onBackgroundError: (scope, err) => logger.error({ err, scope }),
  });
  const app = await buildHttpServer(koban, { loggerInstance: logger });
  const init = await koban.orgs.initialize('Centre');
  const admin = await koban.auth.authenticate(`Bearer ${init.apiKey}`);
  const org = await koban.orgs.create(admin, { name: 'PayApp', kind: 'payment' });
  const key = (
    await koban.orgs.createKey(admin, org.id, { name: 'bench', scopes: ['fraud:write', 'fraud:read'] })
  ).apiKey;
  const principal: Principal = await koban.auth.authenticate(`Bearer ${key}`);

  const rss0 = process.memoryUsage().rss;
  const rt = await koban.fraud.service.runtime(principal);
  const prefill = Number(process.env.PREFILL_EVENTS ?? 2 * ACCOUNTS);
  const t0 = performance.now();
  const warmStart = Date.parse('2026-12-01T00:00:00Z');
  const gen = eventSource(1, warmStart, Math.max(1, Math.floor((12 * 3_600_000) / prefill)));
  for (let i = 0; i < prefill; i++) {
    const raw = gen('w');
    // The first pass gives every one of the ACCOUNTS accounts state (a login from its device).
    if (i < ACCOUNTS) Object.assign(raw, { type: 'login', accountId: `acct-${i}`, deviceId: `dev-${i}-0` });
    const n = normalizeFraudEvent(raw);
    if (n.ok) rt.engine.state.apply(n.event, n.event.occurredAt);
  }
  (globalThis as { gc?: () => void }).gc?.();
  const stats = rt.engine.state.stats();
  const rss1 = process.memoryUsage().rss;
  console.log(
    `prefill: ${prefill.toLocaleString()} events in ${((performance.now() - t0) / 1000).toFixed(1)} s; entities ${JSON.stringify(stats.entities)}; RSS ${(rss1 / 2 ** 20).toFixed(0)} MiB (+${((rss1 - rss0) / 2 ** 20).toFixed(0)} MiB for the state)`,
  );
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  const child = fork(
    fileURLToPath(import.meta.url),
    ['--client', base, key, String(concurrency), String(seconds), String(batch)],
    { stdio: 'inherit' },
  );
  const cpu0 = process.cpuUsage();
  const r = await new Promise<ClientResult>((resolve) =>
    child.on('message', (m) => resolve(m as ClientResult)),
  );
  const cpu = process.cpuUsage(cpu0);
  const rss2 = process.memoryUsage().rss;
  console.log(
    `POST ${batch > 0 ? `/v1/fraud/events:batch (${batch}/request)` : '/v1/fraud/events'} — ${concurrency} in flight, ${seconds} s, rule set ${rt.engine.activeSet.ruleSet.id} (${rt.engine.activeSet.ruleSet.rules.length} rules, ${rt.engine.activeSet.compiled.aggregates.length} window aggregates)`,
  );
  console.log(
    `  ${Math.round(r.events / r.seconds).toLocaleString()} events/s (${r.requests} requests, ${r.errors} errors); request latency p50 ${pct(r.latenciesMs, 0.5).toFixed(2)} ms, p99 ${pct(r.latenciesMs, 0.99).toFixed(2)} ms, max ${pct(r.latenciesMs, 1).toFixed(1)} ms; server CPU ${((cpu.user + cpu.system) / 1e6 / r.seconds).toFixed(2)} cores; RSS ${(rss2 / 2 ** 20).toFixed(0)} MiB`,
  );
  console.log(`  decisions ${JSON.stringify(r.decisions)}`);
  await app.close();
  await koban.close();
  rmSync(dir, { recursive: true, force: true });
}

void main();
