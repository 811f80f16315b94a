import { type Kysely, sql } from 'kysely';

/**
 * Change counter for crime-infrastructure flags (issue 3), like `warninglist_state`: flagged values
 * stop linking reports, so every correlator keeps an in-memory set of them and must know cheaply
 * when to reload it. One row, bumped in the same transaction as every flag create and revoke.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('infrastructure_state')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .execute();
  await sql`insert into infrastructure_state (id, version) values ('current', 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('infrastructure_state').ifExists().execute();
}
