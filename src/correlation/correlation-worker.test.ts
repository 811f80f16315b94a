import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cdnRanges } from '../warninglists/test-fixtures.js';

/**
 * The correlation worker runs compiled JavaScript (`npm test` builds first): on a real data file it
 * must apply warninglists and crime-infrastructure flags it loads itself, and keep campaigns
 * consistent when another correlator (here: a second process-like store on the server thread)
 * commits between its batches.
 */
const dist = (path: string) => new URL(`../../dist/src/${path}`, import.meta.url);

describe.skipIf(!existsSync(dist('correlation/correlation-worker.js')))(
  'SQLite correlation worker (compiled)',
  () => {
    it('applies warninglists and stays consistent with another correlator in between', async () => {
      const { createKoban } = (await import(
        dist('app/container.js').href
      )) as typeof import('../app/container.js');
      const { loadConfig } = (await import(dist('config.js').href)) as typeof import('../config.js');
      const { CorrelationProcessor } = (await import(
        dist('correlation/processor.js').href
      )) as typeof import('./processor.js');
      const dir = mkdtempSync(join(tmpdir(), 'koban-corr-worker-'));
      const koban = await createKoban(loadConfig({ KOBAN_DATA_DIR: dir }));
      const other = new CorrelationProcessor(koban.database, () => crypto.randomUUID(), { worker: false });
      try {
        const init = await koban.orgs.initialize('centre');
        const admin = await koban.auth.authenticate(`Bearer ${init.apiKey}`);
        await koban.warninglists.importLists(admin, [cdnRanges()]);
        const submit = async (...indicators: { type: string; value: string }[]) => {
          const [r] = await koban.intake.submit(admin, [
            { kind: 'other', tlp: 'GREEN', description: '', details: {}, indicators },
          ]);
          if (r?.status !== 'created') throw new Error(JSON.stringify(r));
          return r.id;
        };
        const cdnA = await submit({ type: 'ipv4', value: '104.16.1.1' });
        const cdnB = await submit({ type: 'ipv4', value: '104.16.1.1' });
        const a = await submit({ type: 'phone', value: '090-1000-0001' });
        const b = await submit({ type: 'phone', value: '090-1000-0002' });
        expect(await koban.correlation.drain()).toBe(4); // worker
        expect((await koban.graph.campaign(admin, cdnA)).size).toBe(1);
        expect((await koban.graph.campaign(admin, cdnB)).size).toBe(1);

        // The other correlator links a and b through a bridge report while the worker's cache holds them.
        const bridge = await submit(
          { type: 'phone', value: '090-1000-0001' },
          { type: 'phone', value: '090-1000-0002' },
        );
        expect(await other.drain()).toBe(1);
        // Back to the worker: a new report on a's phone must land in the merged campaign.
        const c = await submit({ type: 'phone', value: '090-1000-0001' });
        expect(await koban.correlation.drain()).toBe(1);
        const view = await koban.graph.campaign(admin, c);
        expect(new Set(view.reports.map((r) => r.id))).toEqual(new Set([a, b, bridge, c]));
        expect(view.size).toBe(4);

        const { db } = koban.database;
        const members = await db
          .selectFrom('report_campaigns as rc')
          .innerJoin('campaigns as c', 'c.id', 'rc.campaign_id')
          .select(['c.id', 'c.size', 'c.merged_into'])
          .execute();
        expect(members.every((m) => m.merged_into === null)).toBe(true);
        const counts = new Map<string, number>();
        for (const m of members) counts.set(m.id, (counts.get(m.id) ?? 0) + 1);
        for (const m of members) expect(Number(m.size)).toBe(counts.get(m.id));

        // A flag written on the server thread reaches the worker through the change counter.
        const proxy = { type: 'phone', value: '050-5212-8874' };
        const before = await submit(proxy);
        expect(await koban.correlation.drain()).toBe(1);
        const flag = await koban.flags.flag(admin, {
          value: proxy.value,
          category: 'sms_verification_proxy',
          serviceName: 'SMS認証代行サービスX',
          evidence: '本人確認なしで認証を代行',
          tlp: 'GREEN',
        });
        const flagged1 = await submit(proxy);
        const flagged2 = await submit(proxy);
        expect(await koban.correlation.drain()).toBe(2); // worker
        for (const id of [before, flagged1, flagged2])
          expect((await koban.graph.campaign(admin, id)).size, id).toBe(1);
        await koban.flags.revoke(admin, flag.id);
        const afterRevoke = await submit(proxy);
        expect(await koban.correlation.drain()).toBe(1);
        const relinked = await koban.graph.campaign(admin, afterRevoke);
        expect(new Set(relinked.reports.map((r) => r.id))).toEqual(new Set([before, afterRevoke]));
      } finally {
        await other.stop();
        await koban.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }, 60_000);
  },
);
