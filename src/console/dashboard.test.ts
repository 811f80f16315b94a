import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import { foldBrands, jstDayOf, jstWindow } from './dashboard.js';

describe('dashboard helpers', () => {
  it('buckets instants by their Japan calendar day', () => {
    expect(jstDayOf('2026-11-20T14:59:59.999Z')).toBe('2026-11-20');
    expect(jstDayOf('2026-11-20T15:00:00Z')).toBe('2026-11-21');
    const w = jstWindow(new Date('2026-11-20T16:00:00Z'), 3);
    expect(w).toEqual({
      days: ['2026-11-19', '2026-11-20', '2026-11-21'],
      since: '2026-11-18T15:00:00.000Z',
    });
  });

  it('counts brand spellings that differ in width, case or spacing as one brand', () => {
    expect(
      foldBrands([
        { brand: 'ＳＭＢＣ', n: 1 },
        { brand: 'smbc', n: 2 },
        { brand: ' 佐川  急便 ', n: 1 },
        { brand: null, n: 5 },
        { brand: '  ', n: 1 },
      ]),
    ).toEqual([
      { brand: 'SMBC', reports: 3 },
      { brand: '佐川 急便', reports: 1 },
    ]);
  });
});

describe('GET /v1/console/dashboard', () => {
  let t: TestKoban;
  let bank: { orgId: string; key: string };
  let carrier: { orgId: string; key: string };
  let clock = Date.parse('2026-11-20T16:00:00Z'); // 01:00 on 21 November in Japan
  const submit = async (key: string, body: Record<string, unknown>) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: bearer(key),
      payload: body,
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const phishing = (url: string, targetBrand: string, tlp = 'GREEN') => ({
    kind: 'phishing_site',
    tlp,
    description: '',
    details: { url, targetBrand },
  });

  beforeAll(async () => {
    t = await startTestKoban({}, { now: () => new Date(clock) });
    bank = await createOrgWithKey(t, 'Bank', 'bank');
    carrier = await createOrgWithKey(t, 'Carrier', 'carrier');
    clock -= 3 * 86_400_000; // three days earlier: the first report of the campaign
    await submit(bank.key, phishing('https://login.sagawa-xq.top/a', '佐川急便'));
    clock += 3 * 86_400_000;
    await submit(carrier.key, phishing('https://login.sagawa-xq.top/b', '佐川急便'));
    await submit(bank.key, phishing('https://smbc-card.example/x', 'ＳＭＢＣ'));
    await submit(carrier.key, {
      kind: 'smishing',
      tlp: 'AMBER',
      description: '',
      details: { sender: '+819011112222', body: '不在通知 https://other.example/' },
    });
    // RED without recipients: only the carrier sees it, so nothing of it may reach the bank's dashboard.
    await submit(carrier.key, phishing('https://hidden-brand.example/', 'HiddenBrand', 'RED'));
    await t.koban.correlation.drain();
  });
  afterAll(async () => t?.close());

  it('counts only what the caller may see, per JST day, kind, organization kind and brand', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/console/dashboard?days=7',
      headers: bearer(bank.key),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.days).toHaveLength(7);
    expect(body.days.at(-1)).toBe('2026-11-21');
    expect(body.perDay).toEqual([
      { day: '2026-11-18', kind: 'phishing_site', reports: 1 },
      { day: '2026-11-21', kind: 'phishing_site', reports: 2 },
      { day: '2026-11-21', kind: 'smishing', reports: 1 },
    ]);
    expect(body.perOrgKind).toEqual([
      { orgKind: 'bank', reports: 2 },
      { orgKind: 'carrier', reports: 2 },
    ]);
    expect(body.topBrands).toEqual([
      { brand: '佐川急便', reports: 2 },
      { brand: 'SMBC', reports: 1 },
    ]);
    expect(JSON.stringify(body)).not.toContain('HiddenBrand');

    const own = await t.app.inject({
      method: 'GET',
      url: '/v1/console/dashboard?days=7',
      headers: bearer(carrier.key),
    });
    expect(own.json().topBrands).toContainEqual({ brand: 'HiddenBrand', reports: 1 });
  });

  it('shows campaign growth under the campaign name every view uses, cumulatively per day', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v1/console/dashboard?days=7',
      headers: bearer(bank.key),
    });
    const { campaigns } = res.json();
    expect(campaigns).toHaveLength(1);
    const [first] = (
      await t.app.inject({
        method: 'GET',
        url: '/v1/reports?kind=phishing_site&limit=10',
        headers: bearer(bank.key),
      })
    )
      .json()
      .items.filter((r: { details: { url: string } }) => r.details.url.includes('sagawa-xq'))
      .map((r: { id: string }) => r.id)
      .sort();
    const view = await t.app.inject({
      method: 'GET',
      url: `/v1/reports/${first}/campaign`,
      headers: bearer(bank.key),
    });
    expect(campaigns[0]).toEqual({
      campaignId: view.json().campaignId,
      size: 2,
      growth: [
        { day: '2026-11-18', reports: 1 },
        { day: '2026-11-21', reports: 2 },
      ],
    });
  });

  it('answers a key without reports:read with 403 and a bad window with 400', async () => {
    const fraudOnly = await createOrgWithKey(t, 'Payments', 'payment', { scopes: ['fraud:read'] });
    const denied = await t.app.inject({
      method: 'GET',
      url: '/v1/console/dashboard',
      headers: bearer(fraudOnly.key),
    });
    expect(denied.statusCode).toBe(403);
    const bad = await t.app.inject({
      method: 'GET',
      url: '/v1/console/dashboard?days=1000',
      headers: bearer(bank.key),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toContain('days');
  });
});
