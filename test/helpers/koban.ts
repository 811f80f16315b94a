import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { type ContainerOptions, createKoban, type Koban } from '../../src/app/container.js';
import type { Scope } from '../../src/auth/keys.js';
import type { Principal } from '../../src/auth/service.js';
import { loadConfig } from '../../src/config.js';
import { type Database, migrateToLatest, openDatabase } from '../../src/db/database.js';
import { buildHttpServer } from '../../src/http/server.js';

/**
 * Storage for a test. SQLite in memory by default; with KOBAN_TEST_DATABASE_URL set, a fresh
 * PostgreSQL schema per test file, so the same suite proves both engines.
 */
export const testEngine = process.env.KOBAN_TEST_DATABASE_URL ? 'postgres' : 'sqlite';

/** Test schemas of this run share a prefix so the global teardown drops exactly them. */
export function testSchemaPrefix(): string {
  return `koban_test_${process.env.KOBAN_TEST_RUN ?? 'local'}_`;
}

export async function openTestDatabase(): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  const url = process.env.KOBAN_TEST_DATABASE_URL;
  if (!url) {
    const database = openDatabase({ dataDir: ':memory:' });
    await migrateToLatest(database);
    return { database, cleanup: () => database.close() };
  }
  const schema = `${testSchemaPrefix()}${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = openDatabase({ dataDir: ':memory:', databaseUrl: url, pgSchema: schema, poolSize: 4 });
  await migrateToLatest(database);
  return {
    database,
    // The schema is dropped once the whole run is over (test/global-setup.ts), not here: Kysely's
    // migrator introspects every schema's tables, and a schema dropped meanwhile by another test
    // file makes that query fail with "schema … does not exist".
    cleanup: () => database.close(),
  };
}

export interface TestKoban {
  koban: Koban;
  app: FastifyInstance;
  adminKey: string;
  centreId: string;
  close(): Promise<void>;
}

export async function startTestKoban(
  env: Record<string, string> = {},
  options: Omit<ContainerOptions, 'database' | 'migrate'> = {},
): Promise<TestKoban> {
  const { database, cleanup } = await openTestDatabase();
  const config = loadConfig({ KOBAN_DATA_DIR: ':memory:', ...env });
  const koban = await createKoban(config, { ...options, database, migrate: false });
  const app = await buildHttpServer(koban);
  const init = await koban.orgs.initialize('Test Centre');
  return {
    koban,
    app,
    adminKey: init.apiKey,
    centreId: init.organization.id,
    close: async () => {
      await app.close();
      await koban.close();
      await cleanup();
    },
  };
}

/** Creates an organization and a key for it through the API, as an admin would. */
export async function createOrgWithKey(
  t: TestKoban,
  name: string,
  kind = 'bank',
  extra: { investigationAccess?: boolean; scopes?: string[] } = {},
): Promise<{ orgId: string; key: string }> {
  const org = await t.app.inject({
    method: 'POST',
    url: '/v1/organizations',
    headers: { authorization: `Bearer ${t.adminKey}` },
    payload: {
      name,
      kind,
      ...(extra.investigationAccess !== undefined ? { investigationAccess: extra.investigationAccess } : {}),
    },
  });
  if (org.statusCode !== 201) throw new Error(`org create failed: ${org.body}`);
  const orgId = org.json().id as string;
  const key = await t.app.inject({
    method: 'POST',
    url: `/v1/organizations/${orgId}/api-keys`,
    headers: { authorization: `Bearer ${t.adminKey}` },
    payload: { name: `${name} key`, ...(extra.scopes ? { scopes: extra.scopes } : {}) },
  });
  if (key.statusCode !== 201) throw new Error(`key create failed: ${key.body}`);
  return { orgId, key: key.json().apiKey as string };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

export interface Community {
  koban: Koban;
  orgIds: string[];
  /** Authenticates org i's key anew, so the viewer reflects current group memberships and grants. */
  principal(i: number): Promise<Principal>;
}

/**
 * A fresh Koban on fresh storage with `orgs.length` partner organizations, each with one key,
 * for property tests that build random communities. Everything is torn down afterwards.
 */
export async function withCommunity<T>(
  orgs: { investigationAccess?: boolean }[],
  scopes: Scope[] | undefined,
  work: (community: Community) => Promise<T>,
): Promise<T> {
  const { database, cleanup } = await openTestDatabase();
  const koban = await createKoban(loadConfig({ KOBAN_DATA_DIR: ':memory:' }), { database, migrate: false });
  try {
    const init = await koban.orgs.initialize('centre');
    const admin = await koban.auth.authenticate(`Bearer ${init.apiKey}`);
    const orgIds: string[] = [];
    const keys: string[] = [];
    for (const [i, o] of orgs.entries()) {
      const org = await koban.orgs.create(admin, {
        name: `org${i}`,
        kind: 'bank',
        investigationAccess: o.investigationAccess ?? false,
      });
      orgIds.push(org.id);
      keys.push(
        (await koban.orgs.createKey(admin, org.id, { name: 'k', ...(scopes ? { scopes } : {}) })).apiKey,
      );
    }
    return await work({ koban, orgIds, principal: (i) => koban.auth.authenticate(`Bearer ${keys[i]}`) });
  } finally {
    await koban.close();
    await cleanup();
  }
}
