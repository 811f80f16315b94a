import type { Kysely } from 'kysely';

/**
 * Knowledge base (issue 3): STIX 2.1 objects and relationships as imported (ATT&CK, Koban's own
 * crime-infrastructure catalogue), a name/alias index for search and merge proposals, and
 * reversible merges with provenance. Portable types only (ADR 0001).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('knowledge_objects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('aliases', 'text', (c) => c.notNull())
    .addColumn('subtypes', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created', 'text')
    .addColumn('modified', 'text')
    .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('merged_into', 'text')
    .execute();
  await db.schema
    .createIndex('knowledge_objects_type')
    .on('knowledge_objects')
    .columns(['type', 'id'])
    .execute();
  await db.schema
    .createIndex('knowledge_objects_merged_into')
    .on('knowledge_objects')
    .column('merged_into')
    .execute();

  await db.schema
    .createTable('knowledge_names')
    .addColumn('object_id', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('knowledge_names_pk', ['object_id', 'name_key'])
    .execute();
  await db.schema
    .createIndex('knowledge_names_key')
    .on('knowledge_names')
    .columns(['name_key', 'object_id'])
    .execute();

  await db.schema
    .createTable('knowledge_relationships')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source_ref', 'text', (c) => c.notNull())
    .addColumn('target_ref', 'text', (c) => c.notNull())
    .addColumn('relationship_type', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created', 'text')
    .addColumn('modified', 'text')
    .addColumn('revoked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('knowledge_relationships_source')
    .on('knowledge_relationships')
    .column('source_ref')
    .execute();
  await db.schema
    .createIndex('knowledge_relationships_target')
    .on('knowledge_relationships')
    .column('target_ref')
    .execute();

  await db.schema
    .createTable('knowledge_merges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('survivor_id', 'text', (c) => c.notNull())
    .addColumn('merged_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('matched_name', 'text')
    .addColumn('proposed_by', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('reverted_at', 'text')
    .addColumn('reverted_by', 'text')
    .execute();
  await db.schema
    .createIndex('knowledge_merges_survivor')
    .on('knowledge_merges')
    .column('survivor_id')
    .execute();
  await db.schema.createIndex('knowledge_merges_merged').on('knowledge_merges').column('merged_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'knowledge_merges',
    'knowledge_relationships',
    'knowledge_names',
    'knowledge_objects',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
