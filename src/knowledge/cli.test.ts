import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase } from '../../test/helpers/koban.js';
import { AuditLog } from '../audit/store.js';
import { createIdGenerator } from '../core/ids.js';
import type { Database } from '../db/database.js';
import { type KnowledgeHost, registerImportStixCommand } from './cli.js';
import { KnowledgeService } from './service.js';
import { admin, bundle, sdo } from './test-fixtures.js';

let database: Database;
let cleanup: () => Promise<void>;
let host: KnowledgeHost;
const dir = mkdtempSync(join(tmpdir(), 'koban-stix-'));

beforeAll(async () => {
  ({ database, cleanup } = await openTestDatabase());
  const knowledge = new KnowledgeService({
    database,
    audit: new AuditLog(database),
    newId: createIdGenerator(),
    now: () => new Date(),
  });
  host = {
    auth: {
      authenticate: async (h) =>
        h === 'Bearer good-key' ? admin : Promise.reject(new Error('unauthorized')),
    },
    knowledge,
  };
});
afterAll(async () => cleanup());

async function run(...args: string[]): Promise<{ out: string; code: number | undefined }> {
  const program = new Command('koban').exitOverride();
  registerImportStixCommand(program, (_command, work) => work(host));
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'koban', 'import-stix', ...args]);
  } finally {
    spy.mockRestore();
  }
  const code = process.exitCode as number | undefined;
  process.exitCode = undefined;
  return { out: out.join(''), code };
}

describe('koban import-stix', () => {
  it('prints per-type counts and exits 1 when an object is invalid, 0 on a clean re-import', async () => {
    const file = join(dir, 'b.json');
    writeFileSync(
      file,
      JSON.stringify(
        bundle(sdo('malware', { name: 'CliMal' }), sdo('tool', { name: 'CliTool' }), { type: 'tool' }),
      ),
    );
    const first = await run(file, '--api-key', 'good-key');
    expect(first.code).toBe(1);
    expect(first.out).toMatch(/b\.json: created 2, updated 0, unchanged 0, skipped 0, invalid 1/);
    expect(first.out).toMatch(/tool\s+created 1, invalid 1/);
    const clean = join(dir, 'c.json');
    writeFileSync(clean, JSON.stringify(bundle(sdo('malware', { name: 'CliMal2' }))));
    expect((await run(clean, '--api-key', 'good-key', '--json')).code).toBe(0);
    expect((await run(clean, '--api-key', 'good-key')).out).toMatch(/unchanged 1/);
  });
});
