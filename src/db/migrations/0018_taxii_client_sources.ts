import type { Kysely } from 'kysely';

/**
 * Remote TAXII 2.1 collections an organization polls and pushes to (src/taxii-client). The
 * checkpoint lives on the row: `checkpoint_added_after` is the `X-TAXII-Date-Added-Last` of the
 * last finished run, `run_added_after` + `run_next` the position inside an unfinished one (a `next`
 * token is only valid with the filters it was issued for). Both move only after a page's objects
 * are committed, so a crash re-polls that page and the idempotent import absorbs it.
 * `lease_until` lets one node at a time poll a source.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('taxii_sources')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('api_root_url', 'text', (c) => c.notNull())
    .addColumn('collection_id', 'text', (c) => c.notNull())
    .addColumn('auth_kind', 'text', (c) => c.notNull())
    .addColumn('auth_username', 'text')
    .addColumn('auth_secret', 'text')
    .addColumn('poll_seconds', 'integer', (c) => c.notNull())
    .addColumn('default_tlp', 'text', (c) => c.notNull())
    .addColumn('sharing_groups', 'text', (c) => c.notNull())
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('checkpoint_added_after', 'text')
    .addColumn('run_added_after', 'text')
    .addColumn('run_next', 'text')
    .addColumn('next_poll_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_until', 'text')
    .addColumn('last_poll_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('imported_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_failures', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('taxii_sources_org').on('taxii_sources').column('org_id').execute();
  await db.schema.createIndex('taxii_sources_due').on('taxii_sources').column('next_poll_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('taxii_sources').ifExists().execute();
}
