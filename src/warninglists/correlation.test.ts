import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import type { Principal } from '../auth/service.js';
import { warninglistId } from './prepare.js';
import { cdnRanges, topSites } from './test-fixtures.js';

/**
 * End to end: reports from two organizations that share only values on an enabled warninglist
 * (a CDN edge IP, and sites on one CDN's registrable domain) stay apart; once the lists are
 * disabled, the same kind of reports link.
 */
describe('warninglists in correlation', () => {
  let t: TestKoban;
  let carrier: { orgId: string; key: string };
  let bank: { orgId: string; key: string };
  let centre: Principal;
  let senders = 0;

  const submit = async (key: string, body: Record<string, unknown>) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: bearer(key),
      payload: { tlp: 'GREEN', description: '', ...body },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  /** Two reports from two organizations sharing exactly one benign value. */
  const pair = async (text: (side: 'a' | 'b') => string) => [
    await submit(carrier.key, {
      kind: 'smishing',
      details: { sender: `+81 80-5555-${String(++senders).padStart(4, '0')}`, body: text('a') },
    }),
    await submit(bank.key, { kind: 'other', description: text('b'), details: {} }),
  ];
  const ipPair = (n: number, ip: string) =>
    pair((side) => `【配送】確認 https://kit${n}${side}.phish${n}${side}-test.top/login 接続先 ${ip}`);
  const cdnDomainPair = (n: number) => pair((side) => `通報 https://${side}${n}.edgecdn-test.net/kit${n}`);
  const sizeOf = async (id: string) => (await t.koban.graph.campaign(centre, id)).size;

  beforeAll(async () => {
    t = await startTestKoban();
    carrier = await createOrgWithKey(t, 'Carrier', 'carrier');
    bank = await createOrgWithKey(t, 'Bank', 'bank');
    centre = await t.koban.auth.authenticate(`Bearer ${t.adminKey}`);
    const imported = await t.app.inject({
      method: 'POST',
      url: '/v1/warninglists',
      headers: bearer(t.adminKey),
      payload: { lists: [cdnRanges(), topSites()] },
    });
    expect(imported.json().summary).toMatchObject({ created: 2 });
  });
  afterAll(() => t.close());

  it('does not link reports through values on an enabled list', async () => {
    const reports = [...(await ipPair(1, '104.16.5.5')), ...(await cdnDomainPair(1))];
    await t.koban.correlation.drain();
    for (const id of reports) expect(await sizeOf(id)).toBe(1);
  });

  it('links them when the lists are disabled before correlation', async () => {
    for (const name of ['Test CDN ranges', 'Test top sites']) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: `/v1/warninglists/${warninglistId(name)}`,
        headers: bearer(t.adminKey),
        payload: { enabled: false },
      });
      expect(res.json().enabled).toBe(false);
    }
    const pairs = [await ipPair(2, '104.16.9.9'), await cdnDomainPair(2)];
    await t.koban.correlation.drain();
    const keys = [];
    for (const [a, b] of pairs) {
      const view = await t.koban.graph.campaign(centre, a!);
      expect(view.reports.map((r) => r.id).sort()).toEqual([a, b].sort());
      keys.push(view.links.map((l) => l.key));
    }
    expect(keys).toEqual([['ip:104.16.9.9'], ['regdomain:edgecdn-test.net']]);
  });
});
