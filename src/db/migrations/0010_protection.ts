import { type Kysely, sql } from 'kysely';

/**
 * Real-time protection (issue 4): protected brands registered by partners (built-in brands live in
 * code), lookalike-domain alerts per brand, imported feeds (newly registered domains, blocklists)
 * with their entries, and one change counter per kind of input the in-memory protection index
 * reloads (`brands`, `feeds`). List-valued brand fields are JSON text, as everywhere else.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('protected_brands')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('names_ja', 'text', (c) => c.notNull())
    .addColumn('names_en', 'text', (c) => c.notNull())
    .addColumn('official_domains', 'text', (c) => c.notNull())
    .addColumn('official_senders', 'text', (c) => c.notNull())
    .addColumn('host_tokens', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('protected_brands_org').on('protected_brands').column('org_id').execute();

  // brand_id has no foreign key: alerts also concern the built-in brands, which are not rows.
  await db.schema
    .createTable('lookalike_alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand_id', 'text', (c) => c.notNull())
    .addColumn('domain', 'text', (c) => c.notNull())
    .addColumn('registrable_domain', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('distance', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_ref', 'text')
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addUniqueConstraint('lookalike_alerts_brand_domain', ['brand_id', 'domain'])
    .execute();
  await db.schema
    .createIndex('lookalike_alerts_status')
    .on('lookalike_alerts')
    .columns(['status', 'brand_id', 'id'])
    .execute();

  await db.schema
    .createTable('protection_feeds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('entry_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('protection_feeds_org_name', ['org_id', 'name'])
    .execute();

  await db.schema
    .createTable('protection_feed_entries')
    .addColumn('feed_id', 'text', (c) => c.notNull().references('protection_feeds.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('protection_feed_entries_pk', ['feed_id', 'kind', 'value'])
    .execute();

  await db.schema
    .createTable('protection_state')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text')
    .execute();
  await sql`insert into protection_state (id, version) values ('brands', 0), ('feeds', 0)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'protection_state',
    'protection_feed_entries',
    'protection_feeds',
    'lookalike_alerts',
    'protected_brands',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
