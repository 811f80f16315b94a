import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import { loadDataset } from './backtest/load.js';
import { loadDefaultRuleSet } from './default-rules.js';
import type { NoticeAdapter } from './delivery.js';
import type { NoticePayload } from './notices.js';

let t: TestKoban;
let app: { orgId: string; key: string };
let other: { orgId: string; key: string };
let reader: { orgId: string; key: string };
const delivered: { target: string; payload: NoticePayload; secret?: string | undefined }[] = [];
let failNext = 0;

/** Records notices instead of calling out; can be told to fail (retry path). */
const recordingWebhook: NoticeAdapter = {
  async deliver(target, payload, secret) {
    if (failNext > 0) {
      failNext--;
      throw new Error('receiver down');
    }
    delivered.push({ target, payload, secret });
  },
};

const DEFAULT_SET = loadDefaultRuleSet().id;
const FRAUD_SCOPES = [
  'fraud:read',
  'fraud:write',
  'fraud:admin',
  'reports:read',
  'reports:write',
  'indicators:read',
];
const post = (key: string, url: string, payload: unknown) =>
  t.app.inject({ method: 'POST', url, headers: bearer(key), payload: payload as object });
const put = (key: string, url: string, payload: unknown) =>
  t.app.inject({ method: 'PUT', url, headers: bearer(key), payload: payload as object });
const get = (key: string, url: string) => t.app.inject({ method: 'GET', url, headers: bearer(key) });

let clock = Date.parse('2026-12-01T03:00:00Z');
const at = (minutes: number) => new Date(clock + minutes * 60_000).toISOString();

beforeAll(async () => {
  t = await startTestKoban({}, { now: () => new Date(clock), fraudAdapters: { webhook: recordingWebhook } });
  app = await createOrgWithKey(t, 'PayApp', 'payment', { scopes: FRAUD_SCOPES });
  other = await createOrgWithKey(t, 'OtherBank', 'bank', { scopes: FRAUD_SCOPES });
  reader = await createOrgWithKey(t, 'ReadOnly', 'bank', { scopes: ['fraud:read'] });
});
afterAll(async () => t.close());

