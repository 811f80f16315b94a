/**
 * `POST /v1/check/sms:batch` over HTTP (`npm run bench:check-http`): a real Koban server (SQLite in
 * a temp dir, embedded storage, logging at info to a file), a carrier org with an API key, a few
 * hundred GREEN smishing reports so list lookups hit, then a load client keeping several batches of
 * 1,000 messages in flight over keep-alive `fetch`.
 *
 * The mix: ~70% ordinary messages without links (Japanese and English; the shared corpora's ham
 * when ../shared/data exists, plus our own), ~30% smishing with a unique lookalike or random URL
 * per message across the whole run (no memo can flatter the numbers).
 *
 * Environment: CLIENT=fork|inproc|both (default both: the client in a child process, then on the
 * server's event loop), QUERY (e.g. `reasons=codes`; default full bilingual reasons), CONCURRENCY
 * (4), SECONDS (10 measured after 2 s warm-up), LOG_LEVEL (info), KOBAN_CHECK_WORKERS (the server's
 * default: one fewer than the cores, at least 1; 0 checks on the event loop), CPU_PROF=1 (writes a server
 * profile of the measured run into the working directory).
 *
 * Baseline in the same process: the core's `createSmsChecker().checkBatch` on the same messages.
 */
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createKoban } from '../src/app/container.js';
import { loadConfig } from '../src/config.js';
import { createSmsChecker } from '../src/core/detect/checkers.js';
import type { SmsMessage } from '../src/core/detect/sms-check.js';
import { buildHttpServer } from '../src/http/server.js';
import { loadSms } from './detect/data.js';

const BATCH = 1_000;
const SMISHING_SHARE = 0.3;

// ---------------------------------------------------------------------------------------------
// Messages

const JA_HAM = [
  '今日の夕飯どうする？帰りにスーパー寄るね',
  '明日の会議は10時からに変更になりました。よろしくお願いします。',
  '駅に着いたら連絡してください。北口で待っています。',
  'お疲れさまです。資料を共有フォルダに置きました。ご確認ください。',
  '週末の予定、土曜日なら空いてるよ',
  '【歯科医院】明日14:30のご予約をお待ちしております。変更の際はお電話ください。',
  'ありがとう！無事に届きました😊',
  '雨が強くなってきたので迎えに行くね',
  '認証コードは 482913 です。このコードを他人に教えないでください。',
  '先ほどはありがとうございました。また改めてご連絡します。',
  '了解です。では来週の水曜日にしましょう',
  '【○○クリニック】健康診断の結果が出ました。次回来院時にご説明します。',
];
const EN_HAM = [
  'Running 10 minutes late, save me a seat',
  'Your verification code is 771204. It expires in 10 minutes.',
  'Happy birthday! Hope you have a great day',
  'Can you pick up milk on the way home?',
  'Meeting moved to 3pm, same room',
];
const BRANDS_JA = [
  '佐川急便',
  'ヤマト運輸',
  '日本郵便',
  '三井住友カード',
  'イオンカード',
  'ドコモ',
  '国税庁',
  'メルカリ',
];
const LURES_JA = [
  'お荷物のお届けにあがりましたが不在の為持ち帰りました。',
  'お客様のアカウントが利用停止になりました。本人確認をお願いします。',
  '未納の料金があります。至急お支払いください。',
  'ご利用のカードに不正利用の可能性があります。確認はこちら',
  '口座が凍結されました。下記より手続きしてください。',
];
const LURES_EN = [
  'Your parcel could not be delivered. Reschedule here:',
  'Your account has been suspended. Verify your identity:',
  'Unpaid toll balance. Pay now to avoid penalty:',
];
const HOSTS = [
  'sagawa-{n}.top',
  'yamato-jp{n}.cyou',
  'post-jp{n}.icu',
  'smbc-card.co.jp-{n}.com',
  'aeon-{n}.shop',
  '{n}x7q.cn',
  'docomo-{n}.xyz',
  'nta-go-jp{n}.top',
  'amaz0n-{n}.live',
];
const SENDERS = ['+8613812345678', '09012345678', '05012345678', 'SAGAWA', '+639171234567'];

