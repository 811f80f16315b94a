import { KobanError } from '../errors/catalogue.js';

/**
 * Opaque, stateless paging cursors. They encode the last key seen (never an offset), so paging
 * stays stable while new items arrive and costs one index seek per page.
 */
export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify({ v: 1, ...position })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Record<string, string | number> | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (parsed && typeof parsed === 'object' && (parsed as { v?: unknown }).v === 1) {
      return parsed as Record<string, string | number>;
    }
  } catch {
    // fall through to the error below
  }
  throw new KobanError('invalid_cursor', 'Use the nextCursor value from a previous page unchanged', [
    { field: 'cursor', reason: 'not a cursor issued by this API' },
  ]);
}
