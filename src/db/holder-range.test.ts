import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithKey, startTestKoban, type TestKoban, testEngine } from '../../test/helpers/koban.js';
import type { Koban } from '../app/container.js';
import type { Database } from './database.js';
import * as m0019 from './migrations/0019_indicator_holder_range.js';
import type { IndicatorHolderRangeTable } from './schema.js';

/** The earliest and latest holder of each indicator, computed the slow way from sightings. */
async function bruteForce(database: Database) {
  const rows = await database.db
    .selectFrom('sightings as s')
    .innerJoin('reports as r', 'r.id', 's.report_id')
    .select(['s.indicator_id', 'r.created_at', 'r.id', 'r.org_id', 'r.tlp'])
    .execute();
  const key = (r: { created_at: string; id: string }) => `${r.created_at}|${r.id}`;
  const out = new Map<string, Omit<IndicatorHolderRangeTable, 'indicator_id'>>();
  for (const r of rows) {
    const cur = out.get(r.indicator_id);
    const first = !cur || key(r) < `${cur.first_at}|${cur.first_report}`;
    const last = !cur || key(r) > `${cur.last_at}|${cur.last_report}`;
    out.set(r.indicator_id, {
      first_at: first ? r.created_at : cur!.first_at,
      first_report: first ? r.id : cur!.first_report,
      first_org: first ? r.org_id : cur!.first_org,
      first_open: first ? Number(r.tlp !== 'RED') : cur!.first_open,
      last_at: last ? r.created_at : cur!.last_at,
      last_report: last ? r.id : cur!.last_report,
      last_org: last ? r.org_id : cur!.last_org,
      last_open: last ? Number(r.tlp !== 'RED') : cur!.last_open,
    });
  }
  return out;
}

async function stored(database: Database) {
  const rows = await database.db.selectFrom('indicator_holder_range').selectAll().execute();
  return new Map(rows.map(({ indicator_id, ...rest }) => [indicator_id, rest]));
}

/**
 * Reports whose intake time goes backwards and repeats, so (created_at, id) order differs from id
 * order; RED holders are not open to every partner; one batch writes several holders in one chunk.
 */
async function seed(koban: Koban, key: string, setClock: (iso: string) => void) {
  const principal = await koban.auth.authenticate(`Bearer ${key}`);
  const report = (domains: string[], tlp = 'GREEN') => ({
    kind: 'abuse',
    tlp,
    description: domains.join(' '),
    details: { category: 'phishing' },
    indicators: domains.map((value) => ({ type: 'domain', value })),
  });
  const submit = async (at: string, items: object[]) => {
    setClock(at);
    const results = await koban.intake.submit(principal, items);
    expect(results.map((r) => r.status)).toEqual(items.map(() => 'created'));
  };
  await submit('2026-11-30T10:00:00.000Z', [report(['shared.example-bad.top', 'a.example-bad.top'])]);
  await submit('2026-11-30T09:00:00.000Z', [report(['shared.example-bad.top'], 'RED')]);
  await submit('2026-11-30T11:00:00.000Z', [report(['shared.example-bad.top', 'b.example-bad.top'])]);
  await submit('2026-11-30T11:00:00.000Z', [report(['b.example-bad.top'], 'RED')]);
  await submit('2026-11-30T08:00:00.000Z', [
    report(['b.example-bad.top', 'c.example-bad.top']),
    report(['c.example-bad.top'], 'RED'),
    report(['c.example-bad.top', 'shared.example-bad.top']),
  ]);
}

describe('indicator_holder_range (migration 0019)', () => {
  let t: TestKoban;
  let clock = 0;
  beforeAll(async () => {
    t = await startTestKoban({}, { now: () => new Date(clock) });
    const { key } = await createOrgWithKey(t, 'Bank');
    await seed(t.koban, key, (iso) => {
      clock = Date.parse(iso);
    });
  });
  afterAll(() => t?.close());

  it('is widened by the intake writer, whatever the order of intake times', async () => {
    const expected = await bruteForce(t.koban.database);
    expect(expected.size).toBe(4);
    expect(await stored(t.koban.database)).toEqual(expected);
  });

  it('is rebuilt from existing sightings by the migration', async () => {
    const db = t.koban.database.db as unknown as Kysely<unknown>;
    await m0019.down(db);
    await m0019.up(db);
    expect(await stored(t.koban.database)).toEqual(await bruteForce(t.koban.database));
  });
});

/** The intake worker runs compiled JavaScript: this drives the built container (`npm test` builds first). */
const built = new URL('../../dist/src/app/container.js', import.meta.url);

describe.skipIf(testEngine !== 'sqlite' || !existsSync(built))(
  'indicator_holder_range (intake worker)',
  () => {
    it('is widened by the SQLite intake worker too', async () => {
      const { createKoban } = (await import(built.href)) as typeof import('../app/container.js');
      const { loadConfig } = (await import(
        new URL('../../dist/src/config.js', import.meta.url).href
      )) as typeof import('../config.js');
      const dir = mkdtempSync(join(tmpdir(), 'koban-holders-'));
      let clock = 0;
      const koban = await createKoban(loadConfig({ KOBAN_DATA_DIR: dir }), {
        now: () => new Date(clock),
        intakeWorker: true,
      });
      try {
        const init = await koban.orgs.initialize('centre');
        const admin = await koban.auth.authenticate(`Bearer ${init.apiKey}`);
        const org = await koban.orgs.create(admin, { name: 'bank', kind: 'bank' });
        const key = (await koban.orgs.createKey(admin, org.id, { name: 'k' })).apiKey;
        await seed(koban, key, (iso) => {
          clock = Date.parse(iso);
        });
        const expected = await bruteForce(koban.database);
        expect(expected.size).toBe(4);
        expect(await stored(koban.database)).toEqual(expected);
      } finally {
        await koban.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
