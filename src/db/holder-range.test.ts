import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import * as m0018 from './migrations/0018_indicator_holder_range.js';
import type { IndicatorHolderRangeTable } from './schema.js';

/** The earliest and latest holder of each indicator, computed the slow way from sightings. */
async function bruteForce(t: TestKoban) {
  const rows = await t.koban.database.db
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

async function stored(t: TestKoban) {
  const rows = await t.koban.database.db.selectFrom('indicator_holder_range').selectAll().execute();
  return new Map(rows.map(({ indicator_id, ...rest }) => [indicator_id, rest]));
}

describe('indicator_holder_range (migration 0018)', () => {
  let t: TestKoban;
  let clock = Date.parse('2026-11-30T10:00:00.000Z');
  beforeAll(async () => {
    t = await startTestKoban({}, { now: () => new Date(clock) });
    const { key } = await createOrgWithKey(t, 'Bank');
    const principal = await t.koban.auth.authenticate(`Bearer ${key}`);
    const submit = async (at: string, domains: string[], tlp = 'GREEN') => {
      clock = Date.parse(at);
      const [r] = await t.koban.intake.submit(principal, [
        {
          kind: 'abuse',
          tlp,
          description: at,
          details: { category: 'phishing' },
          indicators: domains.map((value) => ({ type: 'domain', value })),
        },
      ]);
      expect(r?.status).toBe('created');
    };
    // Intake time goes backwards and repeats, so (created_at, id) order differs from id order;
    // RED holders are not open to every partner.
    await submit('2026-11-30T10:00:00.000Z', ['shared.example-bad.top', 'a.example-bad.top']);
    await submit('2026-11-30T09:00:00.000Z', ['shared.example-bad.top'], 'RED');
    await submit('2026-11-30T11:00:00.000Z', ['shared.example-bad.top', 'b.example-bad.top']);
    await submit('2026-11-30T11:00:00.000Z', ['b.example-bad.top'], 'RED');
    await submit('2026-11-30T08:00:00.000Z', ['b.example-bad.top', 'c.example-bad.top']);
  });
  afterAll(() => t?.close());

  it('is kept on write by the trigger, whatever the order of intake times', async () => {
    const expected = await bruteForce(t);
    expect(expected.size).toBe(4);
    expect(await stored(t)).toEqual(expected);
  });

  it('is rebuilt from existing sightings by the migration', async () => {
    const db = t.koban.database.db as unknown as Kysely<unknown>;
    await m0018.down(db);
    await m0018.up(db);
    expect(await stored(t)).toEqual(await bruteForce(t));
  });
});
