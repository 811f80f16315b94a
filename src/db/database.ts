import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  type Dialect,
  Kysely,
  type Migration,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  sql,
  type Transaction,
} from 'kysely';
import pg from 'pg';
import * as m0001 from './migrations/0001_core.js';
import * as m0002 from './migrations/0002_correlation.js';
import * as m0003 from './migrations/0003_knowledge.js';
import * as m0004 from './migrations/0004_infrastructure.js';
import * as m0005 from './migrations/0005_attribution.js';
import * as m0006 from './migrations/0006_warninglists.js';
import * as m0007 from './migrations/0007_derived_key_state.js';
import * as m0008 from './migrations/0008_infrastructure_state.js';
import * as m0009 from './migrations/0009_correlation_queue.js';
import * as m0010 from './migrations/0010_protection.js';
import * as m0011 from './migrations/0011_fraud.js';
import * as m0012 from './migrations/0012_investigation.js';
import * as m0013 from './migrations/0013_advisories.js';
import * as m0014 from './migrations/0014_taxii.js';
import * as m0015 from './migrations/0015_interop_webhooks.js';
import * as m0016 from './migrations/0016_knowledge_provenance.js';
import * as m0017 from './migrations/0017_console_sessions.js';
import * as m0018 from './migrations/0018_taxii_client_sources.js';
import * as m0019 from './migrations/0019_indicator_holder_range.js';
import type { KobanDatabase } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

export interface DatabaseOptions {
  /** postgres://… selects PostgreSQL; otherwise embedded SQLite in dataDir. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** PostgreSQL only: run inside this schema (used by tests to isolate runs on one database). */
  pgSchema?: string | undefined;
  poolSize?: number;
}

export interface Database {
  db: Kysely<KobanDatabase>;
  engine: Engine;
  /** The raw better-sqlite3 handle for bulk paths; undefined on PostgreSQL. */
  sqlite?: SQLite.Database;
  /** The SQLite file, when the database is not in memory. */
  file?: string;
  /** PostgreSQL schema Koban runs in, when not the default search path. */
  schema?: string;
  close(): Promise<void>;
}

const migrations: Record<string, Migration> = {
  '0001_core': m0001,
  '0002_correlation': m0002,
  '0003_knowledge': m0003,
  '0004_infrastructure': m0004,
  '0005_attribution': m0005,
  '0006_warninglists': m0006,
  '0007_derived_key_state': m0007,
  '0008_infrastructure_state': m0008,
  '0009_correlation_queue': m0009,
  '0010_protection': m0010,
  '0011_fraud': m0011,
  '0012_investigation': m0012,
  '0013_advisories': m0013,
  '0014_taxii': m0014,
  '0015_interop_webhooks': m0015,
  '0016_knowledge_provenance': m0016,
  '0017_console_sessions': m0017,
  '0018_taxii_client_sources': m0018,
  '0019_indicator_holder_range': m0019,
};

export function openDatabase(options: DatabaseOptions): Database {
  if (options.databaseUrl?.startsWith('postgres')) return openPostgres(options);
  return openSqlite(options);
}

function openSqlite(options: DatabaseOptions): Database {
  let file = ':memory:';
  if (options.dataDir !== ':memory:') {
    mkdirSync(options.dataDir, { recursive: true });
    file = join(options.dataDir, 'koban.sqlite');
  }
  const sqlite = new SQLite(file);
  configureSqlite(sqlite);
  const dialect: Dialect = new SqliteDialect({ database: sqlite });
  const db = new Kysely<KobanDatabase>({ dialect });
  return {
    db,
    engine: 'sqlite',
    sqlite,
    ...(file === ':memory:' ? {} : { file }),
    close: async () => {
      await db.destroy();
    },
  };
}

function openPostgres(options: DatabaseOptions): Database {
  const int8 = 20;
  const numeric = 1700;
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    // Koban's queries are point lookups and short ranges: parallel plans only add worker start-up latency.
    options: [
      '-c max_parallel_workers_per_gather=0',
      options.pgSchema ? `-c search_path=${options.pgSchema}` : '',
    ]
      .join(' ')
      .trim(),
    // Per-pool parsers: pg's global type registry would leak into every other client in the process.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === int8 || oid === numeric) return (v: string) => Number(v);
        return pg.types.getTypeParser(oid, format as 'text');
      }) as typeof pg.types.getTypeParser,
    },
  });
  const db = new Kysely<KobanDatabase>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    engine: 'postgres',
    ...(options.pgSchema ? { schema: options.pgSchema } : {}),
    close: async () => {
      await db.destroy();
    },
  };
}

/**
 * SQLite: start the write transaction now. Several connections (the server's and the intake
 * worker's) write to one file; a transaction that reads first and writes later could find its
 * snapshot stale and fail instead of waiting. A no-op write takes the lock (waiting up to
 * busy_timeout) before anything is read.
 */
export async function takeSqliteWriteLock(trx: Transaction<KobanDatabase>): Promise<void> {
  await sql`update koban_meta set value = value where key = 'write-lock'`.execute(trx);
}

/** A write transaction on either engine, locked up front on SQLite (see takeSqliteWriteLock). */
export async function transact<T>(
  database: Database,
  work: (trx: Transaction<KobanDatabase>) => Promise<T>,
): Promise<T> {
  return database.db.transaction().execute(async (trx) => {
    if (database.engine === 'sqlite') await takeSqliteWriteLock(trx);
    return work(trx);
  });
}

/** Connection settings every SQLite handle on the data file uses (server and intake worker). */
export function configureSqlite(sqlite: SQLite.Database, cacheMiB = 64): void {
  // Only takes effect when the file is created. Large pages make the random-key index inserts of bulk
  // ingest cheaper per row (measured: 4 KiB → 48k, 32 KiB → 75k sightings/s on raw inserts).
  sqlite.pragma('page_size = 32768');
  // WAL + NORMAL: a killed process never loses a committed transaction; only an OS crash may drop the last few.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 10000');
  sqlite.pragma(`cache_size = -${cacheMiB * 1024}`);
  sqlite.pragma('temp_store = MEMORY');
}

export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'koban_migrations',
    migrationLockTableName: 'koban_migrations_lock',
    // Name the schema: otherwise the migrator's existence check can see another schema's tables.
    ...(database.schema ? { migrationTableSchema: database.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
