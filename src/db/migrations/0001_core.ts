import type { Kysely } from 'kysely';

// Column types are chosen to behave identically on SQLite and PostgreSQL (see src/db/schema.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('koban_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('organizations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('investigation_access', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('members_org').on('members').column('org_id').execute();

  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('member_id', 'text', (c) => c.references('members.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('api_keys_org').on('api_keys').column('org_id').execute();

  await db.schema
    .createTable('sharing_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('owner_org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('sharing_group_members')
    .addColumn('group_id', 'text', (c) => c.notNull().references('sharing_groups.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sharing_group_members_pk', ['group_id', 'org_id'])
    .execute();
  await db.schema
    .createIndex('sharing_group_members_org')
    .on('sharing_group_members')
    .column('org_id')
    .execute();

  await db.schema
    .createTable('reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('tlp', 'text', (c) => c.notNull())
    .addColumn('pap', 'text', (c) => c.notNull())
    .addColumn('sensitivity', 'text', (c) => c.notNull())
    .addColumn('restricted', 'integer', (c) => c.notNull())
    .addColumn('title', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('observed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_key', 'text')
    .execute();
  await db.schema
    .createIndex('reports_org_external')
    .on('reports')
    .columns(['org_id', 'external_id'])
    .unique()
    .execute();
  await db.schema.createIndex('reports_kind').on('reports').columns(['kind', 'id']).execute();

  await db.schema
    .createTable('report_recipients')
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addPrimaryKeyConstraint('report_recipients_pk', ['report_id', 'org_id'])
    .execute();
  await db.schema
    .createIndex('report_recipients_org')
    .on('report_recipients')
    .columns(['org_id', 'report_id'])
    .execute();

  await db.schema
    .createTable('report_sharing_groups')
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('sharing_groups.id'))
    .addPrimaryKeyConstraint('report_sharing_groups_pk', ['report_id', 'group_id'])
    .execute();
  await db.schema
    .createIndex('report_sharing_groups_group')
    .on('report_sharing_groups')
    .columns(['group_id', 'report_id'])
    .execute();

  await db.schema
    .createTable('indicators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .execute();

  // No foreign keys here: sightings are the bulk table and the ingest path guarantees both ends exist.
  // The key leads with the time-ordered report id so ingest appends; only the lookup index is random.
  await db.schema
    .createTable('sightings')
    .addColumn('indicator_id', 'text', (c) => c.notNull())
    .addColumn('report_id', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('observed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('sightings_pk', ['report_id', 'indicator_id', 'role'])
    .execute();
  await db.schema.createIndex('sightings_indicator').on('sightings').column('indicator_id').execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('seq', 'bigint', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text')
    .addColumn('key_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'audit_log',
    'sightings',
    'indicators',
    'report_sharing_groups',
    'report_recipients',
    'reports',
    'sharing_group_members',
    'sharing_groups',
    'api_keys',
    'members',
    'organizations',
    'koban_meta',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
