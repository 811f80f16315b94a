import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * The earliest and latest report (by `(created_at, id)`, the TAXII order) holding each indicator,
 * with that report's organization and whether every partner may see it. The intake writers widen it
 * in the chunk's own transaction from the rows they write (`src/reports/holder-range.ts`), so it is
 * always exact. TAXII's default `match[version]=last` (and `first`) needs, per observable on a page,
 * its latest (earliest) holder the caller may see: when the overall one is visible that is the
 * answer, and one row read replaces walking every holder and checking each one's audience.
 * (A trigger on sightings did the same on every engine but made SQLite ingest ~70 % slower: it looked
 * up each sighting's report; the writers already hold those rows.)
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable('indicator_holder_range')
    .addColumn('indicator_id', 'text', (c) => c.primaryKey())
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addColumn('first_report', 'text', (c) => c.notNull())
    .addColumn('first_org', 'text', (c) => c.notNull())
    .addColumn('first_open', 'integer', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addColumn('last_report', 'text', (c) => c.notNull())
    .addColumn('last_org', 'text', (c) => c.notNull())
    .addColumn('last_open', 'integer', (c) => c.notNull())
    .$call((t) => (sqlite ? t.modifyEnd(sql`without rowid`) : t))
    .execute();
  // Existing data: the first and last holder of each indicator (ties on created_at broken by id).
  // "Open" is `isOpen` of src/reports/holder-range.ts: every partner may see the report.
  const ranked = (direction: 'asc' | 'desc') => sql`select s.indicator_id, r.created_at, r.id as report_id,
      r.org_id, (case when r.tlp in ('CLEAR', 'GREEN', 'AMBER') and r.restricted = 0
        and r.sensitivity <> 'investigation' then 1 else 0 end) as open,
      row_number() over (partition by s.indicator_id
        order by r.created_at ${sql.raw(direction)}, r.id ${sql.raw(direction)}) as n
    from sightings s join reports r on r.id = s.report_id`;
  await sql`insert into indicator_holder_range (indicator_id, first_at, first_report, first_org, first_open,
      last_at, last_report, last_org, last_open)
    select f.indicator_id, f.created_at, f.report_id, f.org_id, f.open, l.created_at, l.report_id, l.org_id, l.open
    from (${ranked('asc')}) f join (${ranked('desc')}) l on l.indicator_id = f.indicator_id and l.n = 1
    where f.n = 1`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('indicator_holder_range').ifExists().execute();
}
