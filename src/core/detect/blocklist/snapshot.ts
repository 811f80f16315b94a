/**
 * On-disk snapshot of a blocklist table: a 40-byte little-endian header, the sources table as UTF-8
 * JSON (padded to 4 bytes), then the slot words and the gate words verbatim, so loading is one
 * checksum pass and, when the buffer is aligned, no copy at all.
 *
 *   0 magic "KBLK"   4 version   8 header bytes   12 capacity   16 size   20 sources count
 *   24 sources bytes   28 gate words   32 checksum (sources, slots, gate; seeded with the header)
 *   36 reserved (0)
 */

const MAGIC = 0x4b4c424b; // "KBLK" read as a little-endian uint32
/** Bump when the layout, the hash or the kind seeds change. */
export const SNAPSHOT_VERSION = 1;
const HEADER_BYTES = 40;
const MAX_CAPACITY = 0x7fffffff / 12;
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

export interface DecodedSnapshot {
  slots: Uint32Array;
  gate: Uint32Array;
  size: number;
  sources: string[];
}

interface Check {
  sum: number;
  occupied: number;
  badPayload: boolean;
}

/**
 * Checksum over the slot words, three independent lanes (one per word of a slot) so the multiply
 * chains overlap; also counts occupied slots and flags payloads that reference unknown sources.
 */
function checkSlots(slots: Uint32Array, seed: number, sourceCount: number): Check {
  let a = seed | 0;
  let b = (seed ^ 0x5bd1e995) | 0;
  let c = (seed ^ 0x1b873593) | 0;
  let occupied = 0;
  let bad = false;
  for (let o = 0; o < slots.length; o += 3) {
    const p = slots[o + 2]!;
    a = Math.imul(a ^ slots[o]!, 0x9e3779b1);
    a = (a << 13) | (a >>> 19);
    b = Math.imul(b ^ slots[o + 1]!, 0x85ebca77);
    b = (b << 17) | (b >>> 15);
    c = Math.imul(c ^ p, 0xc2b2ae3d);
    c = (c << 11) | (c >>> 21);
    if (p !== 0) {
      occupied++;
      if ((p & 1) === 0 || p >>> 8 >= sourceCount) bad = true;
    }
  }
  return {
    sum: (Math.imul(a ^ (b >>> 7), 0x27d4eb2f) ^ Math.imul(c, 0x165667b1)) >>> 0,
    occupied,
    badPayload: bad,
  };
}

function wordsChecksum(words: Uint32Array, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < words.length; i++) {
    h = Math.imul(h ^ words[i]!, 0x9e3779b1);
    h = (h << 15) | (h >>> 17);
  }
  return h >>> 0;
}

function bytesChecksum(bytes: Uint8Array, seed: number): number {
  let h = seed | 0;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  return h;
}

const pad4 = (n: number): number => (n + 3) & ~3;

const headerSeed = (capacity: number, size: number, sources: number, gateWords: number): number =>
  capacity ^ Math.imul(size, 31) ^ Math.imul(sources, 0x3b9) ^ Math.imul(gateWords, 0x2f0b);

export function encodeSnapshot(
  slots: Uint32Array,
  size: number,
  sources: readonly string[],
  gate: Uint32Array,
): Uint8Array {
  const capacity = slots.length / 3;
  const json = new TextEncoder().encode(JSON.stringify(sources));
  const slotsOffset = HEADER_BYTES + pad4(json.length);
  const gateOffset = slotsOffset + slots.byteLength;
  const out = new Uint8Array(gateOffset + gate.byteLength);
  const view = new DataView(out.buffer);
  const seed = bytesChecksum(json, headerSeed(capacity, size, sources.length, gate.length));
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, SNAPSHOT_VERSION, true);
  view.setUint32(8, HEADER_BYTES, true);
  view.setUint32(12, capacity, true);
  view.setUint32(16, size, true);
  view.setUint32(20, sources.length, true);
  view.setUint32(24, json.length, true);
  view.setUint32(28, gate.length, true);
  view.setUint32(32, wordsChecksum(gate, checkSlots(slots, seed, sources.length).sum), true);
  out.set(json, HEADER_BYTES);
  if (LITTLE_ENDIAN) {
    out.set(new Uint8Array(slots.buffer, slots.byteOffset, slots.byteLength), slotsOffset);
    out.set(new Uint8Array(gate.buffer, gate.byteOffset, gate.byteLength), gateOffset);
  } else {
    for (let i = 0; i < slots.length; i++) view.setUint32(slotsOffset + i * 4, slots[i]!, true);
    for (let i = 0; i < gate.length; i++) view.setUint32(gateOffset + i * 4, gate[i]!, true);
  }
  return out;
}

