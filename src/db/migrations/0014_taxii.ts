import type { Kysely } from 'kysely';

/**
 * TAXII 2.1 (src/taxii): collections page through reports by (created_at, id), TAXII's date_added
 * order with a total tie-break, so that order needs an index. POSTs leave a status resource that any
 * node can answer later (`taxii_status`, one row per POST, its body as JSON text).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('reports_created').on('reports').columns(['created_at', 'id']).execute();
  await db.schema
    .createTable('taxii_status')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('taxii_status').ifExists().execute();
  await db.schema.dropIndex('reports_created').ifExists().execute();
}
