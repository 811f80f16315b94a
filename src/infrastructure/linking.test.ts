import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import type { Principal } from '../auth/service.js';
import {
  flaggedKeysOf,
  isFlaggedValue,
  loadInfrastructureKeys,
  markingOfFlag,
  readInfrastructureVersion,
  stopsLinking,
} from './linking.js';
import { InfrastructureFlags } from './service.js';

type Indicator = { type: string; value: string };

describe('flagged values in linking-key form (pure)', () => {
  it('maps flags to the keys keys.ts derives, and answers withoutBenign’s (type, value) questions', () => {
    expect(flaggedKeysOf('phone', '+815052128874')).toEqual(['phone:+815052128874']);
    expect(flaggedKeysOf('ipv4', '203.0.113.7')).toEqual(['ip:203.0.113.7']);
    expect(flaggedKeysOf('ipv6', '2001:db8::1')).toEqual(['ip:2001:db8::1']);
    expect(flaggedKeysOf('domain', 'evil-proxy.top')).toEqual([
      'domain:evil-proxy.top',
      'regdomain:evil-proxy.top',
    ]);
    // A host below a registrable domain, or on shared hosting, stops only itself.
    expect(flaggedKeysOf('domain', 'relay.example.top')).toEqual(['domain:relay.example.top']);
    expect(flaggedKeysOf('domain', 'kit.github.io')).toEqual(['domain:kit.github.io']);
    const keys = new Set([
      ...flaggedKeysOf('ipv4', '203.0.113.7'),
      ...flaggedKeysOf('domain', 'evil-proxy.top'),
    ]);
    expect(isFlaggedValue(keys, 'ipv4', '203.0.113.7')).toBe(true);
    expect(isFlaggedValue(keys, 'domain', 'evil-proxy.top')).toBe(true);
    expect(isFlaggedValue(keys, 'domain', 'relay.evil-proxy.top')).toBe(false);
    expect(isFlaggedValue(keys, 'url', 'https://evil-proxy.top/')).toBe(false);
  });

  it('lets only flags every partner may see change correlation', () => {
    const m = (tlp: string, sensitivity = 'normal') => markingOfFlag({ org_id: 'police', tlp, sensitivity });
    expect(['CLEAR', 'GREEN', 'AMBER'].map((tlp) => stopsLinking(m(tlp)))).toEqual([true, true, true]);
    expect(stopsLinking(m('AMBER+STRICT'))).toBe(false);
    expect(stopsLinking(m('RED'))).toBe(false);
    expect(stopsLinking(m('GREEN', 'investigation'))).toBe(false);
  });
});

