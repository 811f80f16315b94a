/**
 * Compact set of 64-bit fingerprints of blocklist values with a 32-bit payload each.
 *
 * Layout: one interleaved Uint32Array, three words per slot `[hi, lo, payload]`, so a probe touches
 * one cache line instead of three arrays' worth. Robin Hood linear probing: lookups for absent values
 * stop as soon as they pass a slot whose occupant is closer to its home, and deletion shifts the
 * following run back (no tombstones, so a long-lived table under live updates never degrades).
 *
 * The strings themselves are never stored: a value is identified by its 64-bit hash (kind mixed
 * into the seed). With n entries the chance that any given absent value hits a stored fingerprint
 * is about n / 2^64 (5e-13 at 10M entries): a false block once in ~2e12 lookups, which we accept
 * for a 12-byte entry. The payload's kind is also checked, so a cross-kind collision needs more.
 */
import { Hash64, hashRange } from './hash.js';
import { decodeSnapshot, encodeSnapshot } from './snapshot.js';

export const KINDS = ['url', 'url_prefix', 'host', 'domain'] as const;
/**
 * `url`: exact canonical URL. `url_prefix`: authority plus a path prefix, matched on segment
 * boundaries (`evil.example/login`). `host`: exactly this host. `domain`: this registrable domain
 * (or subdomain) and everything below it.
 */
export type BlocklistKind = (typeof KINDS)[number];
export type Severity = 'block' | 'warn';

export interface Entry {
  kind: BlocklistKind;
  source: string;
  severity: Severity;
}

export interface AddOptions {
  /** Feed or list the entry came from; interned, at most 2^24 distinct sources per table. */
  source: string;
  severity?: Severity;
}

export const KIND_URL = 0;
export const KIND_URL_PREFIX = 1;
export const KIND_HOST = 2;
export const KIND_DOMAIN = 3;
/** Hash seeds per kind; part of the snapshot format. */
const KIND_SEEDS = [0x2545f491, 0x6a09e667, 0x3c6ef372, 0x510e527f] as const;
const KIND_INDEX: Record<BlocklistKind, number> = { url: 0, url_prefix: 1, host: 2, domain: 3 };

/** Longest path prefix (in segments) lookups try; deeper `url_prefix` entries could never match. */
export const MAX_PREFIX_SEGMENTS = 8;
const MAX_SOURCES = 1 << 24;
const MAX_LOAD = 0.7;
const BUILD_LOAD = 0.65;
const MIN_CAPACITY = 16;
const TWO_32 = 4294967296;

// Payload: bit 0 occupied (so 0 means an empty slot), bits 1-2 kind, bit 3 warn, bits 8-31 source.
const OCCUPIED = 1;
const WARN = 8;
const payloadOf = (kind: number, source: number, severity: Severity | undefined): number =>
  (OCCUPIED | (kind << 1) | (severity === 'warn' ? WARN : 0) | (source << 8)) >>> 0;
export const payloadKind = (p: number): number => (p >>> 1) & 3;

/** Home slot by multiply-shift ("fast range") so the capacity need not be a power of two. */
const homeOf = (hi: number, cap: number): number => Math.floor((hi * cap) / TWO_32);

const scratch = new Hash64();

function kindIndex(kind: BlocklistKind): number {
  const k = KIND_INDEX[kind];
  if (k === undefined) throw new Error(`unknown blocklist kind: ${String(kind)}`);
  return k;
}

/**
 * Checks a value for its kind; `url_prefix` values are reduced to `authority/path` without scheme,
 * query or trailing slash so `https://x.example/a/` and `x.example/a` are the same entry.
 */
export function canonicalEntryValue(kind: BlocklistKind, value: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new Error(`empty ${kind} value`);
  if (kind !== 'url_prefix') return value;
  const v = urlPrefixKey(value);
  const slash = v.indexOf('/');
  if (slash <= 0 || slash === v.length - 1) {
    throw new Error(`url_prefix needs an authority and a path (use host/domain for a whole host): ${value}`);
  }
  let segments = 0;
  for (let i = slash; i < v.length; i++) if (v.charCodeAt(i) === 47) segments++;
  if (segments > MAX_PREFIX_SEGMENTS) {
    throw new Error(`url_prefix deeper than ${MAX_PREFIX_SEGMENTS} segments can never match: ${value}`);
  }
  return v;
}

/**
 * `https://u@x.example:8443/a/b/?q#f` → `x.example:8443/a/b`: the key a `url_prefix` entry is
 * stored under (authority without userinfo, path without trailing slash). Paths are compared as the
 * URL normalizer leaves them (`//` is not collapsed).
 */
