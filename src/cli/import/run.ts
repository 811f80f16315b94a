import { type FileHandle, open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Koban } from '../../app/container.js';
import type { FieldError } from '../../errors/catalogue.js';
import { createProgress, type ProgressMode } from './progress.js';
import { type SourceItem, withDerivedExternalId } from './rows.js';
import { formatOf, openSource } from './source.js';
import { localTarget, type RemoteOptions, remoteTarget } from './target.js';
import { type ImportCounts, ImportUsageError, type ItemOutcome, type SubmitChunk } from './types.js';

export { ImportAbortedError, ImportUsageError } from './types.js';

export interface ImportOptions {
  file: string;
  apiKey: string | undefined;
  /** Remote mode: post chunks to this Koban server instead of opening the store locally. */
  server?: string | undefined;
  /** Items per submitted chunk (default 4,000: one write transaction). */
  chunkSize?: number;
  /** Write every invalid row here as JSONL `{"line", "errors"}`; otherwise the first 20 go to stderr. */
  errorsFile?: string | undefined;
  progress?: ProgressMode;
  /** Where progress and invalid-row samples go (default process.stderr). */
  stderr?: { write(text: string): unknown; columns?: number };
  /** When aborted, the import stops after the chunk in flight is committed. */
  signal?: AbortSignal;
  remote?: RemoteOptions;
  /** Longest CSV record / JSONL line in characters (default 8 Mi). */
  maxRecordChars?: number;
}

export interface ImportSummary {
  file: string;
  created: number;
  duplicate: number;
  invalid: number;
  items: number;
  seconds: number;
  itemsPerSecond: number;
  /** True when the import stopped early on request; re-running the command continues it. */
  interrupted?: boolean;
}

export const DEFAULT_CHUNK_SIZE = 4000;
export const MAX_CHUNK_SIZE = 5000;
const SHOWN_INVALID = 20;

/** Checks what can be checked before touching the file or the store. */
export function checkImportOptions(options: ImportOptions): void {
  if (formatOf(options.file) === null) {
    throw new ImportUsageError(
      `cannot import ${options.file}: the file name must end in .csv, .jsonl or .ndjson`,
    );
  }
  if (!options.apiKey)
    throw new ImportUsageError('an API key is required: pass --api-key <key> or set KOBAN_API_KEY');
  const size = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_CHUNK_SIZE) {
    throw new ImportUsageError(`--chunk-size must be an integer between 1 and ${MAX_CHUNK_SIZE}`);
  }
}

/**
 * Streams a CSV/JSONL file into Koban chunk by chunk. A chunk is acknowledged (and reported as
 * committed) only after it is stored, so killing the import loses nothing acknowledged, and items
 * carry content-derived externalIds, so running it again skips what is already stored.
 * Local mode needs `koban`; remote mode (`options.server`) does not.
 */
