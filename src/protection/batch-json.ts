/**
 * Batch answers written as UTF-8 where they were checked. A check worker writes each result's JSON
 * with the item schema of the answer's mode (the same fast-json-stringify output the route's
 * serializer gives) straight into bytes, and transfers them; the event loop neither rebuilds result
 * objects from a structured clone nor serializes or encodes them: it concatenates bytes. That work
 * was most of the event loop's time on the batch route with full bilingual reasons.
 */
import build from 'fast-json-stringify';
import { BATCH_ITEMS, type BatchMode } from './schemas.js';

export type ItemSerializer = (item: unknown) => string;

/** Item serializers per mode, compiled on first use (one set per thread that writes items). */
export class BatchItemSerializers {
  private readonly compiled = new Map<BatchMode, ItemSerializer>();

  item(mode: BatchMode): ItemSerializer {
    let s = this.compiled.get(mode);
    if (s === undefined) {
      s = build(BATCH_ITEMS[mode]) as ItemSerializer;
      this.compiled.set(mode, s);
    }
    return s;
  }
}

/** Verdicts as one byte each (sent with the items so the route can count them). */
export const VERDICT_CODES = ['block', 'warn', 'allow'] as const;
export function verdictCode(verdict: string): number {
  return verdict === 'block' ? 0 : verdict === 'warn' ? 1 : 2;
}

/** Consecutive items as UTF-8: item i is `bytes[ends[i-1] .. ends[i])` (from 0 for the first). */
export interface WrittenItems {
  bytes: Uint8Array;
  ends: Uint32Array;
  verdicts: Uint8Array;
}

/** Writes results as items; `verdictOf` gives each result's verdict. */
export function writeItems<R>(
  results: readonly R[],
  item: ItemSerializer,
  verdictOf: (r: R) => string,
): WrittenItems {
  const n = results.length;
  const ends = new Uint32Array(n);
  const verdicts = new Uint8Array(n);
  let bytes = Buffer.allocUnsafe(Math.max(1024, n * 768));
  let at = 0;
  for (let i = 0; i < n; i++) {
    const r = results[i] as R;
    const json = item(r);
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    if (at + json.length * 3 > bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(bytes.length * 2, at + json.length * 3));
      bytes.copy(grown, 0, 0, at);
      bytes = grown;
    }
    at += bytes.write(json, at, 'utf8');
    ends[i] = at;
    verdicts[i] = verdictCode(verdictOf(r));
  }
  // A copy of exactly the written bytes: its buffer can be transferred whole.
  return { bytes: new Uint8Array(bytes.subarray(0, at)), ends, verdicts };
}

export interface BatchSummary {
  block: number;
  warn: number;
  allow: number;
  invalid: number;
}

const COMMA = Buffer.from(',');

/**
 * The whole answer, byte for byte what the route's response schema writes for the same values:
 * `items[i]` is message i's JSON, as bytes (written items) or a string (an error item).
 */
export function batchAnswerBytes(summary: BatchSummary, items: readonly (Uint8Array | string)[]): Buffer {
  const s = summary;
  const parts: Uint8Array[] = [
    Buffer.from(
      `{"summary":{"block":${s.block},"warn":${s.warn},"allow":${s.allow},"invalid":${s.invalid}},"results":[`,
    ),
  ];
  for (let i = 0; i < items.length; i++) {
    if (i > 0) parts.push(COMMA);
    const item = items[i] as Uint8Array | string;
    parts.push(typeof item === 'string' ? Buffer.from(item) : item);
  }
  parts.push(Buffer.from(']}'));
  return Buffer.concat(parts);
}
