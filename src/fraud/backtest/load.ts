/**
 * Reads a data file (or folder) from disk and picks its adapter: `--format` when given, else the
 * file name, else the first line. The only module of the backtest that touches the file system
 * besides the CLI.
 */
import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { type AmlsimLabelPolicy, adaptAmlsim, amlsimFilesFromArchive } from './adapters/amlsim.js';
import { adaptIeeeCis } from './adapters/ieee-cis.js';
import { adaptJsonLines } from './adapters/jsonl.js';
import { adaptPaysim } from './adapters/paysim.js';
import type { AdaptedData, DataFormat } from './types.js';

/** A problem with the data file the user should fix (printed as is, exit code 2). */
export class DataFileError extends Error {}

export interface LoadOptions {
  format?: DataFormat;
  /** IEEE-CIS identity table; default `train_identity.csv` next to the transactions. */
  identity?: string;
  yenPerUsd?: number;
  amlsimLabelPolicy?: AmlsimLabelPolicy;
}

/** Decides the format from the name, then from the first line of the content. */
export function detectFormat(path: string, firstLine: string): DataFormat | undefined {
  const name = basename(path).toLowerCase();
  if (/\.(jsonl|ndjson)$/.test(name)) return 'jsonl';
  if (/\.(tgz|tar\.gz)$/.test(name)) return 'amlsim';
  const header = firstLine.replace(/^\uFEFF/, '').trim();
  if (header.startsWith('{')) return 'jsonl';
  const columns = new Set(header.split(',').map((column) => column.trim()));
  if (columns.has('nameOrig') && columns.has('step')) return 'paysim';
  if (columns.has('TransactionID') && columns.has('card1')) return 'ieee-cis';
  if (columns.has('sourceNodeId') || columns.has('nodeid')) return 'amlsim';
  return undefined;
}

export function loadDataset(path: string, options: LoadOptions = {}): AdaptedData {
  if (!existsSync(path)) throw new DataFileError(`data file not found: ${path}`);
  const folder = statSync(path).isDirectory();
  const format =
    options.format ?? (folder ? detectFolderFormat(path) : detectFormat(path, firstLineOf(path)));
  if (format === undefined) {
    throw new DataFileError(`cannot tell the format of ${path}; pass --format jsonl|paysim|amlsim|ieee-cis`);
  }
  const rate = options.yenPerUsd === undefined ? {} : { yenPerUsd: options.yenPerUsd };
  try {
    switch (format) {
      case 'jsonl':
        return adaptJsonLines(readText(path));
      case 'paysim':
        return adaptPaysim(readText(path), rate);
      case 'amlsim': {
        const files = folder
          ? {
              nodes: readText(join(path, 'nodes.csv')),
              transactions: readText(join(path, 'transactions.csv')),
            }
          : path.endsWith('.csv')
            ? { nodes: readText(join(dirname(path), 'nodes.csv')), transactions: readText(path) }
            : amlsimFilesFromArchive(readFileSync(path));
        const policy = options.amlsimLabelPolicy ? { labelPolicy: options.amlsimLabelPolicy } : {};
        return adaptAmlsim(files, { ...rate, ...policy });
      }
      case 'ieee-cis': {
        const transactions = folder ? join(path, 'train_transaction.csv') : path;
        const identity = options.identity ?? join(folder ? path : dirname(path), 'train_identity.csv');
        const files = existsSync(identity)
          ? { transactions: readText(transactions), identity: readText(identity) }
          : { transactions: readText(transactions) };
        return adaptIeeeCis(files, rate);
      }
    }
  } catch (error) {
    if (error instanceof DataFileError) throw error;
    throw new DataFileError(`cannot read ${path} as ${format}: ${(error as Error).message}`);
  }
}

function detectFolderFormat(folder: string): DataFormat | undefined {
  if (existsSync(join(folder, 'transactions.csv')) && existsSync(join(folder, 'nodes.csv'))) return 'amlsim';
  if (existsSync(join(folder, 'train_transaction.csv'))) return 'ieee-cis';
  return undefined;
}

function readText(path: string): string {
  if (!existsSync(path)) throw new DataFileError(`data file not found: ${path}`);
  return readFileSync(path, 'utf8');
}

function firstLineOf(path: string): string {
  if (/\.(tgz|tar\.gz)$/i.test(path)) return '';
  // A header line fits in 4 KiB; reading only that keeps detection cheap on large files.
  const head = Buffer.alloc(4096);
  const fd = openSync(path, 'r');
  const length = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const text = head.subarray(0, length).toString('utf8');
  const end = text.search(/\r?\n/);
  return end < 0 ? text : text.slice(0, end);
}
