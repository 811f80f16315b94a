/**
 * Conformance: every real MISP list in ../shared imports through the service, and the matcher
 * built from the store answers the classic cases. Skipped when the shared data is absent.
 * Prints the import, re-import and load + build times.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngine } from '../../test/helpers/koban.js';
import { AuditLog } from '../audit/store.js';
import type { Database } from '../db/database.js';
import { findListFiles } from './cli.js';
import { WarninglistService } from './service.js';
import { loadBenignTest } from './store.js';
import { admin } from './test-fixtures.js';

const dir = fileURLToPath(new URL('../../../shared/data/misp/warninglists', import.meta.url));
const ms = (t0: number) => `${(performance.now() - t0).toFixed(0)} ms`;

describe.skipIf(!existsSync(dir))('shared MISP warninglists in the store', () => {
  let database: Database;
  let cleanup: () => Promise<void>;
  const make = () =>
    new WarninglistService({ database, audit: new AuditLog(database), now: () => new Date() });

  beforeAll(async () => {
    ({ database, cleanup } = await openTestDatabase());
  });
  afterAll(async () => cleanup());

  it('imports every list, idempotently, and rebuilds the matcher from the store', {
    timeout: 120_000,
  }, async () => {
    const files = await findListFiles([dir]);
    const lists = files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as unknown);
    const service = make();
    let t0 = performance.now();
    const report = await service.importLists(admin, lists, { source: files });
    const importTime = ms(t0);
    expect(report.results.filter((r) => r.status !== 'created')).toEqual([]);
    const entries = report.results.reduce((n, r) => n + (r.entries ?? 0), 0);
    const disabled = report.results.filter((r) => !r.enabled).map((r) => r.name);
    expect(disabled).toEqual(['List of known dynamic DNS domains']);

    t0 = performance.now();
    const again = await service.importLists(admin, lists, { source: files });
    const reimportTime = ms(t0);
    expect(again.summary.unchanged).toBe(lists.length);

    t0 = performance.now();
    const { test } = await loadBenignTest(database);
    const loadTime = ms(t0);
    const other = make();
    t0 = performance.now();
    await other.start(60_000);
    const startTime = ms(t0);
    t0 = performance.now();
    expect(other.isBenign('ipv4', '8.8.8.8')).toBe(true);
    const firstUse = ms(t0);
    await other.stop();
    console.log(
      `${testEngine}: ${lists.length} lists, ${entries.toLocaleString('en')} entries; import ${importTime} ` +
        `(incl. reload), re-import ${reimportTime}, load + build ${loadTime}, service start (load) ${startTime}, first isBenign (build) ${firstUse}`,
    );

    expect(test('ipv4', '8.8.8.8')).toBe(true);
    expect(test('ipv6', '2001:4860:4860::8888')).toBe(true);
    expect(test('ipv4', '104.16.0.1')).toBe(true);
    expect(test('domain', 'bit.ly')).toBe(true);
    expect(test('domain', 'mail.google.com')).toBe(true);
    // Specific values on shared platforms still link (registrable-domain keys are dropped by keys.ts).
    expect(test('url', 'https://bit.ly/3abcDEF')).toBe(false);
    expect(test('domain', 'sagawa-phish.github.io')).toBe(false);
    expect(test('domain', 'sagawa-phish.blogspot.com')).toBe(false);
    expect(test('domain', 'sagawa-xq.top')).toBe(false);
    expect(test('ipv4', '203.0.113.77')).toBe(false);
  });
});
