/**
 * In-process SMS check speed (`npm run bench:sms`): throughput on one core and per-message
 * latency percentiles, over a realistic mix (shared SMS corpora when present, our Japanese
 * fixtures, generated Japanese smishing). Baseline in the same process: indicator extraction
 * alone, which every check has to do anyway.
 */
import { buildContext, createSmsChecker } from '../../src/core/detect/checkers.js';
import { CheckMemo, type SmsCheckContext, type SmsMessage } from '../../src/core/detect/sms-check.js';
import { extractIndicators } from '../../src/core/indicators/index.js';
import { loadSms } from './data.js';

function generatedJapanese(n: number): SmsMessage[] {
  const brands = [
    '佐川急便',
    'ヤマト運輸',
    '日本郵便',
    '三井住友カード',
    'イオンカード',
    'ドコモ',
    'au',
    'Amazon',
    '国税庁',
    'メルカリ',
  ];
  const lures = [
    'お荷物のお届けにあがりましたが不在の為持ち帰りました。',
    'お客様のアカウントが利用停止になりました。本人確認をお願いします。',
    '未納の料金があります。至急お支払いください。',
    'ポイントが本日失効します。',
  ];
  const hosts = [
    'sagawa-xq.top',
    'yamato-jp.cyou',
    'post-jp.icu',
    'smbc-card.co.jp-abc.com',
    'a7f2x.cn/Ab3dE',
    'ｈｔｔｐｓ：／／ａｅｏｎ－ｊｐ．ｓｈｏｐ',
    'www.kuronekoyamato.co.jp/ytc/customer/',
    'bit.ly/3xYz9',
  ];
  const out: SmsMessage[] = [];
  for (let i = 0; i < n; i++) {
    const b = brands[i % brands.length] as string;
    const l = lures[(i >> 2) % lures.length] as string;
    // Every generated message gets its own host label so no cache can flatter the numbers.
    const h = (hosts[(i >> 3) % hosts.length] as string).replace(/^([a-z]+)/, `$1${(i * 2654435761) >>> 20}`);
    const scheme = h.startsWith('ｈ') ? '' : i % 3 === 0 ? '' : 'https://';
    out.push({ sender: i % 2 ? '+8613812345678' : '09012345678', body: `【${b}】${l} ${scheme}${h}` });
  }
  return out;
}

function corpus(): SmsMessage[] {
  const shared = loadSms().map((s) => ({ sender: s.sender, body: s.text }));
  // Gateways decode messages from the wire (JSON, Buffer), which gives flat strings; the CSV
  // loader and template literals give sliced and cons strings instead, which V8 reads slower.
  return JSON.parse(JSON.stringify([...shared, ...generatedJapanese(2000)])) as SmsMessage[];
}

function percentile(sorted: Float64Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] as number;
}

interface PassResult {
  ns: number;
  blocked: number;
  latencies: Float64Array;
}

/**
 * One timed run over `rounds` passes. Cold: every pass gets a fresh memo, so each URL is checked
 * from scratch as if never seen (the worst case). Warm: the memo persists, as in production where
 * a campaign sends one URL to thousands of people.
 */
function run(context: SmsCheckContext, messages: SmsMessage[], rounds: number, cold: boolean): PassResult {
  let checker = createSmsChecker({}, context);
  let blocked = 0;
  const t = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) {
    if (cold) checker = createSmsChecker({}, { ...context, memo: new CheckMemo() });
    for (const m of messages) if (checker.check(m).verdict === 'block') blocked++;
  }
  const ns = Number(process.hrtime.bigint() - t);
  const latencies = new Float64Array(messages.length * 3);
  let k = 0;
  for (let r = 0; r < 3; r++) {
    if (cold) checker = createSmsChecker({}, { ...context, memo: new CheckMemo() });
    for (const m of messages) {
      const s = process.hrtime.bigint();
      checker.check(m);
      latencies[k++] = Number(process.hrtime.bigint() - s) / 1000;
    }
  }
  latencies.sort();
  return { ns, blocked, latencies };
}

function report(label: string, r: PassResult, total: number, baseNs: number): void {
  const lat = r.latencies;
  console.log(
    `  ${label}: ${(total / (r.ns / 1e9)).toFixed(0)} msg/s (check/extract time ratio ${(r.ns / baseNs).toFixed(2)}); latency µs p50 ${percentile(lat, 0.5).toFixed(1)}  p90 ${percentile(lat, 0.9).toFixed(1)}  p99 ${percentile(lat, 0.99).toFixed(1)}  p99.9 ${percentile(lat, 0.999).toFixed(1)}  max ${(lat[lat.length - 1] as number).toFixed(1)}; blocked ${((100 * r.blocked) / total).toFixed(1)}%`,
  );
}

function main() {
  const messages = corpus();
  const context = buildContext();
  const rounds = Number(process.env.ROUNDS ?? 20);
  const modes = (process.env.MODES ?? 'cold,warm').split(',');
  // Warm-up (JIT), then the baseline and each mode over whole passes.
  for (let r = 0; r < 3; r++) run(context, messages, 1, true);
  let baseNs = 1;
  if (process.env.NOBASE === undefined) {
    const t = process.hrtime.bigint();
    for (let r = 0; r < rounds; r++) for (const m of messages) extractIndicators(m.body);
    baseNs = Number(process.hrtime.bigint() - t);
  }
  const total = rounds * messages.length;
  const meanChars = messages.reduce((s, m) => s + m.body.length, 0) / messages.length;
  const withUrl = messages.filter((m) => /https?:|[a-z0-9]\.[a-z]{2,}/i.test(m.body)).length;
  console.log(
    `SMS check in-process: ${messages.length} distinct messages (mean ${meanChars.toFixed(0)} chars, ~${Math.round((100 * withUrl) / messages.length)}% with a link), ${rounds} passes`,
  );
  console.log(`  baseline extractIndicators alone: ${(total / (baseNs / 1e9)).toFixed(0)} msg/s`);
  for (const mode of modes) {
    if (mode === 'cold')
      report('cold memo (every URL new)', run(context, messages, rounds, true), total, baseNs);
    if (mode === 'warm')
      report('warm memo (URLs seen before)', run(context, messages, rounds, false), total, baseNs);
  }
}

main();
