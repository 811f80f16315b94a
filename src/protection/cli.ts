import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { withKoban } from '../cli/context.js';
import { defangHost } from '../core/detect/defang.js';
import type { LookalikeFinder } from '../core/detect/url-check.js';
import { normalizeDomain } from '../core/indicators/index.js';
import type { AlertHit, AlertSource } from './alerts.js';

const FLUSH_EVERY = 500;

export interface WatchSummary {
  lines: number;
  invalid: number;
  matches: number;
}

export interface WatchOptions {
  matcher: LookalikeFinder;
  /** Records a batch of matches as alerts; omitted with --no-record. */
  record?: (hits: AlertHit[]) => Promise<void>;
  out: Writable;
}

/**
 * Streams new names (one per line; `#` comments and blank lines skipped; CT-style `*.` wildcards
 * dropped) through the matcher. Matches are written as JSON lines and recorded in batches, so memory
 * stays constant however long the input is; output waits when stdout is slow.
 */
export async function watchDomains(input: Readable, options: WatchOptions): Promise<WatchSummary> {
  const summary: WatchSummary = { lines: 0, invalid: 0, matches: 0 };
  let pending: AlertHit[] = [];
  const flush = async () => {
    if (pending.length > 0 && options.record) await options.record(pending);
    pending = [];
  };
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    summary.lines++;
    const name = line.startsWith('*.') ? line.slice(2) : line;
    const r = name.length > 253 ? null : normalizeDomain(name);
    if (!r?.ok) {
      summary.invalid++;
      continue;
    }
    const host = r.indicator.value;
    for (const hit of options.matcher.match(host)) {
      summary.matches++;
      const out = `${JSON.stringify({ domain: defangHost(host), brand: hit.brand, kind: hit.kind, distance: hit.distance, token: hit.token, officialDomain: hit.officialDomain })}\n`;
      if (!options.out.write(out)) await new Promise((resolve) => options.out.once('drain', resolve));
      pending.push({ ...hit, domain: host });
    }
    if (pending.length >= FLUSH_EVERY) await flush();
  }
  await flush();
  return summary;
}

export function registerWatchDomainsCommand(program: Command): void {
  program
    .command('watch-domains')
    .description(
      'Match a newline list of new domain names (newly registered domains, CT log names; "-" for stdin) against every protected brand; prints matches as JSON lines and records lookalike alerts',
    )
    .argument('<file>', 'file with one domain per line, or - for standard input')
    .option('--source <source>', 'alert source: watch, feed or ct', 'watch')
    .option('--no-record', 'print matches only; record no alerts')
    .action(async (file: string, opts: { source: string; record: boolean }, command: Command) => {
      const source = (['watch', 'feed', 'ct'].includes(opts.source) ? opts.source : 'watch') as AlertSource;
      await withKoban(command, async (koban) => {
        const { protection } = koban;
        const matcher = await protection.lookalikeMatcher();
        const input = file === '-' ? process.stdin : createReadStream(file);
        const ref = file === '-' ? 'stdin' : file;
        const summary = await watchDomains(input, {
          matcher,
          out: process.stdout,
          ...(opts.record
            ? { record: (hits: AlertHit[]) => protection.alerts.record(hits, source, ref) }
            : {}),
        });
        process.stderr.write(
          `watch-domains: ${summary.lines} names, ${summary.matches} matches, ${summary.invalid} not domain names\n`,
        );
      });
    });
}
