/**
 * Compact set of 64-bit fingerprints of blocklist values with a 32-bit payload each.
 *
 * Layout: one interleaved Uint32Array, three words per slot `[hi, lo, payload]`, so a probe touches
 * one cache line instead of three arrays' worth. Robin Hood linear probing: lookups for absent values
 * stop as soon as they pass a slot whose occupant is closer to its home, and deletion shifts the
 * following run back (no tombstones, so a long-lived table under live updates never degrades).
 *
 * The strings themselves are never stored: a value is identified by its 64-bit hash (kind mixed
 * into the finalization, see keys.ts). With n entries the chance that any given absent value hits a stored fingerprint
 * is about n / 2^64 (5e-13 at 10M entries): a false block once in ~2e12 lookups, which we accept
 * for a 12-byte entry. The payload's kind is also checked, so a cross-kind collision needs more.
 */
import { Hash64 } from './hash.js';
import {
  type BlocklistKind,
  canonicalEntryValue,
  fingerprint,
  gateHash,
  KIND_URL_PREFIX,
  KINDS,
  kindIndex,
  urlPrefixKey,
} from './keys.js';
import { LookupScratch } from './lookup.js';
import { decodeSnapshot, encodeSnapshot } from './snapshot.js';

export type Severity = 'block' | 'warn';

export interface Entry {
  readonly kind: BlocklistKind;
  readonly source: string;
  readonly severity: Severity;
}

export interface AddOptions {
  /** Feed or list the entry came from; interned, at most 2^24 distinct sources per table. */
  source: string;
  severity?: Severity;
}

const MAX_SOURCES = 1 << 24;
const MAX_LOAD = 0.7;
const MIN_CAPACITY = 16;
const TWO_32 = 4294967296;

// Payload: bit 0 occupied (so 0 means an empty slot), bits 1-2 kind, bit 3 warn, bits 8-31 source.
const OCCUPIED = 1;
const WARN = 8;
export const payloadOf = (kind: number, source: number, severity: Severity | undefined): number =>
  (OCCUPIED | (kind << 1) | (severity === 'warn' ? WARN : 0) | (source << 8)) >>> 0;
export const payloadKind = (p: number): number => (p >>> 1) & 3;

/** Home slot by multiply-shift ("fast range") so the capacity need not be a power of two. */
const homeOf = (hi: number, cap: number): number => Math.floor((hi * cap) / TWO_32);

/**
 * Gate: one bit per hashed authority that has `url`/`url_prefix` entries, ~16 bits per such entry,
 * so a URL on a host without any skips its URL probes (most checks are misses) after one access to
 * a small array. Bits are never cleared: a delete or an overfull gate only costs probes.
 */
const GATE_BITS_PER_ENTRY = 16;
const MIN_GATE_BITS = 10;
const MAX_GATE_BITS = 31;
export function gateWordsFor(urlEntries: number): number {
  let bits = MIN_GATE_BITS;
  while (bits < MAX_GATE_BITS && 2 ** bits < urlEntries * GATE_BITS_PER_ENTRY) bits++;
  return 2 ** (bits - 5);
}

const scratch = new Hash64();
const gateScratch = new Hash64();

export class BlocklistTable {
  /** Working memory of lookups on this table (one per table, so per thread). */
  readonly scratch = new LookupScratch();
  /** Internal: `[hi, lo, payload]` per slot. */
  slots: Uint32Array;
  /** Internal: authority gate bits (a power-of-two number of words). */
  readonly gate: Uint32Array;
  private readonly gateShift: number;
  private cap: number;
  private count: number;
  private readonly sources: string[];
  private sourceIds: Map<string, number> | null = null;
  // Distinct payloads are few (4 kinds × 2 severities × sources), so entries are cached per payload.
  private readonly entries = new Map<number, Entry>();
  private touched = 0;

  /** Internal; use {@link BlocklistBuilder} or {@link BlocklistTable.fromBuffer}. */
  constructor(slots: Uint32Array, size: number, sources: string[], gate: Uint32Array) {
    this.slots = slots;
    this.cap = slots.length / 3;
    this.count = size;
    this.sources = sources;
    this.gate = gate;
    this.gateShift = 32 - Math.log2(gate.length * 32);
  }

  static withCapacity(capacity: number, sources: string[] = [], urlEntries = 0): BlocklistTable {
    const slots = new Uint32Array(Math.max(MIN_CAPACITY, capacity) * 3);
    return new BlocklistTable(slots, 0, sources, new Uint32Array(gateWordsFor(urlEntries)));
  }

