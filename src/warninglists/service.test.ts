import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../test/helpers/koban.js';
import { AuditLog } from '../audit/store.js';
import type { Database } from '../db/database.js';
import { KobanError } from '../errors/catalogue.js';
import { warninglistId } from './prepare.js';
import { WarninglistService } from './service.js';
import { loadBenignTest, readVersion } from './store.js';
import { admin, cdnRanges, dynamicDns, partner, topSites, webmail, writer } from './test-fixtures.js';

let database: Database;
let cleanup: () => Promise<void>;
let service: WarninglistService;
let other: WarninglistService;
const cdnId = warninglistId('Test CDN ranges');

const make = () => new WarninglistService({ database, audit: new AuditLog(database), now: () => new Date() });

beforeAll(async () => {
  ({ database, cleanup } = await openTestDatabase());
  service = make();
  other = make();
  await service.start(60_000);
  await other.start(60_000);
});
afterAll(async () => {
  await service.stop();
  await other.stop();
  await cleanup();
});

describe('warninglist import', () => {
  it('creates valid lists and reports invalid ones with field errors, without blocking the others', async () => {
    const report = await service.importLists(
      writer,
      [cdnRanges(), { ...topSites(), version: 'one' }, topSites(), dynamicDns(), 'junk', cdnRanges(2)],
      { source: ['a/list.json', 'b/list.json', 'c/list.json', 'd/list.json', 'e.json', 'f.json'] },
    );
    expect(report.summary).toEqual({ created: 3, updated: 0, unchanged: 0, invalid: 3 });
    expect(report.results[0]).toMatchObject({
      index: 0,
      source: 'a/list.json',
      status: 'created',
      id: cdnId,
      entries: 2,
      enabled: true,
    });
    expect(report.results[1]).toMatchObject({
      status: 'invalid',
      name: 'Test top sites',
      errors: [{ field: '/version', reason: expect.stringContaining('integer') }],
    });
    expect(report.results[2]?.warnings).toContain('list[3] "not a host!" skipped: not a hostname');
    expect(report.results[3]).toMatchObject({ status: 'created', enabled: false });
    expect(report.results[3]?.warnings?.join()).toMatch(/imported disabled: dynamic DNS/);
    expect(report.results[4]).toMatchObject({ status: 'invalid', errors: [{ field: '/' }] });
    expect(report.results[5]).toMatchObject({ status: 'invalid', errors: [{ field: '/name' }] });
    expect(service.isBenign('ipv4', '104.16.5.5')).toBe(true);
    expect(service.isBenign('domain', 'a.ddns-test.net')).toBe(false);
  });

  it('is idempotent by content and version, keeps the operator’s choice on update, never downgrades', async () => {
    const again = await service.importLists(admin, [cdnRanges(), topSites()]);
    expect(again.summary).toEqual({ created: 0, updated: 0, unchanged: 2, invalid: 0 });
    const version = await readVersion(database.db);

    await service.setEnabled(writer, cdnId, false);
    const updated = await service.importLists(admin, [cdnRanges(2, ['198.51.100.0/24'])]);
    expect(updated.results[0]).toMatchObject({ status: 'updated', version: 2, entries: 3, enabled: false });
    expect(await readVersion(database.db)).toBe(version + 2);

    const older = await service.importLists(admin, [cdnRanges(1)]);
    expect(older.results[0]).toMatchObject({ status: 'unchanged', version: 2 });
    expect(older.results[0]?.warnings).toContain('the stored version 2 is newer; kept it');
    expect((await service.get(cdnId)).entries).toBe(3);
    await service.setEnabled(writer, cdnId, true);
  });

  it('audits every write and refuses keys without warninglists:write', async () => {
    await expect(service.importLists(partner, [webmail()])).rejects.toMatchObject({ code: 'forbidden' });
    await expect(service.setEnabled(partner, cdnId, false)).rejects.toBeInstanceOf(KobanError);
    const rows = await database.db
      .selectFrom('audit_log')
      .select(['action', 'target_id'])
      .where('target_type', '=', 'warninglist')
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => r.action)).toEqual([
      'warninglist.import',
      'warninglist.import',
      'warninglist.import',
      'warninglist.disable',
      'warninglist.import',
      'warninglist.enable',
    ]);
  });
});

describe('enable, disable and other processes', () => {
  it('applies a disable at once here and after one refresh elsewhere', async () => {
    expect(other.isBenign('ipv4', '104.16.5.5')).toBe(false);
    expect(await other.refresh()).toBe(true);
    expect(other.isBenign('ipv4', '104.16.5.5')).toBe(true);
    expect(await other.refresh()).toBe(false);

    const info = await service.setEnabled(admin, cdnId, false);
    expect(info).toMatchObject({ id: cdnId, enabled: false, entries: 3 });
    expect(service.isBenign('ipv4', '104.16.5.5')).toBe(false);
    const version = await readVersion(database.db);
    await service.setEnabled(admin, cdnId, false);
    expect(await readVersion(database.db)).toBe(version);
    expect(await other.refresh()).toBe(true);
    expect(other.isBenign('ipv4', '104.16.5.5')).toBe(false);
    expect(other.loadedVersion).toBe(version);

    await service.setEnabled(admin, cdnId, true);
    const loaded = await loadBenignTest(database);
    expect(loaded.version).toBe(version + 1);
    expect(loaded.test('ipv4', '198.51.100.7')).toBe(true);
    expect(loaded.test('domain', 'mail.google.com')).toBe(true);
    expect(loaded.test('domain', 'a.ddns-test.net')).toBe(false);
    await expect(service.setEnabled(admin, 'nope', true)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('lists metadata without entries and explains a check', async () => {
    const items = await service.list();
    expect(items.map((l) => [l.name, l.type, l.entries, l.enabled])).toEqual([
      ['Test CDN ranges', 'cidr', 3, true],
      ['Test dynamic DNS', 'hostname', 1, false],
      ['Test top sites', 'hostname', 3, true],
    ]);
    expect(items[0]?.appliesTo).toEqual(['ipv4', 'ipv6', 'cidr']);
    const check = await service.check('hxxps://a1.edgecdn-test[.]net/kit');
    expect(check).toMatchObject({
      type: 'url',
      value: 'https://a1.edgecdn-test.net/kit',
      suppressesLinking: false,
      hits: [
        { listId: warninglistId('Test top sites'), entry: 'edgecdn-test.net', suppressesLinking: false },
      ],
      registrableDomain: { value: 'edgecdn-test.net', suppressesLinking: true },
    });
    expect((await service.check('2606:4700::1111')).suppressesLinking).toBe(true);
    await expect(service.check('???')).rejects.toMatchObject({ code: 'invalid_indicator' });
  });
});
