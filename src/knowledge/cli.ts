import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { Principal } from '../auth/service.js';
import { printJson, withKoban } from '../cli/context.js';
import type { ImportReport } from './service.js';

/** What `koban import-stix` needs from the container: add `knowledge: KnowledgeService` to `Koban`. */
export interface KnowledgeHost {
  auth: { authenticate(authorization: string | undefined): Promise<Principal> };
  knowledge: { importBundle(principal: Principal, bundle: unknown, source: string): Promise<ImportReport> };
}

export type HostOpener = <T>(command: Command, work: (host: KnowledgeHost) => Promise<T>) => Promise<T>;

const openLocalStore: HostOpener = (command, work) =>
  withKoban(command, (koban) => {
    const host = koban as unknown as Partial<KnowledgeHost>;
    if (!host.knowledge) throw new Error('this build has no knowledge service in its container');
    return work(host as KnowledgeHost);
  });

/** Per-type counts of each status, e.g. { "attack-pattern": { created: 188 } }. */
export function countsByType(report: ImportReport): Record<string, Record<string, number>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const r of report.results) {
    const type = r.type ?? '(no type)';
    const row = counts[type] ?? {};
    counts[type] = row;
    row[r.status] = (row[r.status] ?? 0) + 1;
  }
  return counts;
}

export function formatReport(report: ImportReport): string {
  const lines = Object.entries(countsByType(report))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([type, c]) =>
        `  ${type.padEnd(32)} ${Object.entries(c)
          .map(([s, n]) => `${s} ${n}`)
          .join(', ')}`,
    );
  const s = report.summary;
  const invalid = report.results
    .filter((r) => r.status === 'invalid')
    .slice(0, 20)
    .map(
      (r) =>
        `  #${r.index} ${r.id ?? '(no id)'}: ${(r.errors ?? []).map((e) => `${e.field} ${e.reason}`).join('; ')}`,
    );
  return [
    `${report.source}: created ${s.created}, updated ${s.updated}, unchanged ${s.unchanged}, skipped ${s.skipped}, invalid ${s.invalid}`,
    ...lines,
    ...(report.proposedMerges.length > 0
      ? [`Proposed merges: ${report.proposedMerges.length} (GET /v1/knowledge/merges?status=proposed)`]
      : []),
    ...(invalid.length > 0 ? ['Invalid objects:', ...invalid] : []),
    '',
  ].join('\n');
}

/** `koban import-stix <bundle.json>`: exit 0 all stored or present, 1 some objects invalid, 2 unusable input. */
export function registerImportStixCommand(program: Command, open: HostOpener = openLocalStore): void {
  program
    .command('import-stix')
    .description('Import a STIX 2.1 bundle (e.g. MITRE ATT&CK) into the knowledge base; re-running is safe')
    .argument('<bundle>', 'a STIX 2.1 bundle .json file')
    .option('--api-key <key>', 'API key to import with (KOBAN_API_KEY); needs knowledge:write or admin')
    .option('--source <name>', 'provenance recorded on each object (default: the file name)')
    .option('--json', 'print the whole report as JSON')
    .action(
      async (file: string, flags: { apiKey?: string; source?: string; json?: boolean }, command: Command) => {
        const apiKey = flags.apiKey ?? process.env.KOBAN_API_KEY;
        if (!apiKey) {
          process.stderr.write('koban import-stix: --api-key (or KOBAN_API_KEY) is required\n');
          process.exitCode = 2;
          return;
        }
        let bundle: unknown;
        try {
          bundle = JSON.parse(await readFile(file, 'utf8'));
        } catch (error) {
          process.stderr.write(`koban import-stix: cannot read ${file}: ${(error as Error).message}\n`);
          process.exitCode = 2;
          return;
        }
        const report = await open(command, async (host) => {
          const principal = await host.auth.authenticate(`Bearer ${apiKey}`);
          return host.knowledge.importBundle(principal, bundle, flags.source ?? basename(file));
        });
        if (flags.json) printJson({ ...report, byType: countsByType(report) });
        else process.stdout.write(formatReport(report));
        process.exitCode = report.summary.invalid > 0 ? 1 : 0;
      },
    );
}
