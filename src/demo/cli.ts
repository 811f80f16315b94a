import type { Command } from 'commander';
import type { Koban } from '../app/container.js';
import { printJson, withKoban } from '../cli/context.js';
import { baseUrlOf, demoCommands, formatSummary, KEY_WARNING } from './format.js';
import { seedDemo } from './run-demo.js';

export type KobanOpener = <T>(command: Command, work: (koban: Koban) => Promise<T>) => Promise<T>;

/**
 * The route exists in this build (src/correlation/stix-routes.ts); kept as a switch so the printed
 * commands never name a route that a build lacks.
 */
const STIX_EXPORT = true;

/**
 * `koban demo [--json] [--new-keys]`: loads the demo data set into the local store (initializing it
 * when needed) and prints the keys and the curl commands to explore it. Exit 0 also when the store
 * was already seeded: nothing is added then.
 */
export function registerDemoCommand(program: Command, open: KobanOpener = withKoban): void {
  program
    .command('demo')
    .description(
      'Load a demo data set: a smishing campaign across seven organizations, attributed to an actor (safe to re-run)',
    )
    .option('--json', 'print the summary as JSON')
    .option('--new-keys', 'on an already seeded store: mint fresh API keys for the demo organizations')
    .action(async (flags: { json?: boolean; newKeys?: boolean }, command: Command) => {
      await open(command, async (koban) => {
        const summary = await seedDemo(koban, { newKeys: flags.newKeys === true });
        const baseUrl = baseUrlOf(koban.config);
        const commands = demoCommands(summary, baseUrl, { stixExport: STIX_EXPORT });
        if (flags.json) {
          const withKeys = summary.organizations.some((o) => o.apiKey) || summary.initialized;
          printJson({ ...summary, ...(withKeys ? { warning: KEY_WARNING } : {}), baseUrl, commands });
          return;
        }
        const store = koban.database.engine === 'sqlite' ? koban.config.dataDir : 'PostgreSQL';
        process.stdout.write(formatSummary(summary, commands, store));
      });
    });
}
