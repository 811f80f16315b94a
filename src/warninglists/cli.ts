import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { Principal } from '../auth/service.js';
import { printJson, withKoban } from '../cli/context.js';
import type { ListResult, WarninglistImportReport } from './service.js';

/** What `koban import-warninglists` needs from the container. */
export interface WarninglistHost {
  auth: { authenticate(authorization: string | undefined): Promise<Principal> };
  warninglists: {
    importLists(
      principal: Principal,
      lists: readonly unknown[],
      options: { source?: readonly string[] },
    ): Promise<WarninglistImportReport>;
  };
}

export type WarninglistHostOpener = <T>(
  command: Command,
  work: (host: WarninglistHost) => Promise<T>,
) => Promise<T>;

const openLocalStore: WarninglistHostOpener = (command, work) => withKoban(command, work);

/**
 * The list.json files under each argument: a MISP warninglists checkout (`lists/<name>/list.json`),
 * its `lists` folder, one list folder, or a file. Sorted, so results come in a stable order.
 */
export async function findListFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const p of paths) {
    const info = await stat(p);
    if (info.isFile()) {
      files.push(p);
      continue;
    }
    const root = (await stat(join(p, 'lists')).catch(() => null))?.isDirectory() ? join(p, 'lists') : p;
    const own = join(root, 'list.json');
    if ((await stat(own).catch(() => null))?.isFile()) {
      files.push(own);
      continue;
    }
    const found: string[] = [];
    for (const d of await readdir(root, { withFileTypes: true })) {
      const candidate = join(root, d.name, 'list.json');
      if (d.isDirectory() && (await stat(candidate).catch(() => null))?.isFile()) found.push(candidate);
    }
    if (found.length === 0) throw new Error(`${p}: no list.json found (expected lists/<name>/list.json)`);
    files.push(...found.sort());
  }
  return files;
}

function formatResult(r: ListResult): string {
  const head = `  ${r.status.padEnd(9)} ${r.source}`;
  if (r.status === 'invalid') {
    const errors = (r.errors ?? []).map((e) => `${e.field} ${e.reason}`).join('; ');
    return `${head}${r.name ? ` (${r.name})` : ''}: ${errors}`;
  }
  const facts = [
    `v${r.version}`,
    ...(r.entries === undefined
      ? []
      : [`${r.entries.toLocaleString('en')} ${r.entries === 1 ? 'entry' : 'entries'}`]),
    r.enabled ? 'enabled' : 'disabled',
  ];
  const notes = (r.warnings ?? []).filter(
    (w) => w.startsWith('imported disabled') || w.startsWith('the stored'),
  );
  return [`${head}  ${r.name}  (${facts.join(', ')})`, ...notes.map((n) => `            ${n}`)].join('\n');
}

export function formatImport(report: WarninglistImportReport): string {
  const s = report.summary;
  return [
    `warninglists: created ${s.created}, updated ${s.updated}, unchanged ${s.unchanged}, invalid ${s.invalid}`,
    ...report.results.map(formatResult),
    '',
  ].join('\n');
}

/** `koban import-warninglists <path…>`: exit 0 all imported or present, 1 some lists invalid, 2 unusable input. */
export function registerImportWarninglistsCommand(
  program: Command,
  open: WarninglistHostOpener = openLocalStore,
): void {
  program
    .command('import-warninglists')
    .description(
      'Import MISP warninglists (a misp-warninglists checkout, list folders or list.json files); re-running is safe',
    )
    .argument('<paths...>', 'folders holding lists/<name>/list.json, or list.json files')
    .option('--api-key <key>', 'API key to import with (KOBAN_API_KEY); needs warninglists:write or admin')
    .option('--json', 'print the whole report as JSON')
    .action(async (paths: string[], flags: { apiKey?: string; json?: boolean }, command: Command) => {
      const fail = (message: string) => {
        process.stderr.write(`koban import-warninglists: ${message}\n`);
        process.exitCode = 2;
      };
      const apiKey = flags.apiKey ?? process.env.KOBAN_API_KEY;
      if (!apiKey) return fail('--api-key (or KOBAN_API_KEY) is required');
      let files: string[];
      const lists: unknown[] = [];
      const listFiles: string[] = [];
      const fileIndex: number[] = [];
      const unreadable: ListResult[] = [];
      try {
        files = await findListFiles(paths);
        for (const [index, f] of files.entries()) {
          // Provenance as the operator typed it: relative inside the working directory, else absolute.
          const rel = relative(process.cwd(), f);
          const source = rel && !rel.startsWith('..') ? rel : resolve(f);
          try {
            lists.push(JSON.parse(await readFile(f, 'utf8')));
            listFiles.push(source);
            fileIndex.push(index);
          } catch (error) {
            if (!(error instanceof SyntaxError)) throw error;
            const reason = `not valid JSON: ${error.message}`;
            unreadable.push({ index, source, status: 'invalid', errors: [{ field: '/', reason }] });
          }
        }
      } catch (error) {
        return fail((error as Error).message);
      }
      const imported =
        lists.length === 0
          ? { summary: { created: 0, updated: 0, unchanged: 0, invalid: 0 }, results: [] }
          : await open(command, async (host) => {
              const principal = await host.auth.authenticate(`Bearer ${apiKey}`);
              return host.warninglists.importLists(principal, lists, { source: listFiles });
            });
      // Indexes count files, so files that were not JSON keep their place.
      const results = [
        ...imported.results.map((r) => ({ ...r, index: fileIndex[r.index] ?? r.index })),
        ...unreadable,
      ].sort((a, b) => a.index - b.index);
      const report: WarninglistImportReport = {
        summary: { ...imported.summary, invalid: imported.summary.invalid + unreadable.length },
        results,
      };
      if (flags.json) printJson(report);
      else process.stdout.write(formatImport(report));
      process.exitCode = report.summary.invalid > 0 ? 1 : 0;
    });
}
