import type { Kysely } from 'kysely';

/**
 * Webhooks of src/interop: one row per registered URL. Deliveries need no outbox: each webhook
 * keeps a keyset cursor over `reports (created_at, id)` (the index of 0014), so what is owed is
 * "every visible report after the cursor", which survives restarts and is retried from the row.
 * `lease_until` lets one node at a time deliver a webhook.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('interop_webhooks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('cursor_at', 'text', (c) => c.notNull())
    .addColumn('cursor_id', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('last_delivered_at', 'text')
    .addColumn('lease_until', 'text')
    .execute();
  await db.schema.createIndex('interop_webhooks_org').on('interop_webhooks').column('org_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('interop_webhooks').ifExists().execute();
}
