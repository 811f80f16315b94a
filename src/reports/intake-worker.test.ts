import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The SQLite intake worker runs compiled JavaScript, so this test drives the built container
 * (`npm test` builds first) against a real data file: the same outcomes as the in-thread writer,
 * and one intact audit chain although two connections append to it.
 */
const built = new URL('../../dist/src/app/container.js', import.meta.url);

describe.skipIf(!existsSync(built))('SQLite intake worker (compiled)', () => {
  it('writes, deduplicates, rejects unknown audiences and keeps one audit chain', async () => {
    const { createKoban } = (await import(built.href)) as typeof import('../app/container.js');
    const { loadConfig } = (await import(
      new URL('../../dist/src/config.js', import.meta.url).href
    )) as typeof import('../config.js');
    const dir = mkdtempSync(join(tmpdir(), 'koban-worker-'));
    const koban = await createKoban(loadConfig({ KOBAN_DATA_DIR: dir }), { intakeWorker: true });
    try {
      const init = await koban.orgs.initialize('centre');
      const admin = await koban.auth.authenticate(`Bearer ${init.apiKey}`);
      const bank = await koban.orgs.create(admin, { name: 'bank', kind: 'bank' });
      const key = await koban.orgs.createKey(admin, bank.id, { name: 'k' });
      const writer = await koban.auth.authenticate(`Bearer ${key.apiKey}`);
      const item = (n: number, extra: Record<string, unknown> = {}) => ({
        kind: 'phishing_site',
        tlp: 'GREEN',
        description: '',
        externalId: `e-${n}`,
        details: { url: `https://smbc-${n}.example.top/login` },
        ...extra,
      });
      const items = [
        ...Array.from({ length: 9_000 }, (_, n) => item(n)),
        item(3),
        item(9_001, { recipients: ['no-such-org'] }),
        item(9_002, { tlp: 'RED', recipients: [init.organization.id] }),
      ];
      const results = await koban.intake.submit(writer, items);
      const count = (s: string) => results.filter((r) => r.status === s).length;
      expect([count('created'), count('duplicate'), count('invalid')]).toEqual([9_001, 1, 1]);
      expect(results[9_000]).toMatchObject({ status: 'duplicate', id: (results[3] as { id: string }).id });
      expect(results[9_001]).toMatchObject({ status: 'invalid', errors: [{ field: '/recipients/0' }] });
      // concurrent writes on the server connection while the worker appends
      await Promise.all([
        koban.intake.submit(
          writer,
          Array.from({ length: 5_000 }, (_, n) => item(20_000 + n)),
        ),
        ...Array.from({ length: 20 }, (_, n) => koban.orgs.create(admin, { name: `org${n}`, kind: 'other' })),
      ]);
      const again = await koban.intake.submit(writer, [item(1), item(20_001)]);
      expect(again.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
      const verify = await koban.audit.verify();
      expect(verify.ok).toBe(true);
      expect(verify.checked).toBeGreaterThan(14_000);
      const red = results[9_002] as { id: string };
      await expect(
        koban.reports.get(await koban.auth.authenticate(`Bearer ${init.apiKey}`), red.id),
      ).resolves.toMatchObject({ tlp: 'RED' });
    } finally {
      await koban.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
