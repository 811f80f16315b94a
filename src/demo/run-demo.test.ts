import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, openTestDatabase, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import { createKoban } from '../app/container.js';
import type { Principal } from '../auth/service.js';
import { loadConfig } from '../config.js';
import { type DemoSummary, seedDemo } from './run-demo.js';
import { PROXY_PHONE } from './scenario.js';

let t: TestKoban;
let summary: DemoSummary;
const key = (s: DemoSummary, who: string) => s.organizations.find((o) => o.key === who)?.apiKey as string;
const reportId = (s: DemoSummary, ref: string) => s.reports.find((r) => r.ref === ref)?.id as string;
const as = (who: string): Promise<Principal> => t.koban.auth.authenticate(`Bearer ${key(summary, who)}`);

/** Row counts of everything the demo writes: a second run must leave all of them unchanged. */
async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of [
    'organizations',
    'reports',
    'knowledge_objects',
    'infrastructure_flags',
    'attributions',
    'attribution_history',
  ] as const) {
    const row = await t.koban.database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    out[table] = Number(row.n);
  }
  return out;
}

beforeAll(async () => {
  t = await startTestKoban();
  summary = await seedDemo(t.koban);
});
afterAll(async () => t.close());

describe('koban demo: seeding', () => {
  it('creates the demo organizations with working keys in the initialized store', async () => {
    expect(summary.status).toBe('seeded');
    expect(summary.initialized).toBeUndefined();
    expect(summary.organizations.map((o) => o.key)).toEqual([
      'centre',
      'carrier',
      'volunteer',
      'bank',
      'payment',
      'exchange',
      'hosting',
      'police',
    ]);
    expect(summary.organizations[0]?.id).toBe(t.centreId);
    for (const o of summary.organizations) {
      expect((await t.koban.auth.authenticate(`Bearer ${o.apiKey}`)).orgId).toBe(o.id);
    }
    expect(summary.reports).toHaveLength(9);
  });

  it('shows the centre one campaign of ≥ 6 reports from ≥ 4 organizations, every link explained', async () => {
    const view = await t.koban.graph.campaign(await as('centre'), reportId(summary, 'sms'));
    expect(view.campaignId).toBe(summary.campaign.id);
    expect(view.size).toBeGreaterThanOrEqual(6);
    expect(new Set(view.reports.map((r) => r.reporter.orgId)).size).toBeGreaterThanOrEqual(4);
    expect(view.reports.map((r) => r.id)).toContain(reportId(summary, 'bank'));
    // A spanning tree: each report but the start is reached by exactly one link with its reason.
    expect(view.links).toHaveLength(view.size - 1);
    const reached = view.links.map((l) => l.to).sort();
    expect(reached).toEqual(
      view.reports
        .filter((r) => r.hops > 0)
        .map((r) => r.id)
        .sort(),
    );
    for (const link of view.links) {
      expect(link.key).toMatch(/^(regdomain|domain|url|phone|bank_account|btc|ip):/);
      expect(link.fromRole).not.toBe('');
      expect(link.toRole).not.toBe('');
    }
    const keys = new Set(view.links.map((l) => l.key));
    expect(keys).toContain('regdomain:sagawa-kq7.top');
    expect(summary.campaign.asCentre).toMatchObject({ size: view.size, hidden: [] });
  });

  it('shows the confirmed attribution (70, operational) on the campaign view', async () => {
    const view = await t.koban.graph.campaign(await as('carrier'), reportId(summary, 'sms'));
    expect(view.attributions).toHaveLength(1);
    expect(view.attributions[0]).toMatchObject({
      confidence: 70,
      layer: 'operational',
      decision: 'confirmed',
      actor: { type: 'intrusion-set', name: 'Parcel Kitsune' },
    });
    expect(summary.campaign.attribution).toMatchObject({ confidence: 70, layer: 'operational' });
    // Read one by one, the attribution leaves out the bank's RED case, which the carrier may not see.
    const one = await t.app.inject({
      url: `/v1/attributions/${view.attributions[0]?.id}`,
      headers: bearer(key(summary, 'carrier')),
    });
    expect(one.statusCode).toBe(200);
    const refs = (one.json() as { evidence: { ref: string }[] }).evidence.map((e) => e.ref);
    expect(refs).toContain(reportId(summary, 'sms'));
    expect(refs).not.toContain(reportId(summary, 'bank'));
  });

  // Regression: the campaign view once showed attribution evidence unfiltered (the RED case's id).
  it('leaves evidence the caller may not see out of the campaign view too', async () => {
    const view = await t.koban.graph.campaign(await as('carrier'), reportId(summary, 'sms'));
    expect(view.attributions[0]?.evidence.map((e) => e.ref)).not.toContain(reportId(summary, 'bank'));
  });

  it('shows a partner that is no recipient of the RED case a smaller campaign without it', async () => {
    const centre = await t.koban.graph.campaign(await as('centre'), reportId(summary, 'sms'));
    const res = await t.app.inject({
      url: `/v1/reports/${reportId(summary, 'sms')}/campaign`,
      headers: bearer(key(summary, 'carrier')),
    });
    expect(res.statusCode).toBe(200);
    const carrier = res.json() as { size: number; reports: { id: string }[] };
    expect(carrier.size).toBe(centre.size - 1);
    expect(carrier.size).toBeGreaterThanOrEqual(6);
    expect(carrier.reports.map((r) => r.id)).not.toContain(reportId(summary, 'bank'));
    expect(summary.campaign.asPartner).toMatchObject({
      partner: 'carrier',
      size: carrier.size,
      hidden: ['bank'],
    });
    const red = await t.app.inject({
      url: `/v1/reports/${reportId(summary, 'bank')}`,
      headers: bearer(key(summary, 'carrier')),
    });
    expect(red.statusCode).toBe(404);
  });

  it('explains the path from the smishing SMS to the payment case', async () => {
    const res = await t.app.inject({
      url: `/v1/reports/${reportId(summary, 'sms')}/path/${reportId(summary, 'payment')}`,
      headers: bearer(key(summary, 'carrier')),
    });
    const links = (res.json() as { links: { from: string; to: string }[] | null }).links;
    expect(links?.[0]?.from).toBe(reportId(summary, 'sms'));
    expect(links?.at(-1)?.to).toBe(reportId(summary, 'payment'));
  });

  it('keeps the unrelated campaign apart', async () => {
    expect(summary.otherCampaign.size).toBe(2);
    expect(summary.otherCampaign.id).not.toBe(summary.campaign.id);
  });

  it('answers the proxy-number lookup with the flag and only the evidence the caller may see', async () => {
    const res = await t.app.inject({
      url: `/v1/indicators?value=${encodeURIComponent(PROXY_PHONE)}`,
      headers: bearer(key(summary, 'exchange')),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { infrastructure: { category: string; evidenceReports: string[] }[] };
    expect(body.infrastructure).toHaveLength(1);
    expect(body.infrastructure[0]?.category).toBe('sms_verification_proxy');
    expect(body.infrastructure[0]?.evidenceReports.sort()).toEqual(
      [reportId(summary, 'payment'), reportId(summary, 'exchange')].sort(),
    );
    const police = await t.koban.indicators.lookup(await as('police'), PROXY_PHONE);
    expect(police.infrastructure[0]?.evidenceReports).toContain(reportId(summary, 'bank'));
  });
});

describe('koban demo: running again', () => {
  it('adds nothing and mints no keys', async () => {
    const before = await counts();
    const again = await seedDemo(t.koban);
    expect(again.status).toBe('already_seeded');
    expect(again.organizations.every((o) => o.apiKey === null)).toBe(true);
    expect(again.reports).toEqual(summary.reports);
    expect(again.campaign).toEqual(summary.campaign);
    expect(await counts()).toEqual(before);
  });

  it('mints fresh keys with --new-keys, still adding no data', async () => {
    const before = await counts();
    const fresh = await seedDemo(t.koban, { newKeys: true });
    expect(fresh.status).toBe('already_seeded');
    const carrierKey = key(fresh, 'carrier');
    expect(carrierKey).toMatch(/^kbn_/);
    expect(carrierKey).not.toBe(key(summary, 'carrier'));
    expect((await t.koban.auth.authenticate(`Bearer ${carrierKey}`)).orgId).toBe(
      summary.organizations.find((o) => o.key === 'carrier')?.id,
    );
    expect(await counts()).toEqual(before);
    expect((await t.koban.audit.verify()).ok).toBe(true);
  });
});

describe('koban demo on a store nobody initialized', () => {
  it('initializes it, prints the admin key once, and seeds', async () => {
    const { database, cleanup } = await openTestDatabase();
    const koban = await createKoban(loadConfig({ KOBAN_DATA_DIR: ':memory:' }), { database, migrate: false });
    try {
      const first = await seedDemo(koban);
      expect(first.initialized?.adminKey).toMatch(/^kbn_/);
      const admin = await koban.auth.authenticate(`Bearer ${first.initialized?.adminKey}`);
      expect(admin.scopes.has('admin')).toBe(true);
      expect(first.organizations[0]).toMatchObject({ key: 'centre', kind: 'analyst_centre' });
      expect(first.campaign.asCentre.size).toBeGreaterThanOrEqual(6);
      await expect(koban.orgs.initialize('again')).rejects.toMatchObject({ code: 'already_initialized' });
      const second = await seedDemo(koban);
      expect(second.status).toBe('already_seeded');
      expect(second.initialized).toBeUndefined();
    } finally {
      await koban.close();
      await cleanup();
    }
  });
});
