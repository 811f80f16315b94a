import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import { createKoban, type Koban } from '../app/container.js';
import { loadConfig } from '../config.js';
import { checkSms, type SmsMessage } from '../core/detect/sms-check.js';
import { buildHttpServer } from '../http/server.js';
import { canSee, type Marking, SENSITIVITIES, TLP_LEVELS, type Viewer } from '../sharing/policy.js';
import { BatchItemSerializers, verdictCode } from './batch-json.js';
import { effectiveBrands } from './brands.js';
import { CheckPool } from './check-pool.js';
import {
  buildCheckContext,
  dump,
  idAtMs,
  ProtectionData,
  viewerContext,
  type WorkerState,
} from './protection-data.js';
import type { BatchMode } from './schemas.js';

const serializers = new BatchItemSerializers();
/** What the pool answers for these results: each one's JSON item in `mode`, and its verdict. */
const written = (results: ReturnType<typeof checkSms>[], mode: BatchMode) => ({
  items: results.map((r) => serializers.item(mode)(r)),
  verdicts: Uint8Array.from(results, (r) => verdictCode(r.verdict)),
});
/** The pool's answer with its items as text, to compare with `written`. */
const asText = async (answer: Promise<{ items: Uint8Array[]; verdicts: Uint8Array }>) => {
  const a = await answer;
  return { items: a.items.map((b) => Buffer.from(b).toString('utf8')), verdicts: a.verdicts };
};

