import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createKoban, type Koban } from '../app/container.js';
import type { Principal } from '../auth/service.js';
import { loadConfig } from '../config.js';
import { snapshotPath } from './state-store.js';

const dir = mkdtempSync(join(tmpdir(), 'koban-fraud-restart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const start = Date.parse('2026-12-01T00:00:00Z');
const link = (i: number) => ({
  id: `link-${i}`,
  type: 'account_link',
  occurredAt: new Date(start + i * 60_000).toISOString(),
  accountId: `wallet-${i}`,
  deviceId: `dev-${i}`,
  bankAccount: '0009-100-1111111',
});

async function open(): Promise<{ koban: Koban; principal: Principal }> {
  const koban = await createKoban(loadConfig({ KOBAN_DATA_DIR: dir }), {
    intakeWorker: false,
    now: () => new Date(start + 30 * 60_000),
  });
  let orgId = (await koban.database.db.selectFrom('organizations').select('id').executeTakeFirst())?.id;
  if (orgId === undefined) orgId = (await koban.orgs.initialize('Centre')).organization.id;
  const principal: Principal = {
    keyId: 'test',
    orgId,
    scopes: new Set(['fraud:write']),
    viewer: await koban.auth.viewerFor(orgId),
  };
  return { koban, principal };
}

const fanOut = (reasons: { ruleId: string; detail?: Record<string, unknown> }[]) =>
  reasons.some((r) => r.ruleId === 'bank-account-many-wallets');

describe('fraud state across restarts', () => {
  it('keeps window state through snapshot + journal replay, and through the journal alone', async () => {
    let { koban, principal } = await open();
    for (let i = 0; i < 2; i++) await koban.fraud.service.submit(principal, link(i));
    await koban.fraud.service.snapshotAll();
    const snap = snapshotPath(join(dir, 'fraud'), principal.orgId);
    copyFileSync(snap, `${snap}.early`);
    // After the snapshot: journaled only.
    const third = await koban.fraud.service.submit(principal, link(2));
    expect(fanOut(third.reasons)).toBe(true);
    await koban.close();
    // A crash after the early snapshot: the journal tail must be replayed on top of it.
    copyFileSync(`${snap}.early`, snap);
    ({ koban, principal } = await open());
    const retry = await koban.fraud.service.submit(principal, link(2));
    expect(retry.duplicate).toBe(true);
    const fourth = await koban.fraud.service.submit(principal, link(3));
    const detail = fourth.reasons.find((r) => r.ruleId === 'bank-account-many-wallets')?.detail;
    expect(detail).toBeDefined();
    expect(Object.values(detail ?? {})).toContain(4);
    await koban.close();
    // No snapshot at all: the journal alone rebuilds the same state.
    rmSync(snap);
    expect(existsSync(snap)).toBe(false);
    ({ koban, principal } = await open());
    const fifth = await koban.fraud.service.submit(principal, link(4));
    expect(
      Object.values(fifth.reasons.find((r) => r.ruleId === 'bank-account-many-wallets')?.detail ?? {}),
    ).toContain(5);
    await koban.close();
  });
});
