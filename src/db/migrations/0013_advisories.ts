import type { Kysely } from 'kysely';

/**
 * Advisories and public information (issue 6): drafts made from campaigns or reports, every edit
 * kept as a version (the text as written, the redacted text, the redaction diff and a hash of the
 * publishable content), decisions (approval with the art. 47 checklist, or rejection) bound to
 * one version's hash, and the published version. Times are ISO-8601 UTC text, JSON is text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('advisories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('sector', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('current_version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_key', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('published_version', 'integer')
    .addColumn('published_at', 'text')
    .addColumn('published_approval_id', 'text')
    .addColumn('withdrawn_at', 'text')
    .addColumn('status_reason', 'text')
    .execute();
  await db.schema
    .createIndex('advisories_org_status')
    .on('advisories')
    .columns(['org_id', 'status', 'id'])
    .execute();
  await db.schema
    .createIndex('advisories_published')
    .on('advisories')
    .columns(['status', 'published_at'])
    .execute();

  await db.schema
    .createTable('advisory_versions')
    .addColumn('advisory_id', 'text', (c) => c.notNull().references('advisories.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by_key', 'text', (c) => c.notNull())
    .addColumn('created_by_member', 'text')
    .addColumn('written', 'text', (c) => c.notNull())
    .addColumn('redacted', 'text', (c) => c.notNull())
    .addColumn('redactions', 'text', (c) => c.notNull())
    .addColumn('also_redact', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('advisory_versions_pk', ['advisory_id', 'version'])
    .execute();

  await db.schema
    .createTable('advisory_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('advisory_id', 'text', (c) => c.notNull().references('advisories.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('decided_by_key', 'text', (c) => c.notNull())
    .addColumn('decided_by_member', 'text')
    .addColumn('checklist', 'text')
    .addColumn('justification', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    // One decision per version: a replayed approval meets this constraint, never a second row.
    .addUniqueConstraint('advisory_decisions_version', ['advisory_id', 'version'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['advisory_decisions', 'advisory_versions', 'advisories']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
