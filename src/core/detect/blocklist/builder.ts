/**
 * Streaming construction of a blocklist table: values are hashed on `add`, so a caller can feed
 * millions of generated or parsed strings without keeping them alive.
 */
import { Hash64 } from './hash.js';
import {
  type BlocklistKind,
  canonicalEntryValue,
  fingerprint,
  gateHash,
  KIND_URL_PREFIX,
  kindIndex,
} from './keys.js';
import { type AddOptions, BlocklistTable, payloadKind, payloadOf } from './table.js';

/** Load a built table starts at (live adds grow it past 0.7). */
const BUILD_LOAD = 0.65;
const scratch = new Hash64();

// Chunks double from 64K to 4M entries: small builds stay small, and large chunks (64 MiB) are
// above glibc's largest mmap threshold, so their memory goes back to the OS when released.
const FIRST_CHUNK_ENTRIES = 1 << 16;
const MAX_CHUNK_ENTRIES = 1 << 22;
/** Builder rows: `[hi, lo, payload, gate hash]` (gate hash only read for url kinds). */
const ROW = 4;

/**
 * Collects entries as fingerprints (16 bytes each, in chunks; the strings can be dropped right
 * after `add`) and builds a table sized once for load 0.65.
 */
export class BlocklistBuilder {
  private readonly chunks: Uint32Array[] = [];
  private current = new Uint32Array(FIRST_CHUNK_ENTRIES * ROW);
  private used = 0;
  private full = 0;
  private urlEntries = 0;
  private readonly names = BlocklistTable.withCapacity(0);

  /** Number of `add` calls so far (duplicates included). */
  get added(): number {
    return this.full + this.used / ROW;
  }

  add(kind: BlocklistKind, value: string, options: AddOptions): this {
    const k = kindIndex(kind);
    const v = canonicalEntryValue(kind, value);
    const payload = payloadOf(k, this.names.sourceId(options.source), options.severity);
    fingerprint(scratch, k, v);
    if (this.used === this.current.length) {
      this.chunks.push(this.current);
      this.full += this.used / ROW;
      this.current = new Uint32Array(Math.min(MAX_CHUNK_ENTRIES, this.current.length / 2) * ROW);
      this.used = 0;
    }
    const c = this.current;
    c[this.used] = scratch.hi;
    c[this.used + 1] = scratch.lo;
    c[this.used + 2] = payload;
    if (gateHash(scratch, k, v)) {
      c[this.used + 3] = scratch.hi;
      this.urlEntries++;
    }
    this.used += ROW;
    return this;
  }

  /** Builds the table (duplicates: the last add wins) and empties the builder. */
  build(): BlocklistTable {
    const n = this.added;
    const sources = [...this.names.sourceNames];
    const table = BlocklistTable.withCapacity(Math.ceil(n / BUILD_LOAD), sources, this.urlEntries);
    this.chunks.push(this.current.subarray(0, this.used));
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c]!;
      for (let o = 0; o < chunk.length; o += ROW) {
        const p = chunk[o + 2]!;
        table.insert(chunk[o]!, chunk[o + 1]!, p);
        if (payloadKind(p) <= KIND_URL_PREFIX) table.admit(chunk[o + 3]!);
      }
      // Release each chunk as it is consumed so the peak is the table plus what is left.
      this.chunks[c] = new Uint32Array(0);
    }
    this.chunks.length = 0;
    this.current = new Uint32Array(FIRST_CHUNK_ENTRIES * ROW);
    this.used = 0;
    this.full = 0;
    this.urlEntries = 0;
    return table;
  }
}
