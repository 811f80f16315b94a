import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * The earliest and latest report (by `(created_at, id)`, the TAXII order) holding each indicator,
 * with that report's organization and whether every partner may see it, kept by a trigger on
 * `sightings` so that every writer — the intake worker, the server's SQLite writer, the Kysely writer
 * on PostgreSQL — maintains it in the sighting's own transaction. TAXII's default
 * `match[version]=last` (and `first`) needs, per observable on a page, its latest (earliest) holder
 * the caller may see: when the overall one is visible that is the answer, and one row read replaces
 * walking every holder and checking each one's audience.
 *
 * PostgreSQL: the trigger runs once per INSERT statement and first takes the audit chain's advisory
 * lock (`src/audit/store.ts`), which every intake transaction takes before it commits anyway: rows of
 * this table are then only ever locked under that one lock, so concurrent nodes cannot deadlock on them.
 */
const PG_AUDIT_LOCK = 7_312_001;
const COLUMNS = sql.raw(
  'indicator_id, first_at, first_report, first_org, first_open, last_at, last_report, last_org, last_open',
);
/**
 * Whether every partner may see the report (`canSee` for any viewer: TLP CLEAR/GREEN/AMBER, no
 * narrowed audience, not investigation material). Reports are never edited, so it stays true.
 */
const OPEN = sql.raw(
  "(case when r.tlp in ('CLEAR', 'GREEN', 'AMBER') and r.restricted = 0 and r.sensitivity <> 'investigation' then 1 else 0 end)",
);

/** The upsert's SET: each end moves only to an earlier (later) holder, with all of that holder's facts. */
function widen(t: string) {
  const earlier = `(excluded.first_at, excluded.first_report) < (${t}.first_at, ${t}.first_report)`;
  const later = `(excluded.last_at, excluded.last_report) > (${t}.last_at, ${t}.last_report)`;
  const pick = (end: 'first' | 'last', column: string) =>
    `${end}_${column} = case when ${end === 'first' ? earlier : later} then excluded.${end}_${column} else ${t}.${end}_${column} end`;
  const sets = ['at', 'report', 'org', 'open'].flatMap((c) => [pick('first', c), pick('last', c)]);
  return sql.raw(`${sets.join(', ')} where ${earlier} or ${later}`);
}

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
  const ranked = (direction: 'asc' | 'desc') => sql`select s.indicator_id, r.created_at, r.id as report_id,
      r.org_id, ${OPEN} as open,
      row_number() over (partition by s.indicator_id order by r.created_at ${sql.raw(direction)}, r.id ${sql.raw(direction)}) as n
    from sightings s join reports r on r.id = s.report_id`;
  await sql`insert into indicator_holder_range (${COLUMNS})
    select f.indicator_id, f.created_at, f.report_id, f.org_id, f.open, l.created_at, l.report_id, l.org_id, l.open
    from (${ranked('asc')}) f join (${ranked('desc')}) l on l.indicator_id = f.indicator_id and l.n = 1
    where f.n = 1`.execute(db);
  if (sqlite) {
    await sql`create trigger indicator_holder_range_on_sighting after insert on sightings
      begin
        insert into indicator_holder_range (${COLUMNS})
          select new.indicator_id, r.created_at, r.id, r.org_id, ${OPEN}, r.created_at, r.id, r.org_id, ${OPEN}
          from reports r where r.id = new.report_id
        on conflict (indicator_id) do update set ${widen('indicator_holder_range')};
      end`.execute(db);
    return;
  }
  const end = (
    direction: 'asc' | 'desc',
  ) => sql`select distinct on (n.indicator_id) n.indicator_id, r.created_at,
      r.id, r.org_id, ${OPEN} as open
    from new_sightings n join reports r on r.id = n.report_id
    order by n.indicator_id, r.created_at ${sql.raw(direction)}, r.id ${sql.raw(direction)}`;
  await sql`create function koban_indicator_holder_range() returns trigger language plpgsql as $$
    begin
      perform pg_advisory_xact_lock(${sql.lit(PG_AUDIT_LOCK)});
      insert into indicator_holder_range as h (${COLUMNS})
        select f.indicator_id, f.created_at, f.id, f.org_id, f.open, l.created_at, l.id, l.org_id, l.open
        from (${end('asc')}) f join (${end('desc')}) l on l.indicator_id = f.indicator_id
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
