import type { Kysely } from 'kysely';

/**
 * Correlation state (issue 3, ADR 0005): per-key counters, one explained link per report and key,
 * and campaigns kept as connected components with merge history. Storage grows linearly with
 * sightings; no pairwise correlation table exists.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('reports')
    .addColumn('correlated', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('reports_correlated').on('reports').columns(['correlated', 'id']).execute();

  await db.schema
    .createTable('correlation_keys')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('report_count', 'integer', (c) => c.notNull())
    .addColumn('over_correlating', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_report_id', 'text', (c) => c.notNull())
    .addColumn('last_role', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .execute();

  // Which reports hold a linking key (capped per key): the adjacency that query-time graph walks use.
  await db.schema
    .createTable('correlation_postings')
    .addColumn('report_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('correlation_postings_pk', ['report_id', 'key'])
    .execute();
  await db.schema
    .createIndex('correlation_postings_key')
    .on('correlation_postings')
    .columns(['key', 'report_id'])
    .execute();

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

  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('merged_into', 'text')
    .execute();

  await db.schema
    .createTable('report_campaigns')
    .addColumn('report_id', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('report_campaigns_campaign')
    .on('report_campaigns')
    .columns(['campaign_id', 'report_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'report_campaigns',
    'campaigns',
    'report_links',
    'correlation_postings',
    'correlation_keys',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
  await db.schema.dropIndex('reports_correlated').ifExists().execute();
  await db.schema.alterTable('reports').dropColumn('correlated').execute();
}
