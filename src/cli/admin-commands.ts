import type { Command } from 'commander';
import { serve, stopOnSignals } from '../app/serve.js';
import { migrateToLatest, openDatabase } from '../db/database.js';
import { configFrom, printJson, withKoban } from './context.js';

export function registerAdminCommands(program: Command): void {
  program
    .command('serve')
    .description('Run the Koban API server (same as npm start)')
    .option('--host <host>', 'listen address (KOBAN_HOST)')
    .option('--port <port>', 'listen port (KOBAN_PORT)')
    .action(async (opts: { host?: string; port?: string }, command: Command) => {
      const config = configFrom(command);
      const running = await serve({
        ...config,
        ...(opts.host ? { host: opts.host } : {}),
        ...(opts.port ? { port: Number(opts.port) } : {}),
      });
      stopOnSignals(running);
    });

  program
    .command('init')
    .description('Create the analyst-centre organization and its admin API key (once per data store)')
    .option('--name <name>', 'name of the analyst centre', 'Koban Analyst Centre')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { name: string; json?: boolean }, command: Command) => {
      await withKoban(command, async (koban) => {
        const result = await koban.orgs.initialize(opts.name);
        const out = { organization: result.organization, apiKey: result.apiKey, apiKeyId: result.apiKeyId };
        if (opts.json) printJson(out);
        else {
          process.stdout.write(
            `Initialized "${out.organization.name}" (${out.organization.id}).\n` +
              `Admin API key (shown once, store it safely):\n  ${out.apiKey}\n`,
          );
        }
      });
    });

  program
    .command('migrate')
    .description('Apply pending database migrations')
    .action(async (_opts: unknown, command: Command) => {
      const config = configFrom(command);
      const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const applied = await migrateToLatest(database);
        process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'Already up to date\n');
      } finally {
        await database.close();
      }
    });

  const audit = program.command('audit').description('Audit log tools');
  audit
    .command('verify')
    .description('Verify the hash chain; exits 1 if any entry was edited, deleted or reordered')
    .option('--json', 'print the result as JSON')
    .action(async (opts: { json?: boolean }, command: Command) => {
      const result = await withKoban(command, (koban) => koban.audit.verify());
      if (opts.json) printJson(result);
      else if (result.ok) {
        process.stdout.write(`OK: ${result.checked} entries, head #${result.lastSeq} ${result.headHash}\n`);
      } else {
        process.stdout.write(`TAMPERED: ${result.problems.length} problem(s) in ${result.checked} entries\n`);
        for (const p of result.problems.slice(0, 50)) process.stdout.write(`  ${JSON.stringify(p)}\n`);
      }
      if (!result.ok) process.exitCode = 1;
    });
}