export async function runImport(options: ImportOptions, koban?: Koban): Promise<ImportSummary> {
  checkImportOptions(options);
  const apiKey = options.apiKey as string;
  const format = formatOf(options.file)!;
  const chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const stderr = options.stderr ?? process.stderr;
  const source = await openSource(options.file, format, { maxRecordChars: options.maxRecordChars });
  let submit: SubmitChunk;
  let errorsOut: FileHandle | undefined;
  try {
    if (options.server) submit = remoteTarget(options.server, apiKey, options.remote);
    else if (koban) submit = await localTarget(koban, apiKey);
    else throw new ImportUsageError('local import needs an open Koban store (or pass --server)');
    if (options.errorsFile) {
      errorsOut = await open(options.errorsFile, 'w').catch((error: Error) => {
        throw new ImportUsageError(`cannot write ${options.errorsFile}: ${error.message}`);
      });
    }
  } catch (error) {
    await source.close();
    throw error;
  }
  const started = performance.now();
  const counts: ImportCounts = { items: 0, created: 0, duplicate: 0, invalid: 0 };
  const shown: string[] = [];
  let interrupted = false;
  const progress = createProgress(options.progress ?? 'none', stderr, source.size);
  try {
    const commit = async (chunk: SourceItem[], before: Promise<void> = Promise.resolve()) => {
      const outcomes = await submitChunk(submit, chunk);
      await before; // account and acknowledge in file order
      let rejected = '';
      chunk.forEach((entry, i) => {
        const outcome = outcomes[i] as ItemOutcome;
        counts[outcome.status]++;
        if (outcome.status !== 'invalid') return;
        const errors = outcome.errors ?? [];
        if (errorsOut) rejected += `${JSON.stringify({ line: entry.line, errors })}\n`;
        else if (shown.length < SHOWN_INVALID) shown.push(describeInvalid(entry.line, errors));
      });
      counts.items += chunk.length;
      if (rejected) await errorsOut?.write(rejected);
      progress.committed(counts, source.bytesRead());
    };
    // Two chunks in flight: while one is being written, the next is read, validated and normalized.
    // Commits still finish in file order, and each is acknowledged only once stored.
    let previous: Promise<void> = Promise.resolve();
    let latest: Promise<void> = Promise.resolve();
    let chunk: SourceItem[] = [];
    for await (const entry of source.items) {
      chunk.push(entry);
      if (chunk.length < chunkSize) continue;
      await previous;
      previous = latest;
      latest = commit(chunk, latest);
      latest.catch(() => {}); // observed by the awaits above and below
      chunk = [];
      if (options.signal?.aborted) {
        interrupted = true;
        break;
      }
    }
    await previous;
    await latest;
    if (chunk.length > 0) await commit(chunk);
  } finally {
    progress.finish(counts, source.bytesRead());
    await source.close();
    await errorsOut?.close();
  }
  for (const line of shown) stderr.write(`${line}\n`);
  if (!options.errorsFile && counts.invalid > shown.length) {
    stderr.write(
      `… and ${counts.invalid - shown.length} more invalid rows (use --errors <file.jsonl> to save them all)\n`,
    );
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    file: options.file,
    created: counts.created,
    duplicate: counts.duplicate,
    invalid: counts.invalid,
    items: counts.items,
    seconds: Math.round(seconds * 1000) / 1000,
    itemsPerSecond: seconds > 0 ? Math.round(counts.items / seconds) : counts.items,
    ...(interrupted ? { interrupted } : {}),
  };
}

/** Sends the readable items of a chunk; items that failed while being read are invalid without a round trip. */
async function submitChunk(submit: SubmitChunk, chunk: readonly SourceItem[]): Promise<ItemOutcome[]> {
  const items: Record<string, unknown>[] = [];
  for (const entry of chunk) if ('item' in entry) items.push(withDerivedExternalId(entry.item));
  const results = items.length > 0 ? await submit(items) : [];
  let next = 0;
  return chunk.map((entry) =>
    'errors' in entry ? { status: 'invalid', errors: entry.errors } : (results[next++] as ItemOutcome),
  );
}

function describeInvalid(line: number, errors: readonly FieldError[]): string {
  const prefix = `line ${line}: `;
  const reasons = errors.map((e) => {
    const reason = e.reason.startsWith(prefix) ? e.reason.slice(prefix.length) : e.reason;
    return e.field === '/' ? reason : `${e.field}: ${reason}`;
  });
  return `${prefix}${reasons.join('; ') || 'invalid'}`;
}

export function formatSummary(summary: ImportSummary): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const lines = [
    `Imported ${basename(summary.file)}: ${n(summary.created)} created, ${n(summary.duplicate)} duplicate, ` +
      `${n(summary.invalid)} invalid (${n(summary.items)} items in ${summary.seconds.toFixed(1)} s, ${n(summary.itemsPerSecond)} items/s)`,
  ];
  if (summary.interrupted) {
    lines.push(
      'Interrupted: run the same command again to continue; stored reports are skipped as duplicates.',
    );
  }
  return `${lines.join('\n')}\n`;
}
