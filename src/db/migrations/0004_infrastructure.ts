import type { Kysely } from 'kysely';

/** Crime-infrastructure flags on indicators (issue 3): "this number belongs to an SMS-verification proxy service". */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('infrastructure_flags')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('indicator_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('service_id', 'text')
    .addColumn('service_name', 'text')
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('evidence_reports', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('sensitivity', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_key', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('infrastructure_flags_indicator')
    .on('infrastructure_flags')
    .columns(['indicator_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('infrastructure_flags').ifExists().execute();
}
