import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Needs the compiled CLI (npm run build): it kills a real process. */
const cli = fileURLToPath(new URL('../../../dist/src/cli/main.js', import.meta.url));
const TOTAL = 30_000;

interface Progress {
  committed: number;
  created: number;
  duplicate: number;
  invalid: number;
}

function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.KOBAN_DATABASE_URL;
  delete env.KOBAN_API_KEY;
  return env;
}

function run(args: string[]): ChildProcess {
  return spawn(process.execPath, [cli, ...args], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
}

/** 'exit', not 'close': a pipe we stopped reading may never report its end. */
function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
}

async function output(child: ChildProcess): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  return { code, stdout, stderr };
}

function countReports(dataDir: string): number {
  const db = new SQLite(join(dataDir, 'koban.sqlite'), { readonly: true });
  try {
    return (db.prepare('select count(*) as n from reports').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe.skipIf(!existsSync(cli))('koban import survives SIGKILL', () => {
  let dir: string;
  let dataDir: string;
  let file: string;
  let apiKey: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'koban-kill-'));
    dataDir = join(dir, 'data');
    file = join(dir, 'reports.jsonl');
    const out = createWriteStream(file);
    for (let i = 0; i < TOTAL; i++) {
      const report = {
        kind: 'smishing',
        tlp: 'AMBER',
        description: `Parcel redelivery scam #${i}`,
        details: {
          sender: 'SAGAWA',
          body: `Parcel ${i} held, confirm at https://parcel-${i % 500}.example/t/${i}`,
        },
      };
      if (!out.write(`${JSON.stringify(report)}\n`))
        await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((resolve, reject) =>
      out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    const init = await output(run(['init', '--json', '--data-dir', dataDir]));
    expect(init.code, init.stderr).toBe(0);
    apiKey = JSON.parse(init.stdout).apiKey;
  }, 60_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loses no acknowledged report, and a re-run completes without duplicates', async () => {
    const args = ['import', file, '--data-dir', dataDir, '--api-key', apiKey, '--progress-json'];
    const child = run(args);
    const done = exited(child);
    child.stdout?.resume();
    let acknowledged: Progress | undefined;
    let seen = 0;
    const lines = createInterface({ input: child.stderr! });
    for await (const line of lines) {
      if (!line.startsWith('{"committed"')) continue;
      acknowledged = JSON.parse(line) as Progress;
      if (++seen === 2) {
        child.kill('SIGKILL');
        break;
      }
    }
    const { signal } = await done;
    expect(signal).toBe('SIGKILL');
    expect(acknowledged).toBeDefined();
    const ack = acknowledged as Progress;
    const afterKill = countReports(dataDir);
    expect(afterKill).toBeGreaterThanOrEqual(ack.committed - ack.invalid);
    expect(afterKill).toBeLessThan(TOTAL);

    const rerun = await output(run([...args, '--json']));
    expect(rerun.code, rerun.stderr).toBe(0);
    const summary = JSON.parse(rerun.stdout);
    expect(summary).toMatchObject({ items: TOTAL, invalid: 0 });
    expect(summary.created + summary.duplicate).toBe(TOTAL);
    expect(summary.duplicate).toBe(afterKill);
    expect(countReports(dataDir)).toBe(TOTAL);
  }, 180_000);
});
