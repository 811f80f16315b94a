import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Community, withCommunity } from '../../test/helpers/koban.js';
import type { Principal } from '../auth/service.js';
import { urlParts } from '../core/detect/url-parts.js';
import { ProtectionIndex } from './protection-index.js';

/** Runs on SQLite in memory, and on PostgreSQL with KOBAN_TEST_DATABASE_URL. */
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'koban-protection-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const hit = (index: ProtectionIndex, p: Principal, url: string) => {
  const parts = urlParts(url);
  if (!parts.ok) throw new Error(url);
  return index.contextFor(p.viewer).lists?.matchUrl(parts.parts);
};

async function submit(c: Community, i: number, item: object): Promise<string> {
  const [r] = await c.koban.intake.submit(await c.principal(i), [item]);
  if (r?.status !== 'created') throw new Error(JSON.stringify(r));
  return r.id as string;
}

describe('protection index over the store', () => {
  it('loads reports with their audiences, flags and feeds; reconciles; snapshots', async () => {
    await withCommunity(
      [{}, {}, {}, { investigationAccess: true }],
      ['reports:read', 'reports:write', 'infrastructure:write', 'groups:manage', 'admin'],
      async (c) => {
        const group = await c.koban.groups.create(await c.principal(0), {
          name: 'banks',
          members: [c.orgIds[1] as string],
        });
        // Authenticated after the group exists, so the viewers carry the membership.
        const [p0, p1, p2, p3] = await Promise.all([0, 1, 2, 3].map((i) => c.principal(i)));
        await submit(c, 0, {
          kind: 'phishing_site',
          tlp: 'AMBER',
          description: 'group only',
          sharingGroups: [group.id],
          details: { url: 'https://group-only.top/a' },
        });
        await submit(c, 0, {
          kind: 'phishing_site',
          tlp: 'RED',
          description: 'recipient only',
          recipients: [c.orgIds[2]],
          details: { url: 'https://red-only.top/a' },
        });
        await submit(c, 0, {
          kind: 'phishing_site',
          tlp: 'GREEN',
          sensitivity: 'investigation',
          description: 'investigation',
          details: { url: 'https://investigation-only.top/a' },
        });
        const snapshotFile = join(dir, `index-${c.koban.database.engine}.json`);
        const index = new ProtectionIndex({ database: c.koban.database, bus: c.koban.bus, snapshotFile });
        await index.start(60_000);
        const viewers = [p0, p1, p2, p3] as Principal[];
        const seen = (url: string) => viewers.map((p) => hit(index, p, url) !== undefined);
        expect(seen('https://group-only.top/a')).toEqual([true, true, false, false]);
        expect(seen('https://red-only.top/a')).toEqual([true, false, true, false]);
        expect(seen('https://investigation-only.top/a')).toEqual([true, false, false, true]);
        // Subdomains of a reported registrable domain are covered (as a domain-level hit).
        expect(hit(index, p1 as Principal, 'https://www.group-only.top/b')).toMatchObject({
          match: 'domain',
        });

        // A flag (crime infrastructure) and a new report arrive: the next pass has both.
        await c.koban.flags.flag(p1 as Principal, {
          value: 'https://relay-infra.top/x',
          category: 'phishing_infrastructure',
          serviceName: 'relay',
          evidence: 'seen',
          tlp: 'GREEN',
        });
        await submit(c, 1, {
          kind: 'smishing',
          tlp: 'CLEAR',
          description: 'sms',
          details: { sender: '+81 90 1111 2222', body: '確認してください https://new-sms.top/x' },
        });
        expect(await index.refresh()).toBe(true);
        expect(hit(index, p3 as Principal, 'https://relay-infra.top/x')).toMatchObject({
          list: 'crime-infrastructure',
        });
        expect(hit(index, p2 as Principal, 'https://new-sms.top/x')).toMatchObject({
          list: 'koban-shared',
          severity: 'block',
        });
        expect(index.contextFor((p0 as Principal).viewer).flaggedNumbers?.get('+819011112222')).toBeDefined();
        await index.stop();

        // Snapshot: a new process serves from it, with the same answers, then reconciles.
        const snap = JSON.parse(await readFile(snapshotFile, 'utf8'));
        expect(snap.cursor).toBe(index.stats.cursor);
        const restarted = new ProtectionIndex({ database: c.koban.database, bus: c.koban.bus, snapshotFile });
        await restarted.start(60_000);
        expect(restarted.stats.entries).toBe(index.stats.entries);
        expect(viewers.map((p) => hit(restarted, p, 'https://red-only.top/a') !== undefined)).toEqual([
          true,
          false,
          true,
          false,
        ]);
        await submit(c, 2, {
          kind: 'phishing_site',
          tlp: 'GREEN',
          description: 'after restart',
          details: { url: 'https://after-restart.top/a' },
        });
        await restarted.refresh();
        expect(hit(restarted, p0 as Principal, 'https://after-restart.top/a')).toBeDefined();
        await restarted.stop();
      },
    );
  });

  it('brands and alerts: another process sees brand changes; alert upserts count sightings', async () => {
    await withCommunity([{}], ['reports:read', 'reports:write', 'admin'], async (c) => {
      const p = await c.principal(0);
      const other = new ProtectionIndex({ database: c.koban.database, bus: c.koban.bus });
      await other.start(60_000);
      await c.koban.protection.brands.create(p, {
        id: 'acme-pay',
        namesEn: ['Acme Pay'],
        officialDomains: ['acmepay.jp'],
        hostTokens: ['acmepay'],
        sector: 'payment',
      });
      expect(other.brands.some((b) => b.id === 'acme-pay')).toBe(false);
      await other.refresh();
      expect(other.brands.some((b) => b.id === 'acme-pay')).toBe(true);
      expect(other.alertMatcher.match('acmepay-login.top').map((h) => h.brand)).toEqual(['acme-pay']);
      expect(other.alertMatcher.match('www.acmepay.jp')).toEqual([]);
      await other.stop();

      const alerts = c.koban.protection.alerts;
      const hitOf = {
        brand: 'acme-pay',
        kind: 'brand_token',
        distance: 0,
        token: 'acmepay',
        officialDomain: 'acmepay.jp',
      };
      await alerts.record([{ ...hitOf, domain: 'acmepay-login.top' }], 'watch', 'nrd-1');
      await alerts.record([{ ...hitOf, domain: 'acmepay-login.top' }], 'ct', 'ct-log');
      const { items } = await alerts.list(p, { brand: 'acme-pay' });
      expect(items).toHaveLength(1);
      expect(items[0]).toMatchObject({
        domain: 'acmepay-login[.]top',
        count: 2,
        source: 'watch',
        status: 'open',
      });
      await submit(c, 0, {
        kind: 'phishing_site',
        tlp: 'GREEN',
        description: 'fake',
        details: { url: 'https://acmepay-verify.top/a' },
      });
      await alerts.processNewReports();
      await alerts.processNewReports();
      const after = await alerts.list(p, { brand: 'acme-pay' });
      expect(after.items.map((a) => [a.domain, a.count, a.source])).toEqual([
        ['acmepay-login[.]top', 2, 'watch'],
        ['acmepay-verify[.]top', 1, 'report'],
      ]);
      await c.koban.protection.stop();
    });
  });
});
