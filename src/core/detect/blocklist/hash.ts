/**
 * 64-bit string hash for blocklist fingerprints.
 *
 * Two 32-bit lanes run over the same input with different multipliers and rotations (lane A is the
 * MurmurHash3 x86_32 block function, lane B a variant with unrelated constants) and are cross-mixed
 * at the end the way MurmurHash3 x86_128 mixes its lanes, so a collision needs both lanes to collide
 * at once. Everything is `Math.imul` and shifts: no BigInt, no allocation, no TextEncoder on the
 * lookup path. Input is UTF-16 code units, two per 32-bit block, so the result is the same in every
 * process and on every platform — the values are persisted in snapshots, so changing anything here
 * (constants, kind words, directions) needs a snapshot version bump.
 *
 * The kind is mixed in as one more block ("kind word") at finalization rather than as a seed:
 * the running state then does not depend on the kind, and one pass over a string can finalize at
 * every boundary it crosses. That is what makes the lookups cheap: all path prefixes of a URL come
 * from one forward pass, and a host plus all its parent domains from one backward pass (hosts and
 * domains are hashed back to front, so a parent domain is a prefix of the reversed host).
 */

/** Output of the hash functions; reuse one instance so the hot path allocates nothing. */
export class Hash64 {
  hi = 0;
  lo = 0;
}

const SEED_A = 0x2545f491;
const SEED_B = 0x6a09e667;
/** Finalization block per kind index (url, url_prefix, host, domain). */
export const KIND_WORDS = [0x3c6ef372, 0x510e527f, 0x9b05688c, 0x1f83d9ab] as const;
/** Finalization block of the per-authority gate hash (see table.ts). */
export const GATE_WORD = 0x5be0cd19;

const stepA = (a: number, w: number): number => {
  let k = Math.imul(w, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  a ^= Math.imul(k, 0x1b873593);
  a = (a << 13) | (a >>> 19);
  return (Math.imul(a, 5) + 0xe6546b64) | 0;
};

const stepB = (b: number, w: number): number => {
  let m = Math.imul(w, 0x27d4eb2f);
  m = (m << 11) | (m >>> 21);
  b ^= Math.imul(m, 0x165667b1);
  b = (b << 17) | (b >>> 15);
  return (Math.imul(b, 9) + 0x52dce729) | 0;
};

/** Final mix of a lane state after `len` units, `tail` a pending odd unit or -1, with a kind word. */
function finish(out: Hash64, a: number, b: number, tail: number, len: number, word: number): void {
  if (tail >= 0) {
    // Half a block; the length below keeps "x" and "x\0" apart.
    a ^= Math.imul(Math.imul(tail, 0xcc9e2d51) << 15, 0x1b873593);
    b ^= Math.imul(Math.imul(tail, 0x27d4eb2f) << 11, 0x165667b1);
  }
  a = stepA(a, word) ^ len;
  b = stepB(b, word) ^ len;
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

/** Hashes `s[start, end)` front to back, finalized with `word`, into `out`. */
export function hashRange(out: Hash64, s: string, word: number, start: number, end: number): void {
  let a = SEED_A;
  let b = SEED_B;
  let i = start;
  for (const last = end - 1; i < last; i += 2) {
    const w = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
    a = stepA(a, w);
    b = stepB(b, w);
  }
  finish(out, a, b, i < end ? s.charCodeAt(i) : -1, end - start, word);
}

/** Hashes `s[start, end)` back to front (the order host and domain keys use). */
export function hashRangeReverse(out: Hash64, s: string, word: number, start: number, end: number): void {
  let a = SEED_A;
  let b = SEED_B;
  let i = end - 1;
  for (; i > start; i -= 2) {
    const w = s.charCodeAt(i) | (s.charCodeAt(i - 1) << 16);
    a = stepA(a, w);
    b = stepB(b, w);
  }
  finish(out, a, b, i === start ? s.charCodeAt(i) : -1, end - start, word);
}

const tmp = new Hash64();

/**
 * One forward pass over `s` from `start`: writes the hash of `s[start, ends[j])` finalized with
 * `words[j]` for each j < n (ends ascending, equal ends allowed) to `his[j]`/`los[j]`.
 */
export function hashPrefixes(
  s: string,
  start: number,
  ends: Int32Array,
  words: Uint32Array,
  n: number,
  his: Uint32Array,
  los: Uint32Array,
): void {
  let a = SEED_A;
  let b = SEED_B;
  let i = start;
  for (let j = 0; j < n; j++) {
    const end = ends[j]!;
    for (const last = end - 1; i < last; i += 2) {
      const w = s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16);
      a = stepA(a, w);
      b = stepB(b, w);
    }
    finish(tmp, a, b, i < end ? s.charCodeAt(i) : -1, end - start, words[j]!);
    his[j] = tmp.hi;
    los[j] = tmp.lo;
  }
}

/**
 * One backward pass over `s` from `end`: writes the hash (back to front) of `s[starts[j], end)`
 * finalized with `word` for each j < n (starts descending) to `his[j]`/`los[j]`, and the longest
 * once more with `lastWord` to `his[n]`/`los[n]` (a host is looked up as `host` and as `domain`).
 */
export function hashSuffixes(
  s: string,
  end: number,
  starts: Int32Array,
  n: number,
  word: number,
  lastWord: number,
  his: Uint32Array,
  los: Uint32Array,
): void {
  let a = SEED_A;
  let b = SEED_B;
  let i = end - 1;
  for (let j = 0; j < n; j++) {
    const start = starts[j]!;
    for (; i > start; i -= 2) {
      const w = s.charCodeAt(i) | (s.charCodeAt(i - 1) << 16);
      a = stepA(a, w);
      b = stepB(b, w);
    }
    const tail = i === start ? s.charCodeAt(i) : -1;
    finish(tmp, a, b, tail, end - start, word);
    his[j] = tmp.hi;
    los[j] = tmp.lo;
    if (j === n - 1) {
      finish(tmp, a, b, tail, end - start, lastWord);
      his[n] = tmp.hi;
      los[n] = tmp.lo;
    }
  }
}

/** Convenience form of {@link hashRange} for a whole string (allocates; not for hot paths). */
export function hash64(s: string, word: number = KIND_WORDS[0]): [hi: number, lo: number] {
  const out = new Hash64();
  hashRange(out, s, word, 0, s.length);
  return [out.hi, out.lo];
}
