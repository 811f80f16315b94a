import { type Kysely, sql } from 'kysely';

/**
 * MISP warninglists (issue 3): values that must never link reports (public DNS, CDNs, top sites).
 * One row per list; its usable entries are one JSON array in `entries`, because the matcher is
 * rebuilt from all enabled lists at once: a few large text values load much faster than a row per
 * entry (the real lists hold 350k entries, one of them 100k). A single-row counter changes with
 * every write, so each process or node can tell cheaply whether it must rebuild its matcher.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('warninglists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('matching_attributes', 'text')
    .addColumn('entry_count', 'integer', (c) => c.notNull())
    .addColumn('entries', 'text', (c) => c.notNull())
    .addColumn('warnings', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('warninglist_state')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .execute();
  await sql`insert into warninglist_state (id, version) values ('current', 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('warninglist_state').ifExists().execute();
  await db.schema.dropTable('warninglists').ifExists().execute();
}
