/**
 * The campaign graph, protection and fraud pages in a real browser (Debian's chromium through
 * playwright-core) against a real Koban server on 127.0.0.1. Screenshots go to test-results/.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Koban } from '../../src/app/container.js';
import { bundle, sdo } from '../../src/knowledge/test-fixtures.js';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  type ConsoleServer,
  missingForBrowserTests,
  SHOTS,
  startConsoleServer,
} from '../helpers/console-server.js';

const missing = missingForBrowserTests('console investigation browser tests');

const SMISHING =
  '【佐川急便】お荷物をお届けに伺いましたが不在の為持ち帰りました。https://sagawa-xq.top/abc 確認願います';
const ACTOR = 'Roaming Mantis <img src=x onerror="window.__pwned=1">';

const ruleSet = (version: string, score: number, op = 'gte') => ({
  format: 'koban-fraud-rules/1',
  id: 'strict',
  version,
  thresholds: { step_up: 10, hold: 50, deny: 90 },
  rules: [
    {
      id: 'big-transfer',
      on: ['transfer'],
      when: { field: 'amount', op, value: 100_000 },
      score,
      reason: { code: 'big_transfer', ja: '高額送金 {amount}円', en: 'large transfer of {amount} yen' },
    },
  ],
});

describe.skipIf(missing.length > 0)('console investigation pages in chromium', () => {
  let koban: Koban;
  let browser: Browser;
  let page: Page;
  let base: string;
  let adminKey: string;
  let partnerKey: string;
  let server: ConsoleServer;
  const reportIds: string[] = [];
  let attributionId: string;

  const api = async (method: string, url: string, body?: unknown) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${adminKey}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  // The protection page lists the whole built-in brand catalogue: its shots are the viewport only.
  const shot = (name: string, fullPage = true) =>
    page.screenshot({ path: join(SHOTS, `console-${name}.png`), fullPage });

  beforeAll(async () => {
    server = await startConsoleServer('koban-browser-inv-');
    ({ koban, base } = server);
    adminKey = (await koban.orgs.initialize('Centre')).apiKey;
    const org = await api('POST', '/v1/organizations', { name: '通信事業者テスト', kind: 'carrier' });
    partnerKey = (
      await api('POST', `/v1/organizations/${org.id as string}/api-keys`, {
        name: 'partner',
        scopes: ['reports:read', 'reports:write'],
      })
    ).apiKey as string;
    // Two partner reports that share the lure's domain (and nothing else, so the one explained link
    // is that domain on SQLite and PostgreSQL alike): one campaign once correlation has run.
    for (const [path, sender] of [
      ['abc', '090-1234-5678'],
      ['xyz', '080-2222-3333'],
    ]) {
      const res = await fetch(`${base}/v1/reports`, {
        method: 'POST',
        headers: { authorization: `Bearer ${partnerKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'smishing',
          tlp: 'GREEN',
          description: '不在通知を装う SMS',
          details: { sender, body: SMISHING.replace('/abc', `/${path}`) },
        }),
      });
      reportIds.push(((await res.json()) as { id: string }).id);
    }
    await koban.correlation.drain();
    const actor = sdo('intrusion-set', { name: ACTOR });
    await api('POST', '/v1/import/stix', bundle(actor));
    const view = await api('GET', `/v1/reports/${reportIds[0]}/campaign`);
    const attribution = await api('POST', '/v1/attributions', {
      targetType: 'campaign',
      targetId: view.campaignId,
      actorId: actor.id,
      confidence: 60,
      layer: 'tactical',
      evidence: [
        { kind: 'report', ref: reportIds[0] },
        { kind: 'url', ref: 'https://sagawa-xq.top/abc' },
        { kind: 'note', ref: '同一キットのパス構造' },
      ],
      tlp: 'GREEN',
    });
    attributionId = attribution.id as string;
    // Fraud: an active version 1, a draft version 2, and a held transfer that opens a case.
    await api('POST', '/v1/fraud/rule-sets', ruleSet('1', 60));
    await api('PUT', '/v1/fraud/rule-sets/strict/versions/1/status', { status: 'active' });
    await api('POST', '/v1/fraud/rule-sets', ruleSet('2', 95));
    await api('POST', '/v1/fraud/events', {
      id: 'evt-held',
      type: 'transfer',
      occurredAt: new Date().toISOString(),
      accountId: 'acct-1',
      amount: 250_000,
    });
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    await context.addInitScript(
      "window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));",
    );
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${base}/`);
    await page.getByLabel('API キー').fill(adminKey);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('heading', { name: 'ダッシュボード' }).waitFor();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('opens the campaign graph from a report: both reports, the shared indicator, why they link', async () => {
    await page.goto(`${base}/inbox?kind=smishing`);
    const row = page.locator('li.report-row').first();
    await row.getByRole('link', { name: '詳細' }).click();
    await page.getByRole('link', { name: 'キャンペーングラフを開く' }).click();
    await page.getByRole('heading', { name: /キャンペーングラフ/ }).waitFor();
    const canvas = page.getByTestId('graph-canvas');
    // What Cytoscape itself holds, next to the accessible list drawn from the same model.
    await expect.poll(() => canvas.getAttribute('data-cy-reports')).toBe('2');
    expect(await canvas.getAttribute('data-cy-indicators')).toBe('sagawa-xq[.]top');
    expect(await canvas.locator('canvas').count()).toBeGreaterThan(0);
    const listed = await page
      .getByTestId('graph-node-report')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-report-id')));
    expect(listed.sort()).toEqual([...reportIds].sort());
    const indicator = page.getByTestId('graph-node-indicator');
    expect(await indicator.allTextContents()).toEqual([expect.stringContaining('sagawa-xq[.]top')]);
    await expect(page.getByTestId('graph-links').textContent()).resolves.toMatch(
      /SMS フィッシング \w{6} と SMS フィッシング \w{6} は同じ ドメイン を含みます.*sagawa-xq\[\.\]top/,
    );
    // The list beside the canvas works from the keyboard alone.
    await indicator.getByRole('button').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('graph-details').textContent()).resolves.toContain('2 件の通報に出現');
    // The malicious domain is never a live link anywhere on the page.
    const hrefs = await page
      .locator('a[href]')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    for (const href of hrefs) expect(href.startsWith('/') || href === '#main', href).toBe(true);
    await shot('campaign-graph');
    // On a phone the graph, details and lists stack without a horizontal scroll.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot('campaign-graph-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  }, 60_000);

  it('shows the attribution inert and records a confirmation', async () => {
    const panel = page.getByTestId('attribution-panel');
    await expect(panel.textContent()).resolves.toContain('<img src=x onerror=');
    expect(await panel.locator('img').count()).toBe(0);
    await expect(panel.textContent()).resolves.toContain('hxxps[://]sagawa-xq[.]top/abc');
    await expect(panel.textContent()).resolves.toContain('戦術（技術的痕跡）');
    await panel.getByRole('button', { name: '確定する' }).click();
    await panel.locator('[data-decision="confirmed"]').waitFor();
    expect((await api('GET', `/v1/attributions/${attributionId}`)).decision).toBe('confirmed');
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.evaluate('window.__csp')).toEqual([]);
    await shot('campaign-attribution');
  }, 60_000);

  it('rejects an invalid rule edit with the validator pointer and leaves the active version alone', async () => {
    await page.getByRole('link', { name: '不正検知' }).click();
    await page.getByRole('heading', { name: '不正検知ルール' }).waitFor();
    await page.getByRole('button', { name: '表示 1' }).click();
    await page.getByRole('button', { name: '新しい版として編集' }).click();
    await page.getByLabel('ルールセット（JSON）').fill(JSON.stringify(ruleSet('3', 60, 'nope'), null, 2));
    await page.getByRole('button', { name: '下書きとして保存' }).click();
    const errors = page.getByTestId('rule-errors');
    await expect(errors.textContent()).resolves.toContain('/rules/0/when/op');
    await shot('fraud-invalid');
    const sets = (await api('GET', '/v1/fraud/rule-sets')).items as { version: string; status: string }[];
    expect(sets.map((s) => `${s.version}:${s.status}`).sort()).toEqual(['1:active', '2:draft']);
    // A line diff between the two stored versions, then a backtest of version 2.
    await page.getByRole('button', { name: '比較する' }).click();
    await expect(page.getByRole('status').filter({ hasText: '行追加' }).textContent()).resolves.toBe(
      '2 行追加、2 行削除',
    );
    const added = await page.getByTestId('rule-diff').locator('li.add').allTextContents();
    expect(added).toEqual([
      expect.stringContaining('"score": 95'),
      expect.stringContaining('"version": "2"'),
    ]);
    await page.getByRole('button', { name: 'バックテスト 2' }).click();
    const backtest = page.getByTestId('backtest');
    await expect(backtest.textContent()).resolves.toContain('バックテスト結果: strict 版 2');
    await expect(page.getByTestId('backtest-rules').textContent()).resolves.toContain('big-transfer');
    await shot('fraud-rules');
  }, 60_000);

  it('decides an open case from the queue', async () => {
    await page.getByRole('link', { name: '案件キュー' }).click();
    const cases = page.getByTestId('cases');
    await expect(cases.textContent()).resolves.toContain('acct-1');
    await expect(cases.textContent()).resolves.toContain('保留');
    await shot('fraud-cases');
    await cases.getByRole('button', { name: '不正と確定' }).click();
    await page.getByText('判断待ちの案件はありません。').waitFor();
    const open = (await api('GET', '/v1/fraud/cases?status=open')).items as unknown[];
    expect(open).toEqual([]);
  }, 60_000);

  it('checks a smishing text: block with reasons in Japanese, then in English after the switch', async () => {
    const expected = await api('POST', '/v1/check/sms', { body: SMISHING });
    expect(expected.verdict).toBe('block');
    const reasons = expected.reasons as { ja: string; en: string }[];
    await page.getByRole('link', { name: '保護' }).click();
    await page.getByRole('heading', { name: 'この SMS / URL を確認する' }).waitFor();
    await page.getByLabel('SMS の本文').fill(SMISHING);
    await page.getByRole('button', { name: '判定する' }).click();
    const result = page.getByTestId('check-result');
    await expect(result.getAttribute('data-verdict')).resolves.toBe('block');
    await expect(result.textContent()).resolves.toContain('ブロック');
    const shown = await page.getByTestId('check-reasons').textContent();
    for (const r of reasons) expect(shown).toContain(r.ja.slice(0, 20));
    expect(await result.locator('a').count()).toBe(0);
    await shot('protection-ja', false);
    await page.getByRole('button', { name: 'English' }).click();
    await expect(result.textContent()).resolves.toContain('Block');
    const english = await page.getByTestId('check-reasons').textContent();
    for (const r of reasons) expect(english).toContain(r.en.slice(0, 20));
    await shot('protection-en', false);
  }, 60_000);

  it('shows brand validation errors next to the field they concern', async () => {
    await page.getByRole('button', { name: 'Register a brand' }).click();
    await page.getByLabel('Official domains').fill('not a domain!!');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByTestId('error-officialDomains').textContent()).resolves.toContain(
      'Check this field',
    );
    expect(await page.getByLabel('Official domains').getAttribute('aria-invalid')).toBe('true');
    await expect(page.getByTestId('error-namesJa').textContent()).resolves.toContain('at least one name');
    await page.getByLabel('Official domains').fill('koban-test-brand.jp');
    await page.getByLabel('Names (Japanese)').fill('佐川テスト');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/Brand ".+" saved\./).waitFor();
    await shot('protection-brands-en', false);
  }, 60_000);

  it('confirms the lookalike alert a reported site raised for a registered brand, and the server records it', async () => {
    // The brand registered through the form in the test above; a partner reports a site wearing its name.
    await api('POST', '/v1/reports', {
      kind: 'phishing_site',
      tlp: 'GREEN',
      description: 'ブランドを装うサイト',
      details: { url: 'https://koban-test-brand-secure.top/login' },
    });
    await koban.protection.alerts.processNewReports();
    const open = (await api('GET', '/v1/lookalike-alerts?status=open')).items as Array<{
      id: string;
      domain: string;
    }>;
    const alert = open.find((a) => a.domain.includes('koban-test-brand'));
    if (alert === undefined) throw new Error(`no open alert for the brand: ${JSON.stringify(open)}`);
    await page.reload();
    const table = page.getByTestId('lookalike-alerts');
    await table.getByRole('button', { name: `Confirm ${alert.domain} as a lookalike` }).click();
    await expect
      .poll(() => page.getByTestId(`alert-status-${alert.id}`).textContent(), { timeout: 10_000 })
      .toBe('Confirmed');
    const confirmed = (await api('GET', '/v1/lookalike-alerts?status=confirmed')).items as Array<{
      id: string;
    }>;
    expect(confirmed.map((a) => a.id)).toContain(alert.id);
    expect(await table.locator('a').count()).toBe(0);
  }, 60_000);

  it('shows a partner key only what it may do, and API errors in words', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    const partner = await context.newPage();
    partner.setDefaultTimeout(10_000);
    try {
      await partner.goto(`${base}/`);
      await partner.getByLabel('API キー').fill(partnerKey);
      await partner.getByRole('button', { name: 'ログイン' }).click();
      await partner.getByRole('heading', { name: 'ダッシュボード' }).waitFor();
      await partner.goto(`${base}/reports/${reportIds[1]}/graph`);
      const panel = partner.getByTestId('attribution-panel');
      await expect(panel.textContent()).resolves.toContain('attribution:write 権限が必要です');
      expect(await panel.getByRole('button').count()).toBe(0);
      await partner.goto(`${base}/fraud`);
      await expect(partner.getByRole('alert').textContent()).resolves.toContain(
        'このキーにはこの操作の権限がありません',
      );
      await partner.goto(`${base}/campaigns/no-such-campaign`);
      await expect(partner.getByRole('alert').textContent()).resolves.toContain('見つかりません');
      await partner.screenshot({ path: join(SHOTS, 'console-campaign-not-found.png') });
    } finally {
      await context.close();
    }
  }, 60_000);
});
