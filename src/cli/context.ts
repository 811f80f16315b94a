import type { Command } from 'commander';
import { createKoban, type Koban } from '../app/container.js';
import { type KobanConfig, loadConfig } from '../config.js';

export interface GlobalOptions {
  dataDir?: string;
  databaseUrl?: string;
}

/** Config from the environment, overridden by the command line's global options. */
export function configFrom(command: Command): KobanConfig {
  const opts = command.optsWithGlobals<GlobalOptions>();
  const env = { ...process.env };
  if (opts.dataDir) env.KOBAN_DATA_DIR = opts.dataDir;
  if (opts.databaseUrl) env.KOBAN_DATABASE_URL = opts.databaseUrl;
  return loadConfig(env);
}

export async function withKoban<T>(command: Command, work: (koban: Koban) => Promise<T>): Promise<T> {
  const koban = await createKoban(configFrom(command));
  try {
    return await work(koban);
  } finally {
    await koban.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
