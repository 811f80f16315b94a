import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config.js';
import { registerDemoCommand } from '../demo/cli.js';
import { KobanError } from '../errors/catalogue.js';
import { registerImportStixCommand } from '../knowledge/cli.js';
import { registerWatchDomainsCommand } from '../protection/cli.js';
import { registerTaxiiPollCommand } from '../taxii-client/cli.js';
import { registerImportWarninglistsCommand } from '../warninglists/cli.js';
import { registerAdminCommands } from './admin-commands.js';
import { registerImportCommand } from './import-command.js';

const program = new Command('koban')
  .description('Koban: shared platform for public–private cybercrime countermeasures')
  .option('--data-dir <dir>', 'embedded storage folder (KOBAN_DATA_DIR, default ./data)')
  .option('--database-url <url>', 'postgres://… to use PostgreSQL instead (KOBAN_DATABASE_URL)')
  .showHelpAfterError();

registerAdminCommands(program);
registerImportCommand(program);
registerImportStixCommand(program);
registerImportWarninglistsCommand(program);
registerDemoCommand(program);
registerWatchDomainsCommand(program);
registerTaxiiPollCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof KobanError || error instanceof ConfigError) {
    process.stderr.write(`koban: ${error.message}\n`);
    process.exit(error instanceof KobanError && error.code === 'already_initialized' ? 3 : 2);
  }
  throw error;
}
