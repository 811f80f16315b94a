/**
 * Once per test run: a run id for the PostgreSQL test schemas, and at the end the schemas of this
 * run dropped together (dropping them one by one while other test files migrate made Kysely's
 * all-schema introspection fail). Concurrent runs on the same database keep their own schemas.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export function setup(): () => Promise<void> {
  const run = randomBytes(4).toString('hex');
  // Forked test workers inherit the environment.
  process.env.KOBAN_TEST_RUN = run;
  return async () => {
    const url = process.env.KOBAN_TEST_DATABASE_URL;
    if (!url) return;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ nspname: string }>(
        'select nspname from pg_namespace where nspname like $1',
        [`koban_test_${run}_%`],
      );
      for (const r of rows) await client.query(`drop schema "${r.nspname}" cascade`);
    } finally {
      await client.end();
    }
  };
}