export function urlPrefixKey(url: string): string {
  const scheme = url.indexOf('://');
  let v = scheme >= 0 ? url.slice(scheme + 3) : url;
  const q = v.search(/[?#]/);
  if (q >= 0) v = v.slice(0, q);
  const slash = v.indexOf('/');
  const at = v.lastIndexOf('@', slash < 0 ? v.length : slash);
  if (at >= 0) v = v.slice(at + 1);
  while (v.endsWith('/')) v = v.slice(0, -1);
  return v;
}

export class BlocklistTable {
  /** Internal: `[hi, lo, payload]` per slot. */
  slots: Uint32Array;
  private cap: number;
  private count: number;
  private readonly sources: string[];
  private sourceIds: Map<string, number> | null = null;

  /** Internal; use {@link BlocklistBuilder} or {@link BlocklistTable.fromBuffer}. */
  constructor(slots: Uint32Array, size: number, sources: string[]) {
    this.slots = slots;
    this.cap = slots.length / 3;
    this.count = size;
    this.sources = sources;
  }

  static withCapacity(capacity: number, sources: string[] = []): BlocklistTable {
    return new BlocklistTable(new Uint32Array(Math.max(MIN_CAPACITY, capacity) * 3), 0, sources);
  }

  /**
   * Loads a {@link toBuffer} snapshot. With `zeroCopy` (and a 4-byte aligned buffer) the slots stay
   * a view of `buf`, which saves a copy of the whole table at load but means live updates write
   * into `buf`; hand the buffer over and do not reuse it.
   */
  static fromBuffer(buf: Uint8Array, options: { zeroCopy?: boolean } = {}): BlocklistTable {
    const s = decodeSnapshot(buf, options.zeroCopy !== true);
    return new BlocklistTable(s.slots, s.size, s.sources);
  }

  get size(): number {
    return this.count;
  }

  get capacity(): number {
    return this.cap;
  }

  /** Bytes held by the slot array (the strings of the sources table aside). */
  get byteLength(): number {
    return this.slots.byteLength;
  }

  get sourceNames(): readonly string[] {
    return this.sources;
  }

  get(kind: BlocklistKind, value: string): Entry | undefined {
    const k = kindIndex(kind);
    const v = k === KIND_URL_PREFIX ? urlPrefixKey(value) : value;
    const p = this.payloadAt(k, v, 0, v.length);
    return p === 0 ? undefined : this.entryOf(p);
  }

  has(kind: BlocklistKind, value: string): boolean {
    return this.get(kind, value) !== undefined;
  }

  /** Payload (0 when absent) of the value `s[start, end)` under a kind index; allocates nothing. */
  payloadAt(kind: number, s: string, start: number, end: number): number {
    hashRange(scratch, s, KIND_SEEDS[kind]!, start, end);
    const hi = scratch.hi;
    const lo = scratch.lo;
    const slots = this.slots;
    const cap = this.cap;
    let i = homeOf(hi, cap);
    for (let d = 0; ; d++) {
      const o = i * 3;
      const p = slots[o + 2]!;
      if (p === 0) return 0;
      const shi = slots[o]!;
      if (shi === hi && slots[o + 1] === lo) return payloadKind(p) === kind ? p : 0;
      let dist = i - homeOf(shi, cap);
      if (dist < 0) dist += cap;
      // Robin Hood invariant: the value would have displaced an occupant this close to home.
      if (dist < d) return 0;
      if (++i === cap) i = 0;
    }
  }

  entryOf(payload: number): Entry {
    return {
      kind: KINDS[payloadKind(payload)]!,
      source: this.sources[payload >>> 8] ?? '',
      severity: (payload & WARN) !== 0 ? 'warn' : 'block',
    };
  }

  /** Adds or replaces (last write wins) an entry; grows the table past load 0.7. */
  add(kind: BlocklistKind, value: string, options: AddOptions): boolean {
    const k = kindIndex(kind);
    const v = canonicalEntryValue(kind, value);
    const payload = payloadOf(k, this.sourceId(options.source), options.severity);
    hashRange(scratch, v, KIND_SEEDS[k]!, 0, v.length);
    if (this.count + 1 > this.cap * MAX_LOAD) this.resize(Math.ceil((this.count + 1) / 0.5));
    return this.insert(scratch.hi, scratch.lo, payload);
  }

  /** Removes an entry; true when it was present. */
  delete(kind: BlocklistKind, value: string): boolean {
    const k = kindIndex(kind);
    const v = k === KIND_URL_PREFIX ? urlPrefixKey(value) : value;
    hashRange(scratch, v, KIND_SEEDS[k]!, 0, v.length);
    const hi = scratch.hi;
    const lo = scratch.lo;
    const slots = this.slots;
    const cap = this.cap;
    let i = homeOf(hi, cap);
    for (let d = 0; ; d++) {
      const o = i * 3;
      const p = slots[o + 2]!;
      if (p === 0) return false;
      const shi = slots[o]!;
      if (shi === hi && slots[o + 1] === lo) break;
      let dist = i - homeOf(shi, cap);
      if (dist < 0) dist += cap;
      if (dist < d) return false;
      if (++i === cap) i = 0;
    }
    // Backward-shift: pull each following displaced occupant one slot closer to its home.
    for (;;) {
      const next = i + 1 === cap ? 0 : i + 1;
      const n = next * 3;
      const p = slots[n + 2]!;
      if (p === 0 || homeOf(slots[n]!, cap) === next) break;
      const o = i * 3;
      slots[o] = slots[n]!;
      slots[o + 1] = slots[n + 1]!;
      slots[o + 2] = p;
      i = next;
    }
    const o = i * 3;
    slots[o] = 0;
    slots[o + 1] = 0;
    slots[o + 2] = 0;
    this.count--;
    return true;
  }

  /** Versioned snapshot (header, sources, slots); {@link fromBuffer} reads it back. */
  toBuffer(): Uint8Array {
    return encodeSnapshot(this.slots, this.count, this.sources);
  }

  /** Internal: Robin Hood insert of a fingerprint; true when it was new. Caller ensures room. */
  insert(hi: number, lo: number, payload: number): boolean {
    const slots = this.slots;
    const cap = this.cap;
    let i = homeOf(hi, cap);
    let d = 0;
    for (;;) {
      const o = i * 3;
      const p = slots[o + 2]!;
      if (p === 0) {
        slots[o] = hi;
        slots[o + 1] = lo;
        slots[o + 2] = payload;
        this.count++;
        return true;
      }
      const shi = slots[o]!;
      const slo = slots[o + 1]!;
      if (shi === hi && slo === lo) {
        slots[o + 2] = payload;
        return false;
      }
      let dist = i - homeOf(shi, cap);
      if (dist < 0) dist += cap;
      if (dist < d) {
        // Take the slot from the occupant nearer its home and carry it on; the value we started
        // with cannot be further along (it would have displaced this occupant).
        slots[o] = hi;
        slots[o + 1] = lo;
        slots[o + 2] = payload;
        hi = shi;
        lo = slo;
        payload = p;
        d = dist;
      }
      d++;
      if (++i === cap) i = 0;
    }
  }

  /** Rehashes into `capacity` slots (live updates only; a build sizes the table once). */
  resize(capacity: number): void {
    const old = this.slots;
    this.slots = new Uint32Array(Math.max(MIN_CAPACITY, capacity, Math.ceil(this.count / MAX_LOAD)) * 3);
    this.cap = this.slots.length / 3;
    this.count = 0;
    for (let o = 0; o < old.length; o += 3) {
      const p = old[o + 2]!;
      if (p !== 0) this.insert(old[o]!, old[o + 1]!, p);
    }
  }

  /** Internal: interned id of a source name. */
  sourceId(source: string): number {
    if (this.sourceIds === null) this.sourceIds = new Map(this.sources.map((s, i) => [s, i]));
    let id = this.sourceIds.get(source);
    if (id === undefined) {
      if (this.sources.length >= MAX_SOURCES) throw new Error('too many blocklist sources (max 2^24)');
      id = this.sources.length;
      this.sources.push(source);
      this.sourceIds.set(source, id);
    }
    return id;
  }
}

const CHUNK_ENTRIES = 1 << 16;

/**
 * Collects entries as fingerprints (12 bytes each, in 64K-entry chunks; the strings can be dropped
 * right after `add`) and builds a table sized once for load 0.65.
 */
export class BlocklistBuilder {
  private readonly chunks: Uint32Array[] = [];
  private current = new Uint32Array(CHUNK_ENTRIES * 3);
  private used = 0;
  private readonly names = BlocklistTable.withCapacity(0);

  /** Number of `add` calls so far (duplicates included). */
  get added(): number {
    return this.chunks.length * CHUNK_ENTRIES + this.used / 3;
  }

  add(kind: BlocklistKind, value: string, options: AddOptions): this {
    const k = kindIndex(kind);
    const v = canonicalEntryValue(kind, value);
    hashRange(scratch, v, KIND_SEEDS[k]!, 0, v.length);
    if (this.used === this.current.length) {
      this.chunks.push(this.current);
      this.current = new Uint32Array(CHUNK_ENTRIES * 3);
      this.used = 0;
    }
    const c = this.current;
    c[this.used] = scratch.hi;
    c[this.used + 1] = scratch.lo;
    c[this.used + 2] = payloadOf(k, this.names.sourceId(options.source), options.severity);
    this.used += 3;
    return this;
  }

  /** Builds the table (duplicates: the last add wins) and empties the builder. */
  build(): BlocklistTable {
    const n = this.added;
    const table = BlocklistTable.withCapacity(Math.ceil(n / BUILD_LOAD), [...this.names.sourceNames]);
    this.chunks.push(this.current.subarray(0, this.used));
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c]!;
      for (let o = 0; o < chunk.length; o += 3) table.insert(chunk[o]!, chunk[o + 1]!, chunk[o + 2]!);
      // Release each chunk as it is consumed so the peak is the table plus what is left.
      this.chunks[c] = new Uint32Array(0);
    }
    this.chunks.length = 0;
    this.current = new Uint32Array(CHUNK_ENTRIES * 3);
    this.used = 0;
    return table;
  }
}

export { KIND_INDEX, KIND_SEEDS };
