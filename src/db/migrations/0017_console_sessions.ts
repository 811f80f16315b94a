import type { Kysely } from 'kysely';

/**
 * Console sessions (src/sessions): an API key typed once in the console is exchanged for a random
 * session token held in an HttpOnly cookie. Only the token's SHA-256 is stored, so a copy of the
 * database cannot be replayed as a login. `key_id` ties the session to its key: revoking or expiring
 * the key ends every session made from it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('console_sessions')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('key_id', 'text', (c) => c.notNull().references('api_keys.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('console_sessions_key').on('console_sessions').column('key_id').execute();
  await db.schema
    .createIndex('console_sessions_expiry')
    .on('console_sessions')
    .column('expires_at')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('console_sessions').ifExists().execute();
}
