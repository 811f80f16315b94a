import type { Command } from 'commander';
import type { Principal } from '../auth/service.js';
import { printJson, withKoban } from '../cli/context.js';
import type { PollResult } from './poller.js';
import type { SourceView } from './sources.js';

/** What `koban taxii-poll` needs from the container. */
export interface TaxiiPollHost {
  auth: { authenticate(authorization: string | undefined): Promise<Principal> };
  taxiiClient: {
    sources: { list(principal: Principal): Promise<SourceView[]> };
    pollNow(principal: Principal, id: string): Promise<{ poll: PollResult; source: SourceView }>;
  };
}

export type TaxiiPollOpener = <T>(command: Command, work: (host: TaxiiPollHost) => Promise<T>) => Promise<T>;

const openLocal: TaxiiPollOpener = (command, work) =>
  withKoban(command, async (koban) => {
    // This command polls by itself: the scheduler would only contend for the same leases.
    await koban.taxiiClient.stop();
    return work(koban);
  });

/** Passes per source: each reads up to 50 pages, so a large backlog is read in one command. */
const MAX_PASSES = 1_000;

/**
 * `koban taxii-poll [source-id…]`: polls the organization's sources now (all enabled ones by
 * default) until each is read to its end or fails. Exit 0 when every source caught up, 1 when one
 * failed (its error is printed and kept on the source), 2 on unusable input.
 */
export function registerTaxiiPollCommand(program: Command, open: TaxiiPollOpener = openLocal): void {
  program
    .command('taxii-poll')
    .description("Poll your organization's remote TAXII 2.1 sources now, from their checkpoints")
    .argument('[source...]', 'source ids (default: every enabled source)')
    .option('--api-key <key>', 'API key of the organization (KOBAN_API_KEY); needs keys:manage')
    .option('--json', 'print the results as JSON')
    .action(async (ids: string[], flags: { apiKey?: string; json?: boolean }, command: Command) => {
      const apiKey = flags.apiKey ?? process.env.KOBAN_API_KEY;
      if (!apiKey) {
        process.stderr.write('koban taxii-poll: --api-key (or KOBAN_API_KEY) is required\n');
        process.exitCode = 2;
        return;
      }
      const results = await open(command, async (host) => {
        const principal = await host.auth.authenticate(`Bearer ${apiKey}`);
        const sources = await host.taxiiClient.sources.list(principal);
        const chosen = ids.length > 0 ? ids : sources.filter((s) => s.enabled).map((s) => s.id);
        const out: { id: string; name: string; total: PollResult; source: SourceView }[] = [];
        for (const id of chosen) {
          const total: PollResult = { pages: 0, imported: 0, unchanged: 0, failed: 0, caughtUp: false };
          let source: SourceView | undefined;
          for (let pass = 0; pass < MAX_PASSES && !total.caughtUp && !total.error; pass++) {
            const done = await host.taxiiClient.pollNow(principal, id);
            source = done.source;
            for (const k of ['pages', 'imported', 'unchanged', 'failed'] as const) total[k] += done.poll[k];
            total.caughtUp = done.poll.caughtUp;
            if (done.poll.error) total.error = done.poll.error;
          }
          if (source) out.push({ id, name: source.name, total, source });
        }
        return out;
      });
      if (flags.json) printJson(results);
      else
        for (const { id, name, total } of results)
          process.stdout.write(
            `${name} (${id}): ${total.pages} pages, imported ${total.imported}, unchanged ${total.unchanged}, failed ${total.failed}${total.error ? ` — error: ${total.error}` : total.caughtUp ? ', caught up' : ''}\n`,
          );
      process.exitCode = results.some((r) => r.total.error) ? 1 : 0;
    });
}
