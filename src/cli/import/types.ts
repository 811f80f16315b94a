import type { FieldError } from '../../errors/catalogue.js';

/** The invocation cannot work (bad extension, missing or rejected key, unreadable file): exit code 2. */
export class ImportUsageError extends Error {
  override name = 'ImportUsageError';
}

/** The import started but could not go on (server unreachable after retries, chunk refused): exit code 2. */
export class ImportAbortedError extends Error {
  override name = 'ImportAbortedError';
}

/** What became of one submitted item. */
export interface ItemOutcome {
  status: 'created' | 'duplicate' | 'invalid';
  errors?: FieldError[];
}

/** Submits one chunk; resolves once the chunk is committed (acknowledged), one outcome per item, in order. */
export type SubmitChunk = (items: Record<string, unknown>[]) => Promise<ItemOutcome[]>;

export interface ImportCounts {
  /** Items read and committed so far, invalid ones included. */
  items: number;
  created: number;
  duplicate: number;
  invalid: number;
}