/** Pre-serialized JSON fragments: ham as is, smishing split around the unique part of its URL. */
interface Mix {
  ham: string[];
  smish: { head: string; tail: string }[];
}

function buildMix(): Mix {
  const ham: string[] = [];
  const hamMsg = (sender: string, body: string) => JSON.stringify({ sender, body });
  const shared = loadSms().filter((s) => s.label === 'ham' && !/https?:|www\./i.test(s.text));
  for (const s of shared.slice(0, 3000)) ham.push(hamMsg(s.sender || '09011112222', s.text.slice(0, 800)));
  for (let i = 0; i < 600; i++) {
    const ja = JA_HAM[i % JA_HAM.length] as string;
    ham.push(hamMsg(i % 3 === 0 ? 'AEONBANK' : `090${String(10_000_000 + i * 7919).slice(0, 8)}`, ja));
    if (i % 4 === 0) ham.push(hamMsg(`+8190${String(20_000_000 + i)}`, EN_HAM[i % EN_HAM.length] as string));
  }
  const smish: Mix['smish'] = [];
  for (let i = 0; i < 240; i++) {
    const host = HOSTS[i % HOSTS.length] as string;
    const sender = SENDERS[i % SENDERS.length] as string;
    const scheme = i % 4 === 0 ? '' : 'https://';
    const en = i % 5 === 4;
    const text = en
      ? `${LURES_EN[i % LURES_EN.length]} ${scheme}`
      : `【${BRANDS_JA[i % BRANDS_JA.length]}】${LURES_JA[(i >> 1) % LURES_JA.length]} ${scheme}`;
    const [pre, post] = host.split('{n}') as [string, string];
    const path = i % 3 === 0 ? '/login' : i % 3 === 1 ? '/r?id=8f3k' : '';
    // JSON of the message with a marker where the unique token goes.
    const json = JSON.stringify({ sender, body: `${text}${pre}\u0001${post}${path}` });
    const at = json.indexOf('\\u0001');
    smish.push({ head: json.slice(0, at), tail: json.slice(at + 6) });
  }
  return { ham, smish };
}

/** Batch i of the run: every smishing message gets a token no other message of the run has. */
function batchJson(mix: Mix, i: number): string {
  const parts = new Array<string>(BATCH);
  for (let k = 0; k < BATCH; k++) {
    const n = i * BATCH + k;
    // Deterministic ~30% smishing, spread over the batch.
    if ((n * 2654435761) % 1000 < SMISHING_SHARE * 1000) {
      const s = mix.smish[n % mix.smish.length] as Mix['smish'][number];
      parts[k] = `${s.head}${(n * 48271 + 12345).toString(36)}${s.tail}`;
    } else parts[k] = mix.ham[n % mix.ham.length] as string;
  }
  return `{"messages":[${parts.join(',')}]}`;
}

// ---------------------------------------------------------------------------------------------
// Load client (its own process, or the server's event loop)

interface ClientOptions {
  url: string;
  key: string;
  concurrency: number;
  warmupMs: number;
  measureMs: number;
  /** First batch number (the in-process run continues after the forked one: URLs stay unique). */
  firstBatch: number;
}

interface ClientResult {
  requests: number;
  messages: number;
  seconds: number;
  latenciesMs: number[];
  requestBytes: number;
  responseBytes: number;
  verdicts: Record<string, number>;
  errors: number;
  nextBatch: number;
}