describe('pooled SMS batch route', () => {
  let t: TestKoban;
  let inline: { koban: Koban; app: FastifyInstance };
  let carrier: { orgId: string; key: string };
  let bank: { orgId: string; key: string };

  beforeAll(async () => {
    t = await startTestKoban({ KOBAN_CHECK_WORKERS: '1' });
    carrier = await createOrgWithKey(t, 'Carrier', 'carrier');
    bank = await createOrgWithKey(t, 'Bank', 'bank');
    const post = (key: string, payload: object) =>
      t.app.inject({ method: 'POST', url: '/v1/reports', headers: bearer(key), payload });
    const green = await post(carrier.key, {
      kind: 'smishing',
      tlp: 'GREEN',
      description: 'SMS',
      details: { sender: '090-1234-5678', body: '荷物のお知らせ https://pool-shared.top/x' },
    });
    expect(green.statusCode, green.body).toBe(201);
    const red = await post(bank.key, {
      kind: 'phishing_site',
      tlp: 'RED',
      description: 'internal',
      details: { url: 'https://pool-secret-phish.top/login' },
    });
    expect(red.statusCode, red.body).toBe(201);
    await t.koban.protection.index.refresh();
    // A second server over the same store, checking inline: the reference answers.
    const koban = await createKoban(loadConfig({ KOBAN_DATA_DIR: ':memory:', KOBAN_CHECK_WORKERS: '0' }), {
      database: t.koban.database,
      migrate: false,
    });
    inline = { koban, app: await buildHttpServer(koban) };
    await koban.protection.index.refresh();
  });
  afterAll(async () => {
    await inline.app.close();
    await inline.koban.close();
    await t.close();
  });

  const bodies = [
    '【佐川急便】お荷物をお届けにあがりましたが不在の為持ち帰りました。https://sagawa-xq{n}.top/abc',
    '荷物のお知らせ https://pool-shared.top/x',
    'ご確認ください https://pool-secret-phish.top/login',
    '明日の会議は10時からです',
    'Your parcel could not be delivered. Reschedule here: amaz0n-{n}.live/r?id=1',
    '未納の料金があります。至急 050-1234-5678 までお電話ください。',
    'Running 10 minutes late, save me a seat',
    '【三井住友カード】ご利用確認 https://www.smbc-card.com/ {n}',
  ];
  const senders = [undefined, '+8613812345678', 'SAGAWA', '09012345678', '05012345678'];
  function mixedBatch(n: number): unknown[] {
    const out: unknown[] = [];
    for (let i = 0; i < n; i++) {
      if (i % 97 === 5) out.push({ body: '' });
      else if (i % 89 === 7) out.push('junk');
      else if (i % 83 === 11) out.push({ body: 'bad\u0000text' });
      else {
        const sender = senders[i % senders.length];
        const body = (bodies[i % bodies.length] as string).replace('{n}', String(i));
        out.push(sender === undefined ? { body } : { sender, body });
      }
    }
    return out;
  }

  it('answers exactly as the inline route, in every mode and for every caller', async () => {
    const messages = mixedBatch(600);
    const pool = t.koban.protection.pool;
    expect(pool).not.toBeNull();
    const before = pool?.stats.pooled ?? 0;
    for (const key of [carrier.key, bank.key])
      for (const query of ['', '?reasons=codes', '?lang=ja', '?lang=en']) {
        const req = {
          method: 'POST' as const,
          url: `/v1/check/sms:batch${query}`,
          headers: bearer(key),
          payload: { messages },
        };
        const [a, b] = await Promise.all([t.app.inject(req), inline.app.inject(req)]);
        expect(a.statusCode, a.body).toBe(200);
        expect(a.headers['content-type']).toBe(b.headers['content-type']);
        expect(a.body).toBe(b.body);
      }
    // The pool did answer (several chunks per batch), and nobody fell back inline.
    expect((pool?.stats.pooled ?? 0) - before).toBeGreaterThanOrEqual(16);
    expect(pool?.stats.retriedInline).toBe(0);
    // The RED report's URL blocks for its reporter only, through the pool too.
    const codes = async (key: string) =>
      (
        await t.app.inject({
          method: 'POST',
          url: '/v1/check/sms:batch?reasons=codes',
          headers: bearer(key),
          payload: { messages },
        })
      )
        .json()
        .results[2].reasons.map((r: { code: string }) => r.code);
    expect(await codes(bank.key)).toContain('blocklisted');
    expect(await codes(carrier.key)).not.toContain('blocklisted');
  });

  it('concurrent batches: the event loop takes a chunk when the worker is busy; same answers', async () => {
    const pool = t.koban.protection.pool;
    const own = pool?.stats.onEventLoop ?? 0;
    const batches = [1, 2, 3, 4].map((k) => mixedBatch(300 + k * 50));
    const req = (app: FastifyInstance, messages: unknown[]) =>
      app.inject({
        method: 'POST',
        url: '/v1/check/sms:batch?reasons=codes',
        headers: bearer(carrier.key),
        payload: { messages },
      });
    const pooled = await Promise.all(batches.map((b) => req(t.app, b)));
    for (const [i, b] of batches.entries()) expect(pooled[i]?.body).toBe((await req(inline.app, b)).body);
    expect(pool?.stats.onEventLoop ?? 0).toBeGreaterThan(own);
  });

  it('small batches stay inline', async () => {
    const pool = t.koban.protection.pool;
    const before = pool?.stats.pooled;
    const r = await t.app.inject({
      method: 'POST',
      url: '/v1/check/sms:batch',
      headers: bearer(carrier.key),
      payload: { messages: mixedBatch(63) },
    });
    expect(r.statusCode).toBe(200);
    expect(pool?.stats.pooled).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------------

const ORGS = ['o0', 'o1', 'o2', 'o3'];
const GROUPS = ['g0', 'g1'];
const URLS = ['https://bad-a.top/x', 'https://bad-b.top/y'];
const DOMAINS = ['evil-a.top', 'evil-b.top'];
const PHONES = ['+819012345678', '+819087654321'];

const marking = fc.record({
  orgId: fc.constantFrom(...ORGS),
  tlp: fc.constantFrom(...TLP_LEVELS),
  sensitivity: fc.constantFrom(...SENSITIVITIES),
  recipients: fc.uniqueArray(fc.constantFrom(...ORGS), { maxLength: 2 }),
  sharingGroups: fc.uniqueArray(fc.constantFrom(...GROUPS), { maxLength: 2 }),
}) as fc.Arbitrary<Marking>;
const report = fc.record({
  marking,
  urls: fc.uniqueArray(fc.constantFrom(...URLS), { maxLength: 2 }),
  domains: fc.uniqueArray(fc.constantFrom(...DOMAINS), { maxLength: 1 }),
  phones: fc.uniqueArray(fc.constantFrom(...PHONES), { maxLength: 1 }),
});
const viewer = fc.record({
  orgId: fc.constantFrom(...ORGS, 'outsider'),
  groupIds: fc.uniqueArray(fc.constantFrom(...GROUPS), { maxLength: 2 }).map((g) => new Set(g)),
  investigationAccess: fc.boolean(),
}) as fc.Arbitrary<Viewer>;

/** Every reported value in a message of its own, plus a clean one. */
const MESSAGES: SmsMessage[] = [
  ...URLS.map((u) => ({ body: `お荷物の確認 ${u}` })),
  ...DOMAINS.map((d) => ({ body: `ログインしてください https://www.${d}/login` })),
  ...PHONES.map((p) => ({ sender: p, body: '至急お電話ください' })),
  { body: `未納料金 ${PHONES[1]} まで` },
  { body: '明日の会議は10時からです' },
];

describe('check pool', () => {
  const brands = effectiveBrands([]);
  const base = buildCheckContext(brands, []);
  let pool: CheckPool;
  let generation = 0;
  beforeAll(() => {
    pool = new CheckPool(2);
  });
  afterAll(async () => pool.close());

  const stateOf = (data: ProtectionData): WorkerState => ({
    generation: ++generation,
    baseVersion: 1,
    brands,
    benign: [],
    audiences: data.audiences.specs(),
    stores: { reports: dump(data.reports), flags: dump(data.flags), feeds: dump(data.feeds) },
    recentPhishing: data.recentPhishing,
  });
  const inlineOf = (data: ProtectionData, v: Viewer, ms: readonly SmsMessage[]) => {
    const ctx = viewerContext(base, data, v);
    return ms.map((m) => checkSms(ctx, m));
  };
  const unused = () => {
    throw new Error('no worker failed');
  };

  it('audience: pooled answers equal the inline ones, and a hit needs a report the caller may see', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(report, { maxLength: 8 }),
        fc.array(viewer, { minLength: 1, maxLength: 4 }),
        async (reports, viewers) => {
          const data = new ProtectionData();
          reports.forEach((r, i) => {
            data.addReport({
              id: `r${i}`,
              marking: r.marking,
              sightings: [
                ...r.urls.map((value) => ({ type: 'url', value, role: 'phishing_url' })),
                ...r.domains.map((value) => ({ type: 'domain', value, role: 'landing_domain' })),
                ...r.phones.map((value) => ({ type: 'phone', value, role: 'callback_phone' })),
              ],
            });
          });
          const state = stateOf(data);
          for (const v of viewers) {
            const expected = inlineOf(data, v, MESSAGES);
            for (const mode of ['full', 'codes', 'ja'] as const)
              expect(await asText(pool.check(state, v, MESSAGES, mode, unused))).toEqual(
                written(expected, mode),
              );
            const brute = (has: (r: (typeof reports)[number]) => boolean) =>
              reports.some((r) => has(r) && canSee(v, r.marking));
            const listed = (i: number) =>
              (expected[i]?.reasons ?? []).some((x) =>
                ['blocklisted', 'blocklisted_domain', 'crime_infrastructure'].includes(x.code),
              );
            URLS.forEach((u, i) => {
              expect(listed(i)).toBe(brute((r) => r.urls.includes(u)));
            });
            DOMAINS.forEach((d, i) => {
              expect(listed(URLS.length + i)).toBe(brute((r) => r.domains.includes(d)));
            });
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('campaign shapes: workers answer like the inline context, from community-visible reports only', async () => {
    const data = new ProtectionData();
    const green = {
      orgId: 'o1',
      tlp: 'GREEN',
      sensitivity: 'normal',
      recipients: [],
      sharingGroups: [],
    } as const;
    const t0 = Date.UTC(2026, 10, 20);
    ['eglnyq.cn', 'cgjuyx.cn', 'lihongli9.cn'].forEach((host, i) => {
      data.addReport({
        id: idAtMs(t0 + i * 1000),
        marking: { ...green, tlp: i === 0 ? 'GREEN' : 'CLEAR' },
        sightings: [{ type: 'url', value: `https://${host}/sdnz/`, role: 'phishing_url' }],
      });
    });
    data.addReport({
      id: idAtMs(t0 + 5000),
      marking: { ...green, tlp: 'AMBER+STRICT' },
      sightings: [{ type: 'url', value: 'https://hxkqz.cn/oiuewq/', role: 'phishing_url' }],
    });
    expect(data.recentPhishing).toHaveLength(3);
    const v: Viewer = { orgId: 'o2', groupIds: new Set(), investigationAccess: false };
    const ms: SmsMessage[] = [
      { body: 'ご確認ください https://qwxzt.cn/sdnz/' },
      { body: 'こちら https://zzqt.cn/oiuewq/' },
    ];
    const expected = inlineOf(data, v, ms);
    const shaped = (i: number) => (expected[i]?.reasons ?? []).some((x) => x.code === 'campaign_shape');
    expect([shaped(0), shaped(1)]).toEqual([true, false]);
    expect(await asText(pool.check(stateOf(data), v, ms, 'full', unused))).toEqual(written(expected, 'full'));
  });

  it('a worker that dies mid-batch: its chunks are checked inline, then it is replaced', async () => {
    const data = new ProtectionData();
    const state = stateOf(data);
    const v: Viewer = { orgId: 'o0', groupIds: new Set(), investigationAccess: false };
    const many = Array.from({ length: 600 }, (_, i) => MESSAGES[i % MESSAGES.length] as SmsMessage);
    const expected = inlineOf(data, v, many);
    await pool.check(state, v, MESSAGES, 'full', unused); // workers up
    expect(pool.workers).toHaveLength(2);
    const { retriedInline, crashed } = pool.stats;
    let inlined = 0;
    const running = pool.check(state, v, many, 'full', (ms) => {
      inlined += ms.length;
      return inlineOf(data, v, ms);
    });
    await pool.workers[0]?.terminate();
    expect(await asText(running)).toEqual(written(expected, 'full'));
    expect(inlined).toBeGreaterThan(0);
    expect(pool.stats.retriedInline).toBeGreaterThan(retriedInline);
    expect(pool.stats.crashed).toBe(crashed + 1);
    // The next batch gets a new worker and is answered by the pool again.
    const pooled = pool.stats.pooled;
    expect(await asText(pool.check(state, v, many, 'codes', unused))).toEqual(written(expected, 'codes'));
    expect(pool.workers).toHaveLength(2);
    expect(pool.stats.pooled).toBeGreaterThan(pooled);
  });
});
