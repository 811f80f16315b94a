import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * The earliest and latest report (by `(created_at, id)`, the TAXII order) holding each indicator,
 * kept by a trigger on `sightings` so that every writer — the intake worker, the server's SQLite
 * writer, the Kysely writer on PostgreSQL — maintains it in the sighting's own transaction. TAXII's
 * default `match[version]=last` (and `first`) needs, per observable on a page, its latest (earliest)
 * holder the caller may see: when the overall latest holder is visible that is the answer, and one
 * row read replaces walking every holder (measured at 200k reports: the walk was ~2/3 of the time).
 *
 * PostgreSQL: the trigger runs once per INSERT statement and first takes the audit chain's advisory
 * lock (`src/audit/store.ts`), which every intake transaction takes before it commits anyway: rows of
 * this table are then only ever locked under that one lock, so concurrent nodes cannot deadlock on them.
 */
const PG_AUDIT_LOCK = 7_312_001;

export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db.schema
    .createTable('indicator_holder_range')
    .addColumn('indicator_id', 'text', (c) => c.primaryKey())
    .addColumn('first_at', 'text', (c) => c.notNull())
    .addColumn('first_report', 'text', (c) => c.notNull())
    .addColumn('last_at', 'text', (c) => c.notNull())
    .addColumn('last_report', 'text', (c) => c.notNull())
    .$call((t) => (sqlite ? t.modifyEnd(sql`without rowid`) : t))
    .execute();
  // Existing data: the first and last holder of each indicator (ties on created_at broken by id).
  await sql`insert into indicator_holder_range (indicator_id, first_at, first_report, last_at, last_report)
    select f.indicator_id, f.created_at, f.report_id, l.created_at, l.report_id
    from (select s.indicator_id, r.created_at, r.id as report_id,
            row_number() over (partition by s.indicator_id order by r.created_at, r.id) as n
          from sightings s join reports r on r.id = s.report_id) f
    join (select s.indicator_id, r.created_at, r.id as report_id,
            row_number() over (partition by s.indicator_id order by r.created_at desc, r.id desc) as n
          from sightings s join reports r on r.id = s.report_id) l
      on l.indicator_id = f.indicator_id and l.n = 1
    where f.n = 1`.execute(db);
  const widen = (table: string) =>
    sql.raw(`
    first_at = case when (excluded.first_at, excluded.first_report) < (${table}.first_at, ${table}.first_report)
      then excluded.first_at else ${table}.first_at end,
    first_report = case when (excluded.first_at, excluded.first_report) < (${table}.first_at, ${table}.first_report)
      then excluded.first_report else ${table}.first_report end,
    last_at = case when (excluded.last_at, excluded.last_report) > (${table}.last_at, ${table}.last_report)
      then excluded.last_at else ${table}.last_at end,
    last_report = case when (excluded.last_at, excluded.last_report) > (${table}.last_at, ${table}.last_report)
      then excluded.last_report else ${table}.last_report end
    where (excluded.first_at, excluded.first_report) < (${table}.first_at, ${table}.first_report)
       or (excluded.last_at, excluded.last_report) > (${table}.last_at, ${table}.last_report)`);
  if (sqlite) {
    await sql`create trigger indicator_holder_range_on_sighting after insert on sightings
      begin
        insert into indicator_holder_range (indicator_id, first_at, first_report, last_at, last_report)
          select new.indicator_id, r.created_at, r.id, r.created_at, r.id from reports r where r.id = new.report_id
        on conflict (indicator_id) do update set ${widen('indicator_holder_range')};
      end`.execute(db);
    return;
  }
  await sql`create function koban_indicator_holder_range() returns trigger language plpgsql as $$
    begin
      perform pg_advisory_xact_lock(${sql.lit(PG_AUDIT_LOCK)});
      insert into indicator_holder_range as h (indicator_id, first_at, first_report, last_at, last_report)
        select f.indicator_id, f.created_at, f.id, l.created_at, l.id
        from (select distinct on (n.indicator_id) n.indicator_id, r.created_at, r.id
              from new_sightings n join reports r on r.id = n.report_id
              order by n.indicator_id, r.created_at, r.id) f
        join (select distinct on (n.indicator_id) n.indicator_id, r.created_at, r.id
              from new_sightings n join reports r on r.id = n.report_id
              order by n.indicator_id, r.created_at desc, r.id desc) l on l.indicator_id = f.indicator_id
        order by f.indicator_id
        on conflict (indicator_id) do update set ${widen('h')};
      return null;
    end $$`.execute(db);
  await sql`create trigger indicator_holder_range_on_sighting after insert on sightings
    referencing new table as new_sightings for each statement
    execute function koban_indicator_holder_range()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await sql`drop trigger if exists indicator_holder_range_on_sighting${sql.raw(sqlite ? '' : ' on sightings')}`.execute(
    db,
  );
  if (!sqlite) await sql`drop function if exists koban_indicator_holder_range()`.execute(db);
  await db.schema.dropTable('indicator_holder_range').ifExists().execute();
}
