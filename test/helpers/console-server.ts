/**
 * What the console's browser tests share: where chromium and the built console are, and a real
 * Koban server on 127.0.0.1 serving that console — on PostgreSQL when the suite runs against it,
 * else an SQLite file in a temp dir (as `npm start`).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createKoban, type Koban } from '../../src/app/container.js';
import { loadConfig } from '../../src/config.js';
import { migrateToLatest, openDatabase } from '../../src/db/database.js';
import { buildHttpServer } from '../../src/http/server.js';
import { openTestDatabase } from './koban.js';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
];
export const CONSOLE_DIR = join(import.meta.dirname, '..', '..', 'dist', 'console');
export const SHOTS = join(import.meta.dirname, '..', '..', 'test-results');

/** What a browser test needs and lacks (empty: it can run); warns once with the fix. */
export function missingForBrowserTests(suite: string): string[] {
  const missing = [
    existsSync(CHROMIUM) ? null : `${CHROMIUM} (apt-get install chromium)`,
    existsSync(join(CONSOLE_DIR, 'index.html')) ? null : 'dist/console (npm run build)',
  ].filter((m): m is string => m !== null);
  if (missing.length > 0) console.warn(`${suite} SKIPPED: missing ${missing.join(' and ')}`);
  return missing;
}

export interface ConsoleServer {
  koban: Koban;
  app: FastifyInstance;
  base: string;
  close(): Promise<void>;
}

export async function startConsoleServer(prefix: string): Promise<ConsoleServer> {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const opened = process.env.KOBAN_TEST_DATABASE_URL ? await openTestDatabase() : null;
  const database = opened?.database ?? openDatabase({ dataDir });
  if (!opened) await migrateToLatest(database);
  const koban = await createKoban(loadConfig({ KOBAN_DATA_DIR: dataDir, KOBAN_CONSOLE_DIR: CONSOLE_DIR }), {
    database,
    migrate: false,
  });
  const app = await buildHttpServer(koban);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return {
    koban,
    app,
    base: `http://127.0.0.1:${address.port}`,
    async close() {
      await app.close();
      await koban.close();
      await (opened?.cleanup ?? (() => database.close()))();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
