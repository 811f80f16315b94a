import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import { decodePng } from '../../test/helpers/png-decode.js';
import { xmlProblem } from '../../test/helpers/xml-wellformed.js';
import { aggregate, type Series } from './aggregate.js';
import { layoutChart } from './chart-layout.js';
import { PNG_PIXEL_RATIO } from './chart-png.js';
import { parseHexColour } from './raster.js';
import { renderChart } from './svg.js';

let t: TestKoban;
let bank: { orgId: string; key: string };
let carrier: { orgId: string; key: string };
let noRead: { orgId: string; key: string };
const get = (key: string, url: string) => t.app.inject({ method: 'GET', url, headers: bearer(key) });

beforeAll(async () => {
  t = await startTestKoban();
  bank = await createOrgWithKey(t, 'Bank', 'bank');
  carrier = await createOrgWithKey(t, 'Carrier', 'carrier');
  noRead = await createOrgWithKey(t, 'Writer', 'bank', { scopes: ['reports:write'] });
  const items = [
    // November: three GREEN fraud cases from the bank (publishable), one RED (the bank's own only).
    ...[100_000, 250_000, 50_000].map((amount, i) => ({
      kind: 'fraud_case',
      tlp: 'GREEN',
      observedAt: `2026-11-0${i + 1}T10:00:00Z`,
      description: 'case',
      details: { fraudType: 'unauthorized_transfer', amount },
    })),
    {
      kind: 'fraud_case',
      tlp: 'RED',
      observedAt: '2026-11-05T10:00:00Z',
      description: 'red case',
      details: { fraudType: 'unauthorized_transfer', amount: 9_999_999 },
    },
    // December: one lone smishing report (a small cell).
    {
      kind: 'smishing',
      tlp: 'CLEAR',
      observedAt: '2026-12-01T10:00:00Z',
      description: 'x',
      details: { sender: 'INFO', body: 'x' },
    },
  ];
  const r = await t.app.inject({
    method: 'POST',
    url: '/v1/reports:batch',
    headers: bearer(bank.key),
    payload: { items },
  });
  expect(r.json().summary.created).toBe(5);
});
afterAll(async () => t.close());

