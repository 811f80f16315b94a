import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * Faster correlation (ADR 0005, revised):
 * - key state is derived from postings, so `correlation_keys` keeps only keys that went over the cap;
 * - link explanations are read from the postings of the two reports, so the per-link table is gone;
 * - reports carry their candidate linking keys (`link_keys`, computed at intake), so the correlator
 *   reads one row per report instead of joining sightings to indicators;
 * - on SQLite, postings are clustered by (key, report_id) (WITHOUT ROWID): one B-tree fewer per posting.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`delete from correlation_keys where over_correlating = 0`.execute(db);
  await db.schema.dropTable('report_links').ifExists().execute();
  await db.schema.alterTable('reports').addColumn('link_keys', 'text').execute();
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`create table correlation_postings_clustered (
      key text not null, report_id text not null, role text not null, at text not null,
      primary key (key, report_id)) without rowid`.execute(db);
    await sql`insert into correlation_postings_clustered (key, report_id, role, at)
      select key, report_id, role, at from correlation_postings`.execute(db);
    await sql`drop table correlation_postings`.execute(db);
    await sql`alter table correlation_postings_clustered rename to correlation_postings`.execute(db);
    await sql`create index correlation_postings_report on correlation_postings (report_id, key)`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('reports').dropColumn('link_keys').execute();
  await db.schema
    .createTable('report_links')
    .addColumn('report_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('linked_report_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('linked_role', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_links_pk', ['report_id', 'key'])
    .execute();
  await db.schema.createIndex('report_links_linked').on('report_links').column('linked_report_id').execute();
}
