/**
 * The console in a real browser (Debian's chromium through playwright-core) against a real Koban
 * server on 127.0.0.1: log in, submit, triage in the inbox, hostile content, languages, expiry.
 * Screenshots of the main pages go to test-results/ (kept as CI artifacts).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Koban } from '../../src/app/container.js';
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  type ConsoleServer,
  missingForBrowserTests,
  SHOTS,
  startConsoleServer,
} from '../helpers/console-server.js';

const missing = missingForBrowserTests('console browser tests');

describe.skipIf(missing.length > 0)('console in chromium', () => {
  let koban: Koban;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let base: string;
  let partnerKey: string;
  let partnerKeyId: string;
  let partnerOrgId: string;
  let adminKey: string;
  let server: ConsoleServer;

  const api = async (method: string, url: string, key: string, body?: unknown) => {
    const res = await fetch(`${base}${url}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const shot = (name: string) =>
    page.screenshot({ path: join(SHOTS, `console-${name}.png`), fullPage: true });

  beforeAll(async () => {
    server = await startConsoleServer('koban-browser-');
    ({ koban, base } = server);
    const init = await koban.orgs.initialize('Centre');
    adminKey = init.apiKey;
    const org = await api('POST', '/v1/organizations', init.apiKey, { name: '横浜銀行テスト', kind: 'bank' });
    partnerOrgId = org.id as string;
    const key = await api('POST', `/v1/organizations/${partnerOrgId}/api-keys`, init.apiKey, {
      name: 'console',
      scopes: ['reports:read', 'reports:write', 'indicators:read'],
    });
    partnerKey = key.apiKey as string;
    partnerKeyId = key.id as string;
    // Data for the dashboard and a hostile report, submitted as a partner would.
    for (const brand of ['佐川急便', '佐川急便', 'ＳＭＢＣ', '<img src=x onerror="window.__pwned=5">']) {
      await api('POST', '/v1/reports', partnerKey, {
        kind: 'phishing_site',
        tlp: 'GREEN',
        description: '',
        details: {
          url: `https://login-${Math.random().toString(36).slice(2, 8)}.example/`,
          targetBrand: brand,
        },
      });
    }
    await api('POST', '/v1/reports', partnerKey, {
      kind: 'other',
      tlp: 'AMBER',
      title: '<img src=x onerror="window.__pwned=1">\u202Egpj.exe',
      description: `<script>window.__pwned=2</script> <a href="javascript:window.__pwned=3">click</a> ${'長'.repeat(19_000)}`,
      details: { blob: 'B'.repeat(900_000), link: 'javascript:window.__pwned=4' },
    });
    // A partner flagged the SMS sender of the submit flow as an SMS-verification proxy.
    await api('POST', '/v1/indicators/flags', adminKey, {
      value: '+819012345678',
      type: 'phone',
      category: 'sms_verification_proxy',
      serviceName: 'SMS認証代行サービスX',
      evidence: '複数の通報で同じ番号',
      tlp: 'GREEN',
    });
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP' });
    // Runs before any page script: records CSP violations and any script the report content smuggled in.
    // The page's globals are strings here: this file is type-checked without the DOM library.
    await context.addInitScript(
      "window.__csp = []; document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));",
    );
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('refuses an invalid key with a clear Japanese message, then logs in with a valid one', async () => {
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'ログイン' }).waitFor();
    await shot('login');
    await page.getByLabel('API キー').fill('kbn_AAAAAAAAAAAA_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    await page.getByRole('button', { name: 'ログイン' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'この API キーではログインできません',
    );
    await page.getByLabel('API キー').fill(partnerKey);
    await page.getByRole('button', { name: 'ログイン' }).click();
    await page.getByRole('heading', { name: 'ダッシュボード' }).waitFor();
    // The key is gone from the page; the session lives in an HttpOnly cookie scripts cannot read.
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'koban_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
    expect(await page.evaluate('document.cookie')).toBe('');
    expect(
      await page.evaluate('JSON.stringify(localStorage) + JSON.stringify(sessionStorage)'),
    ).not.toContain('kbn_');
    // Keyboard users first reach the skip link, which jumps over the menu to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('本文へ移動');
    const brands = page.getByRole('img', { name: 'なりすましの多いブランド' });
    await brands.waitFor();
    // Hovering the bars opens the tooltip that shows each brand name, a hostile one included.
    const box = await brands.boundingBox();
    if (box) {
      for (const y of [0.2, 0.4, 0.6, 0.8])
        await page.mouse.move(box.x + box.width / 2, box.y + box.height * y);
    }
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    expect(await page.locator('main img').count()).toBe(0);
    await shot('dashboard');
  }, 60_000);

  it('submits an SMS report and shows its indicators defanged', async () => {
    await page.getByRole('link', { name: '通報する' }).click();
    await page.getByRole('heading', { name: '通報する' }).waitFor();
    await shot('submit');
    await page.getByLabel('怪しい SMS の文面').check();
    // An empty form is the API's 400, shown in words with the field it names.
    await page.getByRole('button', { name: '通報を送信' }).click();
    const problem = await page.getByRole('alert').textContent();
    expect(problem).toContain('入力内容を確認してください');
    expect(problem).toContain('/details/sender');
    expect(await page.getByLabel(/送信元/).getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel(/送信元/).fill('090-1234-5678');
    await page
      .getByLabel(/SMS の本文/)
      .fill(
        '【佐川急便】お荷物をお届けに伺いましたが不在の為持ち帰りました。https://sagawa-xq.top/abc 確認願います',
      );
    await page.getByRole('button', { name: '通報を送信' }).click();
    await page.getByText('通報を受け付けました').waitFor();
    const table = page.locator('table.indicators');
    await expect(table.textContent()).resolves.toContain('hxxps[://]sagawa-xq[.]top/abc');
    await expect(table.textContent()).resolves.toContain('+819012345678');
    await shot('submitted');
    // The report page: its indicators with the sightings the viewer may see and the partner's flag.
    await page.getByRole('link', { name: '通報の詳細を開く' }).click();
    await page.getByRole('heading', { name: 'ほかの通報での観測と犯罪インフラ指定' }).waitFor();
    const context = page.locator('table.indicator-context tr', { hasText: '+819012345678' }).filter({
      hasText: '電話番号',
    });
    await context.getByText('SMS 認証代行').waitFor();
    expect(await context.textContent()).toContain('SMS認証代行サービスX');
    await shot('report-sms');
  }, 60_000);

  it('lists the report in the inbox, expands its indicators, and never links a malicious URL', async () => {
    await page.getByRole('link', { name: '受信箱', exact: true }).click();
    await page.getByRole('heading', { name: '受信箱' }).waitFor();
    await page.getByLabel('種別').selectOption('smishing');
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.waitForURL(/kind=smishing/);
    const rows = page.locator('li.report-row');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    await rows.first().getByRole('button', { name: '指標を表示' }).click();
    await rows.first().locator('table.indicators').waitFor();
    const text = await rows.first().textContent();
    expect(text).toContain('hxxps[://]sagawa-xq[.]top/abc');
    expect(text).not.toContain('https://sagawa-xq.top');
    const hrefs = await page
      .locator('a[href]')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    for (const href of hrefs) {
      expect((href.startsWith('/') && !href.startsWith('//')) || href === '#main', href).toBe(true);
      expect(href, href).not.toContain('sagawa-xq.top');
    }
    await shot('inbox');
    await page.getByLabel('種別').selectOption('ransomware_incident');
    await page.getByRole('button', { name: '絞り込む' }).click();
    await page.getByText('条件に合う通報はありません。').waitFor();
    // The same inbox on a phone-sized screen.
    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${base}/inbox`);
    await phone.locator('li.report-row').first().waitFor();
    expect(await phone.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await phone.screenshot({ path: join(SHOTS, 'console-inbox-phone.png'), fullPage: true });
    await phone.close();
  }, 60_000);

  it('renders hostile report content inert: no script runs, no live link, long text cut', async () => {
    await page.goto(`${base}/inbox?kind=other`);
    const row = page.locator('li.report-row').first();
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('<img src=x onerror=');
    await row.getByRole('link', { name: '詳細' }).click();
    await page.getByRole('heading', { name: /通報の詳細/ }).waitFor();
    const main = page.locator('main');
    const visible = (await main.textContent()) ?? '';
    expect(visible).toContain('<script>window.__pwned=2</script>');
    expect(visible).toContain('⟦U+202E⟧'); // the right-to-left override is shown, not obeyed
    expect(visible.length).toBeLessThan(20_000); // 900 KB of details and 19,000 characters, cut
    expect(await main.locator('img, script, iframe, a[href^="javascript"]').count()).toBe(0);
    expect(await page.evaluate('window.__pwned')).toBeUndefined();
    const more = main.getByRole('button', { name: /すべて表示/ }).first();
    await more.click();
    await expect.poll(async () => ((await main.textContent()) ?? '').length).toBeGreaterThan(visible.length);
    expect(await page.evaluate('window.__csp')).toEqual([]);
    await shot('report');
  }, 60_000);

  it('switches to English, keeps the choice across reloads and dates stay in JST', async () => {
    await page.goto(`${base}/inbox`);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    await page.getByRole('heading', { name: 'Inbox' }).waitFor();
    await expect(page.getByRole('link', { name: 'Dashboard' }).count()).resolves.toBe(1);
    await page.locator('li.report-row time').first().waitFor();
    const times = await page.locator('li.report-row time').allTextContents();
    expect(times.length).toBeGreaterThan(0);
    for (const time of times) expect(time).toMatch(/^\d{2}\/\d{2}\/\d{4}, \d{2}:\d{2} JST$/);
    await shot('inbox-en');
  }, 60_000);

  it('sends the user back to the login page with a clear message when the key is revoked', async () => {
    await api('POST', `/v1/organizations/${partnerOrgId}/api-keys/${partnerKeyId}/revoke`, adminKey);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Your session has expired');
    await shot('expired-en');
  }, 60_000);
});