async function runClient(o: ClientOptions): Promise<ClientResult> {
  const mix = buildMix();
  let next = o.firstBatch;
  // Bodies are built a few ahead so building them is not on the request's clock.
  const ready: string[] = [];
  const take = () => {
    while (ready.length < o.concurrency + 2) ready.push(batchJson(mix, next++));
    return ready.shift() as string;
  };
  const headers = { authorization: `Bearer ${o.key}`, 'content-type': 'application/json' };
  const start = performance.now();
  const measureFrom = start + o.warmupMs;
  const end = measureFrom + o.measureMs;
  const r: ClientResult = {
    requests: 0,
    messages: 0,
    seconds: 0,
    latenciesMs: [],
    requestBytes: 0,
    responseBytes: 0,
    verdicts: {},
    errors: 0,
    nextBatch: 0,
  };
  let firstMeasured = Number.POSITIVE_INFINITY;
  let lastDone = 0;
  const worker = async () => {
    for (;;) {
      const body = take();
      const t0 = performance.now();
      if (t0 >= end) return;
      const res = await fetch(o.url, { method: 'POST', headers, body });
      const text = await res.text();
      const t1 = performance.now();
      if (res.status !== 200) {
        r.errors++;
        if (r.errors < 3) console.error(`HTTP ${res.status}: ${text.slice(0, 300)}`);
        continue;
      }
      const parsed = JSON.parse(text) as { summary: Record<string, number>; results: unknown[] };
      if (parsed.results.length !== BATCH) throw new Error('short answer');
      if (t0 < measureFrom) continue;
      firstMeasured = Math.min(firstMeasured, t0);
      lastDone = Math.max(lastDone, t1);
      r.requests++;
      r.messages += BATCH;
      r.latenciesMs.push(t1 - t0);
      r.requestBytes += Buffer.byteLength(body);
      r.responseBytes += Buffer.byteLength(text);
      for (const [k, v] of Object.entries(parsed.summary)) r.verdicts[k] = (r.verdicts[k] ?? 0) + v;
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  r.seconds = (lastDone - firstMeasured) / 1000;
  r.nextBatch = next;
  return r;
}

// Child process entry: options on stdin-less IPC, result back the same way.
if (process.argv[2] === '--client') {
  process.once('message', (o: ClientOptions) => {
    runClient(o).then(
      (r) => process.send?.(r, () => process.exit(0)),
      (e) => {
        console.error(e);
        process.exit(1);
      },
    );
  });
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

function forkedClient(o: ClientOptions): Promise<ClientResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--client'], { stdio: 'inherit' });
    child.once('message', (m) => resolve(m as ClientResult));
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`client exited with ${code}`));
    });
    child.send(o);
  });
}

// ---------------------------------------------------------------------------------------------
// Server, runs, report

function pct(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? Number.NaN;
}

function report(label: string, r: ClientResult, cpuMs: number): void {
  const lat = [...r.latenciesMs].sort((a, b) => a - b);
  const v = r.verdicts;
  console.log(
    `  ${label}: ${(r.messages / r.seconds).toFixed(0)} msg/s, ${(r.requests / r.seconds).toFixed(1)} req/s ` +
      `(${r.requests} requests in ${r.seconds.toFixed(1)} s, ${r.errors} errors); latency p50 ${pct(lat, 0.5).toFixed(1)} ms, ` +
      `p99 ${pct(lat, 0.99).toFixed(1)} ms; bytes/msg in ${(r.requestBytes / r.messages).toFixed(0)}, out ${(r.responseBytes / r.messages).toFixed(0)}; ` +
      `server CPU ${(cpuMs / 1000 / r.seconds).toFixed(2)} cores; block ${v.block ?? 0} warn ${v.warn ?? 0} allow ${v.allow ?? 0} invalid ${v.invalid ?? 0}`,
  );
}

function inProcessBaseline(): void {
  const mix = buildMix();
  const batches = Array.from(
    { length: 40 },
    (_, i) => (JSON.parse(batchJson(mix, 1_000_000 + i)) as { messages: SmsMessage[] }).messages,
  );
  const checker = createSmsChecker();
  for (const b of batches.slice(0, 5)) checker.checkBatch(b);
  const t = performance.now();
  let n = 0;
  for (const b of batches.slice(5)) n += checker.checkBatch(b).length;
  const s = (performance.now() - t) / 1000;
  console.log(`  in-process createSmsChecker().checkBatch on the same mix: ${(n / s).toFixed(0)} msg/s`);
}