  /**
   * Loads a {@link toBuffer} snapshot. With `zeroCopy` (and a 4-byte aligned buffer) the arrays
   * stay views of `buf`, which saves a copy of the whole table at load but means live updates write
   * into `buf`; hand the buffer over and do not reuse it.
   */
  static fromBuffer(buf: Uint8Array, options: { zeroCopy?: boolean } = {}): BlocklistTable {
    const s = decodeSnapshot(buf, options.zeroCopy !== true);
    return new BlocklistTable(s.slots, s.size, s.sources, s.gate);
  }

  get size(): number {
    return this.count;
  }

  get capacity(): number {
    return this.cap;
  }

  /** Bytes held by the slot and gate arrays (the strings of the sources table aside). */
  get byteLength(): number {
    return this.slots.byteLength + this.gate.byteLength;
  }

  get sourceNames(): readonly string[] {
    return this.sources;
  }

  get(kind: BlocklistKind, value: string): Entry | undefined {
    const k = kindIndex(kind);
    fingerprint(scratch, k, k === KIND_URL_PREFIX ? urlPrefixKey(value) : value);
    const p = this.probe(k, scratch.hi, scratch.lo);
    return p === 0 ? undefined : this.entryOf(p);
  }

  has(kind: BlocklistKind, value: string): boolean {
    return this.get(kind, value) !== undefined;
  }

  /** Internal: whether the gate admits an authority gate hash (false: no URL entries there). */
  gateAdmits(gateHi: number): boolean {
    const bit = gateHi >>> this.gateShift;
    return (this.gate[bit >>> 5]! & (1 << (bit & 31))) !== 0;
  }

  /**
   * Internal: reads the home slot of each fingerprint and the gate word of `gateHi` with no
   * dependency between the reads, so their cache misses overlap; the probes that follow in order
   * then mostly hit the cache.
   */
  touch(his: Uint32Array, n: number, gateHi: number): void {
    const slots = this.slots;
    const cap = this.cap;
    let acc = this.gate[(gateHi >>> this.gateShift) >>> 5]!;
    for (let j = 0; j < n; j++) acc ^= slots[homeOf(his[j]!, cap) * 3 + 2]!;
    // Stored so the compiler cannot drop the reads.
    this.touched ^= acc;
  }

  /** Internal: payload (0 when absent) of a fingerprint under a kind index; allocates nothing. */
  probe(kind: number, hi: number, lo: number): number {
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

  /** The entry a payload stands for; shared frozen objects, so a hit allocates nothing either. */
  entryOf(payload: number): Entry {
    let e = this.entries.get(payload);
    if (e === undefined) {
      e = Object.freeze({
        kind: KINDS[payloadKind(payload)]!,
        source: this.sources[payload >>> 8] ?? '',
        severity: (payload & WARN) !== 0 ? 'warn' : 'block',
      });
      this.entries.set(payload, e);
    }
    return e;
  }

  /** Adds or replaces (last write wins) an entry; true when it was new. Grows past load 0.7. */
  add(kind: BlocklistKind, value: string, options: AddOptions): boolean {
    const k = kindIndex(kind);
    const v = canonicalEntryValue(kind, value);
    const payload = payloadOf(k, this.sourceId(options.source), options.severity);
    if (gateHash(gateScratch, k, v)) this.admit(gateScratch.hi);
    fingerprint(scratch, k, v);
    if (this.count + 1 > this.cap * MAX_LOAD) this.resize(Math.ceil((this.count + 1) / 0.5));
    return this.insert(scratch.hi, scratch.lo, payload);
  }

  /** Removes an entry; true when it was present. */
  delete(kind: BlocklistKind, value: string): boolean {
    const k = kindIndex(kind);
    fingerprint(scratch, k, k === KIND_URL_PREFIX ? urlPrefixKey(value) : value);
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

  /** Versioned snapshot (header, sources, slots, gate); {@link fromBuffer} reads it back. */
  toBuffer(): Uint8Array {
    return encodeSnapshot(this.slots, this.count, this.sources, this.gate);
  }

  /** Internal: sets the gate bit of an authority gate hash. */
  admit(gateHi: number): void {
    const bit = gateHi >>> this.gateShift;
    this.gate[bit >>> 5]! |= 1 << (bit & 31);
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

  /**
   * Rehashes into `capacity` slots (live growth; a build sizes the table once). The gate keeps its
   * size: it cannot be rebuilt from fingerprints, so heavy growth only makes it admit more.
   */
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