function corrupt(why: string): never {
  throw new Error(`blocklist snapshot rejected: ${why}`);
}

export function decodeSnapshot(buf: Uint8Array, copy: boolean): DecodedSnapshot {
  if (!(buf instanceof Uint8Array)) corrupt('not a Uint8Array');
  if (buf.length < HEADER_BYTES) corrupt(`truncated header (${buf.length} bytes)`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (view.getUint32(0, true) !== MAGIC) corrupt('bad magic (not a Koban blocklist snapshot)');
  const version = view.getUint32(4, true);
  if (version !== SNAPSHOT_VERSION) corrupt(`unsupported version ${version} (expected ${SNAPSHOT_VERSION})`);
  if (view.getUint32(8, true) !== HEADER_BYTES) corrupt('bad header length');
  if (view.getUint32(36, true) !== 0) corrupt('reserved header field is set');
  const capacity = view.getUint32(12, true);
  const size = view.getUint32(16, true);
  const sourceCount = view.getUint32(20, true);
  const jsonBytes = view.getUint32(24, true);
  const gateWords = view.getUint32(28, true);
  const expected = view.getUint32(32, true);
  if (capacity === 0 || capacity > MAX_CAPACITY || size >= capacity) corrupt('bad capacity or size');
  // The gate is indexed by the top bits of a hash: a power of two of at least 32 words.
  if (gateWords < 32 || gateWords > 2 ** 26 || (gateWords & (gateWords - 1)) !== 0) corrupt('bad gate size');
  const slotsOffset = HEADER_BYTES + pad4(jsonBytes);
  const gateOffset = slotsOffset + capacity * 12;
  const total = gateOffset + gateWords * 4;
  if (buf.length < total) corrupt(`truncated: ${buf.length} bytes, header says ${total}`);
  if (buf.length > total) corrupt(`${buf.length - total} trailing bytes after the slots`);

  const json = buf.subarray(HEADER_BYTES, HEADER_BYTES + jsonBytes);
  let sources: unknown;
  try {
    sources = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch {
    corrupt('unreadable sources table');
  }
  if (
    !Array.isArray(sources) ||
    sources.length !== sourceCount ||
    !sources.every((s) => typeof s === 'string')
  ) {
    corrupt('sources table does not match the header');
  }

  const slots = words(buf, view, slotsOffset, capacity * 3, copy);
  const gate = words(buf, view, gateOffset, gateWords, copy);
  const seed = bytesChecksum(json, headerSeed(capacity, size, sourceCount, gateWords));
  const check = checkSlots(slots, seed, sourceCount);
  if (wordsChecksum(gate, check.sum) !== expected) corrupt('checksum mismatch');
  if (check.occupied !== size) corrupt(`header says ${size} entries, slots hold ${check.occupied}`);
  if (check.badPayload) corrupt('entry payload references an unknown source');
  return { slots, gate, size, sources: sources as string[] };
}

/** `count` little-endian words at `offset`: a view when allowed and aligned, else a copy. */
function words(buf: Uint8Array, view: DataView, offset: number, count: number, copy: boolean): Uint32Array {
  const at = buf.byteOffset + offset;
  if (LITTLE_ENDIAN && !copy && at % 4 === 0) return new Uint32Array(buf.buffer, at, count);
  const out = new Uint32Array(count);
  if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(buf.subarray(offset, offset + count * 4));
  else for (let i = 0; i < count; i++) out[i] = view.getUint32(offset + i * 4, true);
  return out;
}
