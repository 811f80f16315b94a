import type { Kysely } from 'kysely';

/**
 * Provenance of knowledge rows (issue 7): the organization whose import wrote the stored version,
 * and the marking-definition ids the object refers to (a JSON array), for export and access checks.
 * Rows imported before this migration have `org_id` null and `marking_refs` "[]".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['knowledge_objects', 'knowledge_relationships']) {
    await db.schema.alterTable(table).addColumn('org_id', 'text').execute();
    await db.schema
      .alterTable(table)
      .addColumn('marking_refs', 'text', (c) => c.notNull().defaultTo('[]'))
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['knowledge_objects', 'knowledge_relationships']) {
    await db.schema.alterTable(table).dropColumn('marking_refs').execute();
    await db.schema.alterTable(table).dropColumn('org_id').execute();
  }
}
