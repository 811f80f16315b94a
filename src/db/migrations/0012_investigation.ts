import type { Kysely } from 'kysely';

/**
 * Investigation support (issue 6): the versioned log-source catalogue (one row per version, the
 * whole document as JSON, so history is exact and an import is one insert), preservation-deadline
 * notices, inquiries (捜査関係事項照会) with their status timestamps, and the provider's attachments
 * (base64 text: one column type on both engines; files are capped small).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('log_catalogue_versions')
    .addColumn('version', 'integer', (c) => c.primaryKey())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text')
    .addColumn('key_id', 'text')
    .execute();

  await db.schema
    .createTable('investigation_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('report_id', 'text', (c) => c.notNull())
    .addColumn('indicator_key', 'text', (c) => c.notNull())
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('log_id', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull())
    .addColumn('days_before', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('investigation_notices_once', [
      'org_id',
      'report_id',
      'indicator_key',
      'provider_id',
      'log_id',
      'days_before',
    ])
    .execute();
  await db.schema
    .createIndex('investigation_notices_list')
    .on('investigation_notices')
    .columns(['org_id', 'deadline'])
    .execute();

  await db.schema
    .createTable('investigation_inquiries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('provider_org_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('catalogue_version', 'integer', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('items', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('answer_due', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('answered_at', 'text')
    .addColumn('answer_note', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('investigation_inquiries_sender')
    .on('investigation_inquiries')
    .columns(['org_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('investigation_inquiries_inbox')
    .on('investigation_inquiries')
    .columns(['provider_org_id', 'sent_at'])
    .execute();

  await db.schema
    .createTable('investigation_attachments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('inquiry_id', 'text', (c) => c.notNull().references('investigation_inquiries.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('investigation_attachments_inquiry')
    .on('investigation_attachments')
    .column('inquiry_id')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'investigation_attachments',
    'investigation_inquiries',
    'investigation_notices',
    'log_catalogue_versions',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
