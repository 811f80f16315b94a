/**
 * 64-bit string hash for blocklist fingerprints.
 *
 * Two 32-bit lanes run over the same input with different multipliers and rotations (lane A is the
 * MurmurHash3 x86_32 block function, lane B a variant with unrelated constants) and are cross-mixed
 * at the end the way MurmurHash3 x86_128 mixes its lanes, so a collision needs both lanes to collide
 * at once. Everything is `Math.imul` and shifts: no BigInt, no allocation, no TextEncoder on the
 * lookup path. Input is UTF-16 code units, two per 32-bit block, so the result is the same in every
 * process and on every platform — the values are persisted in snapshots, so changing anything here
 * needs a snapshot version bump.
 */

/** Output of {@link hashRange}; reuse one instance so the hot path allocates nothing. */
export class Hash64 {
  hi = 0;
  lo = 0;
}

const A1 = 0xcc9e2d51;
const A2 = 0x1b873593;
const B1 = 0x27d4eb2f;
const B2 = 0x165667b1;

/**
 * Hashes `s[start, end)` with `seed` into `out` (two uint32 halves). Ranges let callers hash a
 * prefix or a parent domain of a string without slicing it.
 */
export function hashRange(out: Hash64, s: string, seed: number, start: number, end: number): void {
  let a = seed | 0;
  let b = (seed ^ 0x9e3779b9) | 0;
  let i = start;
  const last = end - 1;
  for (; i < last; i += 2) {
    const w = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    let k = Math.imul(w, A1);
    k = (k << 15) | (k >>> 17);
    a ^= Math.imul(k, A2);
    a = (a << 13) | (a >>> 19);
    a = (Math.imul(a, 5) + 0xe6546b64) | 0;
    let m = Math.imul(w, B1);
    m = (m << 11) | (m >>> 21);
    b ^= Math.imul(m, B2);
    b = (b << 17) | (b >>> 15);
    b = (Math.imul(b, 9) + 0x52dce729) | 0;
  }
  if (i < end) {
    // An odd trailing unit; the length mixed in below keeps "x" and "x\0" apart.
    const w = s.charCodeAt(i);
    let k = Math.imul(w, A1);
    k = (k << 15) | (k >>> 17);
    a ^= Math.imul(k, A2);
    let m = Math.imul(w, B1);
    m = (m << 11) | (m >>> 21);
    b ^= Math.imul(m, B2);
  }
  const len = end - start;
  a ^= len;
  b ^= len;
  a = (a + b) | 0;
  b = (b + a) | 0;
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  a = Math.imul(a, 0xc2b2ae35);
  a ^= a >>> 16;
  b ^= b >>> 15;
  b = Math.imul(b, 0x2c1b3c6d);
  b ^= b >>> 12;
  b = Math.imul(b, 0x297a2d39);
  b ^= b >>> 15;
  a = (a + b) | 0;
  b = (b + a) | 0;
  out.hi = a >>> 0;
  out.lo = b >>> 0;
}

/** Convenience form of {@link hashRange} for a whole string (allocates; not for hot paths). */
export function hash64(s: string, seed = 0): [hi: number, lo: number] {
  const out = new Hash64();
  hashRange(out, s, seed, 0, s.length);
  return [out.hi, out.lo];
}