describe('fraud decisions', () => {
  it('decides an account link with reasons in both languages and is idempotent by event id', async () => {
    const event = {
      id: 'evt-1',
      type: 'account_link',
      occurredAt: at(0),
      accountId: 'acct-1',
      deviceId: 'dev-1',
      phone: '090-1234-5678',
      bankAccount: '0001-001-1234567',
    };
    const r = await post(app.key, '/v1/fraud/events', event);
    expect(r.statusCode, r.body).toBe(200);
    const body = r.json();
    expect(['allow', 'step_up', 'hold', 'deny']).toContain(body.decision);
    expect(body).toMatchObject({ eventId: 'evt-1', duplicate: false, ruleSetId: DEFAULT_SET });
    const again = await post(app.key, '/v1/fraud/events', event);
    expect(again.json()).toMatchObject({
      eventId: 'evt-1',
      duplicate: true,
      decision: body.decision,
      score: body.score,
    });
    const stored = await get(app.key, '/v1/fraud/events/evt-1');
    expect(stored.statusCode).toBe(200);
    // Canonical entity values, so they match what other partners reported.
    expect(stored.json().event).toMatchObject({ phone: '+819012345678', bankAccount: '0001-001-1234567' });
  });

  it('counts a window once per event id: the fifth distinct wallet on one bank account is held, retries never add', async () => {
    const link = (i: number) => ({
      id: `link-${i}`,
      type: 'account_link',
      occurredAt: at(i),
      accountId: `wallet-${i}`,
      deviceId: `dev-w${i}`,
      bankAccount: '0005-123-7654321',
    });
    const decisions: string[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await post(app.key, '/v1/fraud/events', link(i));
      // Retrying the same link must not grow the fan-out.
      await post(app.key, '/v1/fraud/events', link(i));
      decisions.push(r.json().decision);
      const reasons = r.json().reasons.map((x: { ruleId: string }) => x.ruleId);
      if (i >= 2) expect(reasons).toContain('bank-account-many-wallets');
      else expect(reasons).not.toContain('bank-account-many-wallets');
    }
    expect(decisions.slice(0, 2)).not.toContain('hold');
    const sixth = await post(app.key, '/v1/fraud/events', link(6));
    expect(sixth.json().decision).toBe('hold');
    expect(sixth.json().caseId).toBeTruthy();
  });

  it('rejects a bad event naming the field, and a batch answers per item', async () => {
    const bad = await post(app.key, '/v1/fraud/events', { id: 'x', type: 'transfer', accountId: 'a' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toContain('/occurredAt');
    const batch = await post(app.key, '/v1/fraud/events:batch', {
      events: [
        { id: 'b-1', type: 'transfer', occurredAt: at(1), accountId: 'acct-b', amount: 1000 },
        'not an event',
        { id: 'b-2', type: 'transfer', occurredAt: at(2), accountId: 'acct-b', amount: 1e30 },
      ],
    });
    expect(batch.statusCode, batch.body).toBe(200);
    const results = batch.json().results;
    expect(results.map((x: { status: string }) => x.status)).toEqual(['decided', 'invalid', 'decided']);
    // An absurd amount is dropped with a notice, never crashes or skews sums.
    expect(results[2].reasons.some((x: { ruleId: string }) => x.ruleId === 'engine')).toBe(true);
  });

  it('needs fraud:write to decide and keeps organizations apart', async () => {
    const denied = await post(reader.key, '/v1/fraud/events', {
      id: 'r',
      type: 'login',
      occurredAt: at(0),
      accountId: 'a',
    });
    expect(denied.statusCode).toBe(403);
    expect((await get(other.key, '/v1/fraud/events/evt-1')).statusCode).toBe(404);
    const mine = await post(other.key, '/v1/fraud/events', {
      id: 'evt-1',
      type: 'login',
      occurredAt: at(0),
      accountId: 'z',
    });
    expect(mine.json().duplicate).toBe(false);
  });
});

describe('rule sets', () => {
  const minimal = (version: string, score: number) => ({
    format: 'koban-fraud-rules/1',
    id: 'strict',
    version,
    thresholds: { step_up: 10, hold: 50, deny: 90 },
    rules: [
      {
        id: 'big-transfer',
        on: ['transfer'],
        when: { field: 'amount', op: 'gte', value: 100_000 },
        score,
        reason: { code: 'big_transfer', ja: '高額送金 {amount}円', en: 'large transfer of {amount} yen' },
      },
    ],
  });

  it('rejects an invalid set with exact paths and leaves the active set unchanged', async () => {
    const broken = minimal('1', 60) as Record<string, unknown>;
    (broken.rules as Record<string, unknown>[])[0] = {
      id: 'r',
      when: { field: 'amount', op: 'nope' },
      reason: {},
    };
    const r = await post(app.key, '/v1/fraud/rule-sets', broken);
    expect(r.statusCode).toBe(400);
    const fields = r.json().errors.map((e: { field: string }) => e.field);
    expect(fields.some((f: string) => f.startsWith('/rules/0/'))).toBe(true);
    const ev = await post(app.key, '/v1/fraud/events', {
      id: 'rs-0',
      type: 'transfer',
      occurredAt: at(5),
      accountId: 'q',
      amount: 200_000,
    });
    expect(ev.json().ruleSetId).toBe(DEFAULT_SET);
  });

  it('stores, shadows and activates versions; shadow verdicts never decide', async () => {
    expect((await post(app.key, '/v1/fraud/rule-sets', minimal('1', 60))).statusCode).toBe(201);
    expect((await post(app.key, '/v1/fraud/rule-sets', minimal('1', 60))).statusCode).toBe(200);
    expect((await post(app.key, '/v1/fraud/rule-sets', minimal('1', 99))).statusCode).toBe(409);
    const shadow = await put(app.key, '/v1/fraud/rule-sets/strict/versions/1/status', { status: 'shadow' });
    expect(shadow.statusCode, shadow.body).toBe(200);
    const ev = await post(app.key, '/v1/fraud/events', {
      id: 'rs-1',
      type: 'transfer',
      occurredAt: at(6),
      accountId: 'q',
      amount: 200_000,
    });
    expect(ev.json().ruleSetId).toBe(DEFAULT_SET);
    expect(ev.json().shadow).toEqual([
      expect.objectContaining({ ruleSetId: 'strict', decision: 'hold', score: 60 }),
    ]);
    await put(app.key, '/v1/fraud/rule-sets/strict/versions/1/status', { status: 'active' });
    const live = await post(app.key, '/v1/fraud/events', {
      id: 'rs-2',
      type: 'transfer',
      occurredAt: at(7),
      accountId: 'q',
      amount: 200_000,
    });
    expect(live.json()).toMatchObject({ ruleSetId: 'strict', ruleSetVersion: '1', decision: 'hold' });
    expect(live.json().reasons[0].text.en).toBe('large transfer of 200,000 yen');
    const list = await get(app.key, '/v1/fraud/rule-sets');
    expect(list.json().items).toEqual([
      expect.objectContaining({ setId: 'strict', version: '1', status: 'active', rules: 1 }),
    ]);
    // Backtest version 1 on this organization's own decided events, next to the active set.
    const bt = await post(app.key, '/v1/fraud/rule-sets/strict/versions/1/backtest', {
      from: at(-60),
      to: at(60),
    });
    expect(bt.statusCode, bt.body).toBe(200);
    const report = bt.json();
    expect(report.events).toBeGreaterThan(10);
    expect(report.candidate.ruleSet).toMatchObject({ id: 'strict', version: '1' });
    expect(report.active.ruleSet.id).toBe('strict');
    const bigTransfers = report.candidate.rules.find((r: { ruleId: string }) => r.ruleId === 'big-transfer');
    expect(bigTransfers.hits).toBeGreaterThanOrEqual(3);
    expect((await post(app.key, '/v1/fraud/rule-sets/strict/versions/9/backtest', {})).statusCode).toBe(404);
    // The journal export is the backtest CLI's jsonl input.
    const journal = await get(
      app.key,
      `/v1/fraud/journal?from=${encodeURIComponent(at(-60))}&to=${encodeURIComponent(at(60))}`,
    );
    expect(journal.headers['content-type']).toContain('application/x-ndjson');
    const file = join(mkdtempSync(join(tmpdir(), 'koban-journal-')), 'journal.jsonl');
    writeFileSync(file, journal.body);
    const loaded = loadDataset(file);
    expect(loaded.format).toBe('jsonl');
    expect(loaded.events.length).toBe(report.events);
    expect(loaded.skipped).toEqual([]);
    // Back to the default set for the other tests.
    await put(app.key, '/v1/fraud/rule-sets/strict/versions/1/status', { status: 'retired' });
    expect((await get(app.key, '/v1/fraud/rule-set-schema')).json().$schema).toBeTruthy();
  });
});

describe('cases, sharing and notices', () => {
  it('opens a case on hold, and a fraud decision shares the mule account with partners', async () => {
    const open = await get(app.key, '/v1/fraud/cases?status=open');
    const c = open.json().items.find((x: { eventId: string }) => x.eventId === 'link-6');
    expect(c).toMatchObject({ decision: 'hold', status: 'open', accountId: 'wallet-6' });
    const detail = await get(app.key, `/v1/fraud/cases/${c.id}`);
    expect(detail.json().event.bankAccount).toBe('0005-123-7654321');
    const decided = await post(app.key, `/v1/fraud/cases/${c.id}/decision`, {
      label: 'fraud',
      note: 'confirmed with bank',
    });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json()).toMatchObject({ status: 'fraud', sharedReportId: expect.any(String) });
    expect((await get(app.key, '/v1/fraud/events/link-6')).json().label).toBe('fraud');
    const again = await post(app.key, `/v1/fraud/cases/${c.id}/decision`, { label: 'legitimate' });
    expect(again.statusCode).toBe(409);
    // Another bank now sees the mule account through its shared list and holds a link to it.
    await t.koban.fraud.service.invalidate(await t.koban.auth.authenticate(`Bearer ${other.key}`), 'lists');
    const linked = await post(other.key, '/v1/fraud/events', {
      id: 'o-1',
      type: 'account_link',
      occurredAt: at(20),
      accountId: 'victim',
      bankAccount: '0005-123-7654321',
    });
    expect(linked.json().reasons.map((r: { ruleId: string }) => r.ruleId)).toContain(
      'bank-account-shared-mule',
    );
    expect(linked.json().decision).toBe('hold');
  });

  it('notifies the holder of every account link through the signed webhook, retrying failures', async () => {
    const s = await put(app.key, '/v1/fraud/settings', {
      webhookUrl: 'https://payapp.example/koban-notices',
      webhookSecret: 'a-long-shared-secret-123',
    });
    expect(s.json()).toMatchObject({
      webhookUrl: 'https://payapp.example/koban-notices',
      hasWebhookSecret: true,
    });
    expect((await put(app.key, '/v1/fraud/contacts/acct-n', { email: null, locale: 'en' })).statusCode).toBe(
      204,
    );
    await post(app.key, '/v1/fraud/events', {
      id: 'n-1',
      type: 'account_link',
      occurredAt: at(30),
      accountId: 'acct-n',
      bankAccount: '0001-001-7777777',
    });
    failNext = 1;
    expect(await t.koban.fraud.outbox.runOnce()).toBeGreaterThan(0);
    let rows = (await get(app.key, '/v1/fraud/outbox')).json().items;
    expect(rows.find((r: { eventId: string }) => r.eventId === 'n-1')).toMatchObject({
      status: 'pending',
      attempts: 1,
    });
    clock += 60_000;
    await t.koban.fraud.outbox.runOnce();
    rows = (await get(app.key, '/v1/fraud/outbox')).json().items;
    expect(rows.find((r: { eventId: string }) => r.eventId === 'n-1')).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
    const notice = delivered.find((d) => d.payload.eventId === 'n-1');
    expect(notice?.target).toBe('https://payapp.example/koban-notices');
    expect(notice?.secret).toBe('a-long-shared-secret-123');
    expect(notice?.payload).toMatchObject({ kind: 'account_link', locale: 'en' });
    expect(notice?.payload.text).toContain('****7777');
    expect(notice?.payload.texts.ja.text).toContain('連携されました');
  });
});

describe('README worked example', () => {
  it('denies a link from a new device with a reported phone to a bank account behind three wallets', async () => {
    const report = await post(other.key, '/v1/reports', {
      kind: 'fraud_case',
      tlp: 'GREEN',
      description: 'SMS認証代行に使われた番号',
      details: { fraudType: 'account_linking' },
      indicators: [{ type: 'phone', value: '090-1234-5678' }],
    });
    expect(report.statusCode, report.body).toBe(201);
    await t.koban.fraud.service.invalidate(await t.koban.auth.authenticate(`Bearer ${app.key}`), 'lists');
    for (let i = 0; i < 3; i++)
      await post(app.key, '/v1/fraud/events', {
        id: `readme-${i}`,
        type: 'account_link',
        occurredAt: at(100 + i),
        accountId: `readme-wallet-${i}`,
        deviceId: `readme-dev-${i}`,
        bankAccount: '0005-123-7654322',
      });
    const r = await post(app.key, '/v1/fraud/events', {
      id: 'evt-20261201-000123',
      type: 'account_link',
      occurredAt: at(104),
      accountId: 'wallet-88',
      deviceId: 'fp:9c1e',
      phone: '090-1234-5678',
      bankAccount: '0005-123-7654322',
    });
    const body = r.json();
    expect(body).toMatchObject({
      decision: 'deny',
      score: 100,
      duplicate: false,
      caseId: expect.any(String),
    });
    const byRule = Object.fromEntries(body.reasons.map((x: { ruleId: string }) => [x.ruleId, x]));
    expect(byRule['link-new-device-shared-phone'].text.en).toBe(
      'bank-account link from a new device with phone +819012345678, which other members reported in fraud',
    );
    expect(byRule['bank-account-many-wallets'].text.ja).toBe(
      '同じ銀行口座が7日以内に4件のアカウントに連携されています',
    );
  });
});