describe('report statistics', () => {
  it('counts only reports the caller may see, and in public scope only publishable ones, suppressing small cells', async () => {
    const internal = (await get(bank.key, '/v1/statistics/reports?scope=internal')).json();
    const cell = (s: { cells: { period: string; group: string }[] }, period: string, group: string) =>
      s.cells.find((c) => c.period === period && c.group === group);
    expect(cell(internal, '2026-11', 'fraud_case')).toMatchObject({ reports: 4, damageJpy: 10_399_999 });
    const asCarrier = (await get(carrier.key, '/v1/statistics/reports?scope=internal')).json();
    expect(cell(asCarrier, '2026-11', 'fraud_case')).toMatchObject({ reports: 3, damageJpy: 400_000 });

    const pub = (await get(bank.key, '/v1/statistics/reports')).json();
    expect(pub.minCell).toBe(3);
    expect(cell(pub, '2026-11', 'fraud_case')).toMatchObject({
      reports: 3,
      damageJpy: 400_000,
      suppressed: false,
    });
    expect(cell(pub, '2026-12', 'smishing')).toEqual({
      period: '2026-12',
      group: 'smishing',
      reports: null,
      damageJpy: null,
      suppressed: true,
    });
    expect(cell(pub, '2026-12', 'fraud_case')).toMatchObject({ reports: 0, suppressed: false });
    const byOrg = (await get(bank.key, '/v1/statistics/reports?groupBy=orgKind&interval=week')).json();
    expect(byOrg.groups).toEqual(['bank']);
  });

  it('renders well-formed SVG charts with suppressed cells as gaps', async () => {
    for (const chart of ['line', 'bar']) {
      const r = await get(bank.key, `/v1/statistics/reports.svg?chart=${chart}&measure=damageJpy`);
      expect(r.statusCode, r.body).toBe(200);
      expect(r.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
      expect(xmlProblem(r.body)).toBeNull();
      expect(r.body).not.toMatch(/<script|href=/);
    }
    const series = aggregate(
      [{ at: '2026-11-01T00:00:00Z', kind: '<script>&', orgKind: 'bank', damageJpy: null }],
      'kind',
      'month',
      0,
    );
    const svg = renderChart(series, 'bar', 'reports', 'title <b>');
    expect(xmlProblem(svg)).toBeNull();
    expect(svg).toContain('&lt;script&gt;&amp;');
  });

  it('needs reports:read and valid dates', async () => {
    expect((await get(noRead.key, '/v1/statistics/reports')).statusCode).toBe(403);
    const bad = await get(bank.key, '/v1/statistics/reports?since=yesterday');
    expect(bad.json().errors).toEqual([{ field: 'since', reason: expect.any(String) }]);
    const since = (await get(bank.key, '/v1/statistics/reports?scope=internal&since=2026-12-01')).json();
    expect(since.periods).toEqual(['2026-12']);
    const until = (await get(bank.key, '/v1/statistics/reports?scope=internal&until=2026-11-02')).json();
    expect(until.cells).toEqual([
      { period: '2026-11', group: 'fraud_case', reports: 1, damageJpy: 100_000, suppressed: false },
    ]);
  });

  it('renders PNG charts under the same access rules, suppression and query validation as the SVG', async () => {
    for (const chart of ['line', 'bar']) {
      for (const measure of ['reports', 'damageJpy']) {
        const r = await get(bank.key, `/v1/statistics/reports.png?chart=${chart}&measure=${measure}`);
        expect(r.statusCode, r.body).toBe(200);
        expect(r.headers['content-type']).toBe('image/png');
        const png = decodePng(r.rawPayload);
        expect(png.chunkTypes).toEqual(['IHDR', 'IDAT', 'IEND']);
        expect([png.width, png.height]).toEqual([720 * PNG_PIXEL_RATIO, 360 * PNG_PIXEL_RATIO]);
        expect(png.scanlines.length).toBe(png.height * (1 + png.width * 4));
      }
    }

    // The lone December smishing report is a bar for the bank internally, a gap in public.
    const bar = async (scope: string) => {
      const series: Series = (await get(bank.key, `/v1/statistics/reports?scope=${scope}`)).json();
      const url = `/v1/statistics/reports.png?scope=${scope}&chart=bar&measure=reports`;
      const png = decodePng((await get(bank.key, url)).rawPayload);
      return { series, png, layout: layoutChart(series, 'bar', 'reports', '') };
    };
    const internal = await bar('internal');
    const pub = await bar('public');
    expect(pub.series.cells.find((c) => c.period === '2026-12' && c.group === 'smishing')?.suppressed).toBe(
      true,
    );
    const visibleBars = (layout: typeof internal.layout, group: string) =>
      layout.groups.find((g) => g.group === group)!.bars.filter((b) => b.height > 0);
    const smishing = internal.layout.groups.find((g) => g.group === 'smishing')!;
    const [decemberBar, ...others] = visibleBars(internal.layout, 'smishing'); // November is 0
    expect(others).toEqual([]);
    const at = [
      Math.floor((decemberBar!.x + decemberBar!.width / 2) * PNG_PIXEL_RATIO),
      Math.floor((decemberBar!.y + decemberBar!.height / 2) * PNG_PIXEL_RATIO),
    ] as const;
    expect(internal.png.pixel(...at)).toEqual(parseHexColour(smishing.colour));
    expect(visibleBars(pub.layout, 'smishing')).toEqual([]);
    expect(pub.png.pixel(...at)).toEqual(parseHexColour('#ffffff'));

    expect((await get(noRead.key, '/v1/statistics/reports.png')).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/v1/statistics/reports.png' })).statusCode).toBe(401);
    for (const [query, field] of [
      // Schema errors name the query parameter with its location; dates are checked by the service.
      ['chart=pie', 'querystring:chart'],
      ['measure=victims', 'querystring:measure'],
      ['colour=red', 'querystring:colour'],
      ['since=yesterday', 'since'],
    ]) {
      const bad = await get(bank.key, `/v1/statistics/reports.png?${query}`);
      expect(bad.statusCode, query).toBe(400);
      expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(bad.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });
});
