import type { Kysely } from 'kysely';

/**
 * Risk-based fraud scoring (issue 5): versioned rule sets per organization, the event journal
 * (idempotency by event id, decisions, and the replay source of the in-memory window state),
 * cases opened by hold/deny, the notification outbox, account holders' contacts, notification
 * settings and the organization's own lists. Times are ISO-8601 UTC text; `seq` orders an
 * organization's journal and is assigned by the single process that owns its engine.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('fraud_rule_sets')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('set_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('status_changed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('fraud_rule_sets_pk', ['org_id', 'set_id', 'version'])
    .execute();

  await db.schema
    .createTable('fraud_events')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('applied_now', 'bigint', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('shadow', 'text')
    .addColumn('label', 'text')
    .addPrimaryKeyConstraint('fraud_events_pk', ['org_id', 'event_id'])
    .execute();
  // Only two indexes: every event dirties one page of each (the event-id key is random, the
  // sequence appends), and each extra random-key index costs a page write per event at commit.
  await db.schema.createIndex('fraud_events_seq').on('fraud_events').columns(['org_id', 'seq']).execute();

  await db.schema
    .createTable('fraud_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('note', 'text')
    .addColumn('shared_report_id', 'text')
    .addUniqueConstraint('fraud_cases_event', ['org_id', 'event_id'])
    .execute();
  await db.schema
    .createIndex('fraud_cases_queue')
    .on('fraud_cases')
    .columns(['org_id', 'status', 'opened_at'])
    .execute();

  await db.schema
    .createTable('fraud_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addUniqueConstraint('fraud_outbox_notice', ['org_id', 'event_id', 'kind', 'channel'])
    .execute();
  await db.schema
    .createIndex('fraud_outbox_due')
    .on('fraud_outbox')
    .columns(['status', 'next_attempt_at'])
    .execute();

  await db.schema
    .createTable('fraud_contacts')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('fraud_contacts_pk', ['org_id', 'account_id'])
    .execute();

  await db.schema
    .createTable('fraud_settings')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('webhook_url', 'text')
    .addColumn('webhook_secret', 'text')
    .addColumn('share_tlp', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('fraud_lists')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('fraud_lists_pk', ['org_id', 'name', 'value'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'fraud_lists',
    'fraud_settings',
    'fraud_contacts',
    'fraud_outbox',
    'fraud_cases',
    'fraud_events',
    'fraud_rule_sets',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
