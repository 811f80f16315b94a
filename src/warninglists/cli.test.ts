import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase } from '../../test/helpers/koban.js';
import { AuditLog } from '../audit/store.js';
import type { Database } from '../db/database.js';
import { findListFiles, registerImportWarninglistsCommand, type WarninglistHost } from './cli.js';
import { WarninglistService } from './service.js';
import { admin, cdnRanges, dynamicDns, topSites, webmail } from './test-fixtures.js';

let database: Database;
let cleanup: () => Promise<void>;
let host: WarninglistHost;
const dir = mkdtempSync(join(tmpdir(), 'koban-warninglists-'));
const write = (path: string, content: unknown) => {
  mkdirSync(join(dir, path, '..'), { recursive: true });
  writeFileSync(join(dir, path), typeof content === 'string' ? content : JSON.stringify(content));
};

beforeAll(async () => {
  ({ database, cleanup } = await openTestDatabase());
  const warninglists = new WarninglistService({
    database,
    audit: new AuditLog(database),
    now: () => new Date(),
  });
  host = {
    auth: {
      authenticate: async (h) =>
        h === 'Bearer good-key' ? admin : Promise.reject(new Error('unauthorized')),
    },
    warninglists,
  };
  write('misp/lists/cdn/list.json', cdnRanges());
  write('misp/lists/ddns/list.json', dynamicDns());
  write('misp/lists/top/list.json', topSites());
  write('misp/lists/broken/list.json', '{"name": ');
  write('misp/lists/README.md', 'not a list');
  write('single/webmail.json', webmail());
});
afterAll(async () => cleanup());

async function run(...args: string[]): Promise<{ out: string; code: number | undefined }> {
  const program = new Command('koban').exitOverride();
  registerImportWarninglistsCommand(program, (_command, work) => work(host));
  const out: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  process.exitCode = undefined;
  try {
    await program.parseAsync(['node', 'koban', 'import-warninglists', ...args]);
  } finally {
    spy.mockRestore();
    err.mockRestore();
  }
  const code = process.exitCode as number | undefined;
  process.exitCode = undefined;
  return { out: out.join(''), code };
}

describe('koban import-warninglists', () => {
  it('finds lists in a MISP checkout, its lists folder, one list folder or a file', async () => {
    const all = await findListFiles([join(dir, 'misp')]);
    expect(all.map((f) => f.slice(dir.length))).toEqual([
      '/misp/lists/broken/list.json',
      '/misp/lists/cdn/list.json',
      '/misp/lists/ddns/list.json',
      '/misp/lists/top/list.json',
    ]);
    expect(await findListFiles([join(dir, 'misp/lists')])).toEqual(all);
    expect(await findListFiles([join(dir, 'misp/lists/cdn')])).toEqual([all[1]]);
    await expect(findListFiles([join(dir, 'single')])).rejects.toThrow(/no list.json/);
  });

  it('prints per-list results, exits 1 when a list is invalid and 0 on a clean re-import', async () => {
    const first = await run(join(dir, 'misp'), join(dir, 'single/webmail.json'), '--api-key', 'good-key');
    expect(first.code).toBe(1);
    expect(first.out).toMatch(/created 4, updated 0, unchanged 0, invalid 1/);
    expect(first.out).toMatch(/invalid .*broken\/list\.json: \/ not valid JSON/);
    expect(first.out).toMatch(/created .*cdn\/list\.json {2}Test CDN ranges {2}\(v1, 2 entries, enabled\)/);
    expect(first.out).toMatch(
      /Test dynamic DNS {2}\(v2, 1 entry, disabled\)\n\s+imported disabled: dynamic DNS/,
    );
    expect(host.warninglists).toBeInstanceOf(WarninglistService);
    expect((host.warninglists as WarninglistService).isBenign('ipv4', '104.16.0.1')).toBe(true);

    const again = await run(
      join(dir, 'misp/lists/cdn'),
      join(dir, 'misp/lists/top'),
      '--api-key',
      'good-key',
    );
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/created 0, updated 0, unchanged 2, invalid 0/);

    const json = await run(join(dir, 'single/webmail.json'), '--api-key', 'good-key', '--json');
    expect(JSON.parse(json.out)).toMatchObject({
      summary: { unchanged: 1 },
      results: [{ name: 'Test webmail' }],
    });
  });

  it('exits 2 without a key or on a path that does not exist', async () => {
    const saved = process.env.KOBAN_API_KEY;
    delete process.env.KOBAN_API_KEY;
    try {
      expect((await run(join(dir, 'misp'))).code).toBe(2);
    } finally {
      if (saved !== undefined) process.env.KOBAN_API_KEY = saved;
    }
    const missing = await run(join(dir, 'nope'), '--api-key', 'good-key');
    expect(missing.code).toBe(2);
    expect(missing.out).toMatch(/ENOENT/);
  });
});
