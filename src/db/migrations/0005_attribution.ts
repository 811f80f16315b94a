import type { Kysely } from 'kysely';

/** Attributions of campaigns or reports to actors (issue 3), with the analyst's decision and full history. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('attributions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('confidence', 'integer', (c) => c.notNull())
    .addColumn('layer', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('attributions_target')
    .on('attributions')
    .columns(['target_type', 'target_id'])
    .execute();
  await db.schema.createIndex('attributions_actor').on('attributions').column('actor_id').execute();

  await db.schema
    .createTable('attribution_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('attribution_id', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('attribution_history_attribution')
    .on('attribution_history')
    .columns(['attribution_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('attribution_history').ifExists().execute();
  await db.schema.dropTable('attributions').ifExists().execute();
}