async function main(): Promise<void> {
  const mode = process.env.CLIENT ?? 'both';
  const query = process.env.QUERY ? `?${process.env.QUERY}` : '';
  const concurrency = Number(process.env.CONCURRENCY ?? 4);
  const measureMs = Number(process.env.SECONDS ?? 10) * 1000;
  const dir = mkdtempSync(join(tmpdir(), 'koban-check-http-'));
  const logFile = join(dir, 'server.log');
  const config = loadConfig({
    KOBAN_DATA_DIR: dir,
    KOBAN_PORT: '0',
    KOBAN_LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    KOBAN_RATE_LIMIT_PER_MINUTE: '10000000',
    ...(process.env.KOBAN_CHECK_WORKERS ? { KOBAN_CHECK_WORKERS: process.env.KOBAN_CHECK_WORKERS } : {}),
  });
  // As `serve()` does, with the log going to a file instead of the terminal.
  const logger = pino({ level: config.logLevel }, pino.destination({ dest: logFile, sync: false }));
  const koban = await createKoban(config, {
    onBackgroundError: (scope, err) => logger.error({ err, scope }, 'background task failed'),
  });
  const app = await buildHttpServer(koban, { loggerInstance: logger });
  koban.correlation.start(koban.bus);
  await koban.protection.start();
  const base = await app.listen({ host: '127.0.0.1', port: 0 });

  const init = await koban.orgs.initialize('bench centre');
  const admin = await koban.auth.authenticate(`Bearer ${init.apiKey}`);
  const org = await koban.orgs.create(admin, { name: 'carrier', kind: 'carrier' });
  const key = (await koban.orgs.createKey(admin, org.id, { name: 'gateway' })).apiKey;
  const writer = await koban.auth.authenticate(`Bearer ${key}`);
  // Reported smishing: a few hundred shared URLs in the index (the bench's own URLs stay unique).
  const reports = Array.from({ length: 300 }, (_, i) => ({
    kind: 'smishing' as const,
    tlp: 'GREEN' as const,
    description: '不在通知SMS',
    details: {
      sender: '+8613800000000',
      body: `【佐川急便】不在の為持ち帰りました。https://sagawa-rep${i}.top/a`,
    },
  }));
  await koban.intake.submit(writer, reports);
  await koban.protection.index.refresh();

  const url = `${base}/v1/check/sms:batch${query}`;
  console.log(
    `POST /v1/check/sms:batch${query} — ${BATCH} messages/request, ${concurrency} in flight, ${config.checkWorkers} check workers, ${measureMs / 1000} s measured; ` +
      `index ${koban.protection.index.stats.entries} entries; log level ${config.logLevel}; node ${process.version}`,
  );
  const opts: ClientOptions = { url, key, concurrency, warmupMs: 2_000, measureMs, firstBatch: 0 };
  const session = process.env.CPU_PROF ? new Session() : undefined;
  const measure = async (label: string, run: () => Promise<ClientResult>) => {
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    const cpu0 = process.cpuUsage();
    const elu0 = performance.eventLoopUtilization();
    const r = await run();
    const cpu = process.cpuUsage(cpu0);
    const elu = performance.eventLoopUtilization(elu0).utilization;
    // Workers started during the run, so their utilization since start covers it (and warm-up).
    const workers = (koban.protection.pool?.workers ?? []).map((w) =>
      (w.performance.eventLoopUtilization().utilization * 100).toFixed(0),
    );
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      const file = `check-http-${label}.cpuprofile`;
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`  (server profile: ${file})`);
    }
    // Server CPU over the measured window (approximate: includes warm-up).
    report(label, r, ((cpu.user + cpu.system) / 1000) * (r.seconds / (r.seconds + opts.warmupMs / 1000)));
    console.log(
      `    event loop busy ${(elu * 100).toFixed(0)} %${workers.length > 0 ? `; check workers busy ${workers.join(', ')} %` : ''}`,
    );
    opts.firstBatch = r.nextBatch + 10;
  };
  if (mode === 'fork' || mode === 'both')
    await measure('client in a child process', () => forkedClient(opts));
  if (mode === 'inproc' || mode === 'both')
    await measure('client on the server event loop', () => runClient(opts));
  inProcessBaseline();
  const lines = readFileSync(logFile, 'utf8').split('\n').length - 1;
  console.log(`  server log lines written: ${lines}`);
  await app.close();
  await koban.close();
  rmSync(dir, { recursive: true, force: true });
}
