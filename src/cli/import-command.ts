import { type Command, CommanderError } from 'commander';
import { ConfigError } from '../config.js';
import { printJson, withKoban } from './context.js';
import {
  checkImportOptions,
  DEFAULT_CHUNK_SIZE,
  formatSummary,
  ImportAbortedError,
  type ImportOptions,
  type ImportSummary,
  ImportUsageError,
  runImport,
} from './import/run.js';
import { formatOf, openSource } from './import/source.js';

interface ImportFlags {
  apiKey?: string;
  server?: string;
  chunkSize: string;
  errors?: string;
  progressJson?: boolean;
  json?: boolean;
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description(
      'Import reports from a CSV or JSONL file, streamed in chunks. Re-running the same file is safe: ' +
        'rows without externalId get one derived from their content, so stored rows come back as duplicates.',
    )
    .argument('<file>', 'a .csv, .jsonl or .ndjson file')
    .option('--api-key <key>', 'API key to import with (KOBAN_API_KEY); needs the reports:write scope')
    .option(
      '--server <url>',
      'post to a running Koban server (e.g. http://127.0.0.1:8080) instead of opening the store',
    )
    .option('--chunk-size <n>', 'reports per committed chunk', String(DEFAULT_CHUNK_SIZE))
    .option('--errors <file>', 'write every invalid row to this JSONL file ({"line","errors"} per line)')
    .option(
      '--progress-json',
      'print one JSON line per committed chunk to stderr (default when stderr is not a terminal)',
    )
    .option('--json', 'print the summary as JSON on stdout')
    .addHelpText(
      'after',
      '\nExit codes: 0 all rows stored or already present, 1 some rows invalid (the others are stored),\n' +
        '2 usage error or import could not complete, 130 interrupted (run again to continue).',
    )
    // Usage errors (missing <file>, unknown option) exit with 2 like the import's own usage errors.
    .exitOverride((error) => {
      if (error.exitCode === 0) throw error;
      throw new CommanderError(2, error.code, error.message);
    })
    .action(async (file: string, flags: ImportFlags, command: Command) => {
      const controller = new AbortController();
      const onSigint = () => {
        if (controller.signal.aborted) process.exit(130);
        controller.abort();
        process.stderr.write(
          '\nStopping after the current chunk (Ctrl-C again to stop at once; nothing stored is lost)\n',
        );
      };
      const options: ImportOptions = {
        file,
        apiKey: flags.apiKey ?? process.env.KOBAN_API_KEY,
        server: flags.server,
        chunkSize: /^\d+$/.test(flags.chunkSize) ? Number(flags.chunkSize) : Number.NaN,
        errorsFile: flags.errors,
        progress: flags.progressJson || !process.stderr.isTTY ? 'json' : 'bar',
        signal: controller.signal,
        remote: {
          onRetry: (attempt, reason, delayMs) =>
            process.stderr.write(
              `koban import: ${reason}; retry ${attempt} in ${(delayMs / 1000).toFixed(1)} s\n`,
            ),
        },
      };
      process.on('SIGINT', onSigint);
      let summary: ImportSummary;
      try {
        checkImportOptions(options);
        // Fail on an unreadable file before opening (and perhaps creating) a store.
        await (await openSource(file, formatOf(file)!)).close();
        summary = options.server
          ? await runImport(options)
          : await withKoban(command, (koban) => runImport(options, koban));
      } catch (error) {
        if (
          error instanceof ImportUsageError ||
          error instanceof ImportAbortedError ||
          error instanceof ConfigError
        ) {
          process.stderr.write(`koban import: ${error.message}\n`);
          process.exitCode = 2;
          return;
        }
        throw error;
      } finally {
        process.off('SIGINT', onSigint);
      }
      if (flags.json) printJson(summary);
      else {
        process.stdout.write(formatSummary(summary));
        if (flags.errors && summary.invalid > 0)
          process.stdout.write(`Invalid rows written to ${flags.errors}\n`);
      }
      process.exitCode = summary.interrupted ? 130 : summary.invalid > 0 ? 1 : 0;
    });
}
