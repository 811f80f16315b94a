import { type FileHandle, open } from 'node:fs/promises';
import { extname } from 'node:path';
import { CsvParser, DEFAULT_MAX_RECORD_CHARS } from './csv.js';
import { csvRowToItem, headerProblem, jsonLineToItem, type SourceItem } from './rows.js';
import { ImportUsageError } from './types.js';

export type ImportFormat = 'csv' | 'jsonl';

export function formatOf(file: string): ImportFormat | null {
  const ext = extname(file).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  return null;
}

/** An open import file, read lazily: only the current chunk of items is ever in memory. */
export interface ImportSource {
  format: ImportFormat;
  /** File size in bytes, for progress. */
  size: number;
  /** Bytes read from the file so far. */
  bytesRead(): number;
  items: AsyncGenerator<SourceItem>;
  close(): Promise<void>;
}

export interface SourceOptions {
  /** Longest record or line kept (in characters); longer ones become invalid rows. */
  maxRecordChars?: number;
}

export async function openSource(
  file: string,
  format: ImportFormat,
  options: SourceOptions = {},
): Promise<ImportSource> {
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new ImportUsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  const stat = await handle.stat();
  if (!stat.isFile()) {
    await handle.close();
    throw new ImportUsageError(`cannot read ${file}: not a regular file`);
  }
  const stream = handle.createReadStream({ encoding: 'utf8', highWaterMark: 256 * 1024 });
  const chunks = stream as AsyncIterable<string>;
  const max = options.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
  let closed = false;
  return {
    format,
    size: stat.size,
    bytesRead: () => stream.bytesRead,
    items: format === 'csv' ? csvItems(chunks, max) : jsonlItems(chunks, max),
    close: async () => {
      if (closed) return;
      closed = true;
      stream.destroy();
      await handle.close().catch(() => undefined);
    },
  };
}

async function* csvItems(chunks: AsyncIterable<string>, maxRecordChars: number): AsyncGenerator<SourceItem> {
  const parser = new CsvParser({ maxRecordChars });
  let header: string[] | null = null;
  function* mapped(records: ReturnType<CsvParser['push']>): Generator<SourceItem> {
    for (const record of records) {
      if (header === null) {
        if (record.error) throw new ImportUsageError(`the header row cannot be read: ${record.error}`);
        const names = record.fields.map((f) => f.trim());
        const problem = headerProblem(names);
        if (problem) throw new ImportUsageError(problem);
        header = names;
        continue;
      }
      if (record.error) {
        yield { line: record.line, errors: [{ field: '/', reason: `line ${record.line}: ${record.error}` }] };
      } else {
        yield csvRowToItem(header, record.fields, record.line);
      }
    }
  }
  for await (const chunk of chunks) yield* mapped(parser.push(chunk));
  yield* mapped(parser.end());
}

/** Splits text chunks into lines without buffering more than one line (and never more than `max` characters of it). */
export async function* jsonlItems(chunks: AsyncIterable<string>, max: number): AsyncGenerator<SourceItem> {
  let line = 1;
  let buffer = '';
  let tooLong = false;
  let first = true;
  const emit = (): SourceItem | null => {
    if (tooLong) {
      return { line, errors: [{ field: '/', reason: `line ${line}: longer than ${max} characters` }] };
    }
    return jsonLineToItem(buffer.endsWith('\r') ? buffer.slice(0, -1) : buffer, line);
  };
  const append = (text: string) => {
    if (tooLong || text.length === 0) return;
    if (buffer.length + text.length > max) {
      tooLong = true;
      buffer = '';
    } else {
      buffer += text;
    }
  };
  for await (const chunk of chunks) {
    let start = 0;
    if (first && chunk.length > 0) {
      first = false;
      if (chunk.charCodeAt(0) === 0xfeff) start = 1;
    }
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl === -1) {
        append(chunk.slice(start));
        break;
      }
      append(chunk.slice(start, nl));
      const item = emit();
      if (item) yield item;
      buffer = '';
      tooLong = false;
      line++;
      start = nl + 1;
    }
  }
  if (buffer !== '' || tooLong) {
    const item = emit();
    if (item) yield item;
  }
}
