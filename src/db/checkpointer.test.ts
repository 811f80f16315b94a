import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { BackgroundCheckpointer, checkpointWorkerAvailable } from './checkpointer.js';
import { configureSqlite } from './database.js';

const dir = mkdtempSync(join(tmpdir(), 'koban-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!checkpointWorkerAvailable())('background WAL checkpoints', () => {
  it('copy committed pages into the database file without the writing connection doing it', async () => {
    const file = join(dir, 'db.sqlite');
    const sqlite = new SQLite(file);
    configureSqlite(sqlite);
    sqlite.exec('create table t (k text primary key, v text)');
    const checkpointer = new BackgroundCheckpointer(file, sqlite, 30);
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(1000);
    const before = statSync(file).size;
    const insert = sqlite.prepare('insert into t values (?, ?)');
    for (let batch = 0; batch < 20; batch++)
      sqlite.transaction(() => {
        for (let i = 0; i < 200; i++) insert.run(`${batch}-${i}-${Math.random()}`, 'x'.repeat(200));
      })();
    const deadline = Date.now() + 5_000;
    while (statSync(file).size <= before && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(statSync(file).size).toBeGreaterThan(before);
    await checkpointer.stop();
    expect(sqlite.prepare('select count(*) n from t').get()).toEqual({ n: 4000 });
    sqlite.close();
  });
});