/** Runs on SQLite in memory, and on PostgreSQL with KOBAN_TEST_DATABASE_URL. */
describe('crime-infrastructure values do not link (correlation as wired)', () => {
  let t: TestKoban;
  let police: { orgId: string; key: string };
  let bank: { orgId: string; key: string };
  let carrier: { orgId: string; key: string };
  let admin: Principal;

  const report = async (key: string, indicators: Indicator[]) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: bearer(key),
      payload: {
        kind: 'other',
        tlp: 'GREEN',
        description: '',
        details: {},
        indicators,
        observedAt: '2026-05-01T00:00:00.000Z',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const flag = async (value: string, tlp = 'GREEN', extra: Record<string, unknown> = {}) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/indicators/flags',
      headers: bearer(police.key),
      payload: {
        value,
        category: 'sms_verification_proxy',
        serviceName: 'SMS認証代行サービスX',
        evidence: '本人確認なしで認証を代行',
        tlp,
        ...extra,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const revoke = async (id: string) => {
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/v1/indicators/flags/${id}`,
      headers: bearer(police.key),
    });
    expect(res.statusCode).toBe(204);
  };
  /** The reports the centre (which sees every GREEN report) finds in a report's campaign. */
  const campaign = async (id: string) => {
    await t.koban.correlation.drain();
    return new Set((await t.koban.graph.campaign(admin, id)).reports.map((r) => r.id));
  };
  const phone = (n: number) => [{ type: 'phone', value: `050-5212-${String(n).padStart(4, '0')}` }];

  beforeAll(async () => {
    t = await startTestKoban();
    police = await createOrgWithKey(t, 'Police', 'police', {
      scopes: ['reports:read', 'reports:write', 'indicators:read', 'infrastructure:write'],
    });
    bank = await createOrgWithKey(t, 'Bank', 'bank');
    carrier = await createOrgWithKey(t, 'Carrier', 'carrier');
    admin = await t.koban.auth.authenticate(`Bearer ${t.adminKey}`);
  });
  afterAll(() => t.close());

  it('an unflagged number links two organizations’ reports; a flagged SMS-verification proxy number does not', async () => {
    const a = await report(bank.key, phone(1));
    const b = await report(carrier.key, phone(1));
    expect(await campaign(a)).toEqual(new Set([a, b]));

    await flag('050-5212-0002');
    const c = await report(bank.key, phone(2));
    const d = await report(carrier.key, phone(2));
    expect(await campaign(c)).toEqual(new Set([c]));
    expect(await campaign(d)).toEqual(new Set([d]));
  });

  it('is not retroactive, and after a revoke later reports link again', async () => {
    const before1 = await report(bank.key, phone(3));
    const before2 = await report(carrier.key, phone(3));
    expect(await campaign(before1)).toEqual(new Set([before1, before2]));

    const id = await flag('050-5212-0003');
    const during = await report(carrier.key, phone(3));
    // Links made before the flag stay (no rebuild); the new report joins nothing.
    expect(await campaign(before1)).toEqual(new Set([before1, before2]));
    expect(await campaign(during)).toEqual(new Set([during]));

    await revoke(id);
    const after = await report(bank.key, phone(3));
    // Linked to the reports that hold a posting for the number; the one correlated while flagged stays apart.
    expect(await campaign(after)).toEqual(new Set([before1, before2, after]));
    expect(await campaign(during)).toEqual(new Set([during]));
  });

  it('a flag the community cannot see changes nothing, so linking never reveals it', async () => {
    await flag('050-5212-0004', 'RED');
    await flag('050-5212-0005', 'GREEN', { sensitivity: 'investigation' });
    await flag('050-5212-0006', 'AMBER');
    for (const [n, links] of [
      [4, true],
      [5, true],
      [6, false],
    ] as const) {
      // The bank holds both reports: a missing link would tell it that someone flagged the number.
      const x = await report(bank.key, phone(n));
      const y = await report(bank.key, phone(n));
      expect(await campaign(x), `050-5212-000${n}`).toEqual(new Set(links ? [x, y] : [x]));
    }
  });

  it('a flagged registrable domain also stops its regdomain key; a flagged host or IP stops only itself', async () => {
    await flag('evil-proxy.top', 'GREEN', { category: 'anonymizing_proxy' });
    const a = await report(bank.key, [{ type: 'url', value: 'https://a.evil-proxy.top/login' }]);
    const b = await report(carrier.key, [{ type: 'url', value: 'https://b.evil-proxy.top/pay' }]);
    expect(await campaign(a)).toEqual(new Set([a]));
    expect(await campaign(b)).toEqual(new Set([b]));

    await flag('relay.shared-kit.top', 'GREEN', { category: 'relay_server' });
    const c = await report(bank.key, [{ type: 'domain', value: 'relay.shared-kit.top' }]);
    const d = await report(carrier.key, [{ type: 'url', value: 'https://relay.shared-kit.top/x' }]);
    // Both still hold regdomain:shared-kit.top, which nobody flagged.
    expect(await campaign(c)).toEqual(new Set([c, d]));

    await flag('198.51.100.77', 'GREEN', { category: 'relay_server' });
    const e = await report(bank.key, [{ type: 'ipv4', value: '198.51.100.77' }]);
    const f = await report(carrier.key, [{ type: 'ipv4', value: '198.51.100.77' }]);
    expect(await campaign(e)).toEqual(new Set([e]));
    expect(await campaign(f)).toEqual(new Set([f]));
  });

  it('bumps the change counter with every create and revoke, and loads only live community flags', async () => {
    const { database } = t.koban;
    const v0 = await readInfrastructureVersion(database.db);
    const id = await flag('050-5212-0007');
    expect(await readInfrastructureVersion(database.db)).toBe(v0 + 1);
    expect(t.koban.flags.loadedVersion).toBe(v0 + 1);
    const loaded = await loadInfrastructureKeys(database);
    expect(loaded.version).toBe(v0 + 1);
    expect(loaded.keys).toContain('phone:+815052120007');
    expect(loaded.keys).toContain('regdomain:evil-proxy.top');
    expect(loaded.keys).not.toContain('phone:+815052120004'); // RED
    expect(loaded.keys).not.toContain('phone:+815052120003'); // revoked
    await revoke(id);
    await revoke(id); // idempotent: no change, no bump
    expect(await readInfrastructureVersion(database.db)).toBe(v0 + 2);
    expect((await loadInfrastructureKeys(database)).keys).not.toContain('phone:+815052120007');
    expect(t.koban.flags.isInfrastructure('phone', '+815052120007')).toBe(false);
    expect(t.koban.flags.isInfrastructure('phone', '+815052120002')).toBe(true);
  });

  it('picks up flags written by another node on refresh', async () => {
    // A second service on the same database stands for another process or node.
    const elsewhere = new InfrastructureFlags({
      database: t.koban.database,
      audit: t.koban.audit,
      newId: () => crypto.randomUUID(),
      now: () => new Date(),
    });
    const principal = await t.koban.auth.authenticate(`Bearer ${police.key}`);
    await elsewhere.flag(principal, {
      value: '050-5212-0008',
      category: 'sms_verification_proxy',
      serviceName: 'x',
      evidence: 'e',
      tlp: 'CLEAR',
    });
    expect(t.koban.flags.isInfrastructure('phone', '+815052120008')).toBe(false);
    expect(await t.koban.flags.refresh()).toBe(true);
    expect(t.koban.flags.isInfrastructure('phone', '+815052120008')).toBe(true);
    expect(await t.koban.flags.refresh()).toBe(false);
  });
});
