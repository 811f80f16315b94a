/**
 * The generator's output buffer: keeps the first occurrence of each valid, registrable host name.
 *
 * Why not a `Set<string>`: a generated host is a concatenation (`post.` + label + `.co.jp`), which
 * V8 keeps as a rope; hashing it for a Set first copies it into a flat string, and the Set rehashes
 * as it grows. Profiling showed that as the largest cost of generating ~450 names. Here the hash of
 * a host is composed from the hash of the part that varies and precomputed hashes of the fixed head
 * and tail, in one pass that also validates the characters; strings are only compared when two
 * hashes agree (true duplicates are ~5 % of candidates).
 */
import { domainToASCII } from 'node:url';
import { parse } from 'tldts';
import { SUFFIXES_WITHOUT_CHILD_RULES } from './tables.js';

export interface Named<F extends string> {
  fuzzer: F;
  /** Lowercase ASCII hostname (IDN labels in punycode). */
  domain: string;
}

const PSL_OPTIONS = { allowPrivateDomains: false, extractHostname: false, validateHostname: false } as const;
const MAX_HOST = 253;
/** The 32-bit FNV prime: odd, with well spread bits. */
const BASE = 0x01000193;
/** BASE^i mod 2^32 for every length a host can have, so hashes of parts compose: h(ab) = h(a)·B^|b| + h(b). */
const POW = new Int32Array(MAX_HOST + 2);
POW[0] = 1;
for (let i = 1; i < POW.length; i++) POW[i] = Math.imul(POW[i - 1] as number, BASE);

/** Polynomial hash of `s` (any string; the fast paths only see ASCII). */
export function hashOf(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, BASE) + s.charCodeAt(i)) | 0;
  return h;
}

/** Hash of `a + b` from the hash of `a`, and `b` with its hash and length. */
function compose(hashA: number, hashB: number, lengthB: number): number {
  return (Math.imul(hashA, POW[lengthB] as number) + hashB) | 0;
}

/** Spreads the weak low bits of a polynomial hash before it picks a slot. */
function mix(h: number): number {
  const x = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return x ^ (x >>> 15);
}

/**
 * Hash of `s` when it is one or more valid DNS labels (`[a-z0-9-]`, 1–63 characters, no hyphen at
 * either end, `ab--` reserved for IDNA except `xn--`), else `undefined`. One pass does both.
 */
function labelsHash(s: string): number | undefined {
  if (s.length === 0 || s.length > MAX_HOST) return undefined;
  let h = 0;
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c === 46) {
      const len = i - start;
      if (len === 0 || len > 63) return undefined;
      if (s.charCodeAt(start) === 45 || s.charCodeAt(i - 1) === 45) return undefined;
      if (len >= 4 && s.charCodeAt(start + 2) === 45 && s.charCodeAt(start + 3) === 45) {
        if (!s.startsWith('xn--', start)) return undefined;
      }
      start = i + 1;
    } else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45)) return undefined;
    if (i < s.length) h = (Math.imul(h, BASE) + c) | 0;
  }
  return h;
}

/** True when `host` is lowercase ASCII DNS labels that fit a host name. */
export function isValidHost(host: string): boolean {
  return labelsHash(host) !== undefined;
}

export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** Suffix data the hot path needs, computed once per suffix: `.co.jp`, its hash, registrability. */
export interface Tail {
  text: string;
  hash: number;
  /** No ICANN rule lies below this suffix, so a name under it always has a registrable part. */
  registrable: boolean;
  /** Whether `text` itself is valid DNS labels (a caller-supplied TLD may not be). */
  valid: boolean;
}

/** `.${suffix}` with its precomputed hash. */
export function tailOf(suffix: string): Tail {
  const text = `.${suffix}`;
  return {
    text,
    hash: hashOf(text),
    registrable: SUFFIXES_WITHOUT_CHILD_RULES.has(suffix),
    valid: labelsHash(suffix) !== undefined,
  };
}

export class Collector<F extends string> {
  readonly out: Named<F>[] = [];
  /** Open addressing: slot → 1 + index into `out` (0 = empty), and the host hash in that slot. */
  private slots = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  private readonly headHash: number;

  /**
   * @param original the input host, never emitted
   * @param head labels in front of every `addLabel` name (`post.`), or ''
   * @param tail the target's suffix
   */
  constructor(
    private readonly original: string,
    private readonly head: string,
    private readonly tail: Tail,
  ) {
    this.headHash = hashOf(head);
    this.place(hashOf(original), 1);
  }

  /** The target with its registrable label replaced by `label` (ASCII, may hold dots). */
  addLabel(fuzzer: F, label: string): void {
    const h = labelsHash(label);
    if (h === undefined || this.head.length + label.length + this.tail.text.length > MAX_HOST) return;
    const hash = compose(compose(this.headHash, h, label.length), this.tail.hash, this.tail.text.length);
    this.accept(fuzzer, hash, this.head + label + this.tail.text, this.tail.registrable);
  }

  /** `x` + `tail`, where `x` is ASCII (dotted labels allowed). */
  addSuffixed(fuzzer: F, x: string, tail: Tail): void {
    const h = labelsHash(x);
    if (h === undefined || !tail.valid || x.length + tail.text.length > MAX_HOST) return;
    this.accept(fuzzer, compose(h, tail.hash, tail.text.length), x + tail.text, tail.registrable);
  }

  /** Any host, Unicode allowed (the slow, general path). */
  addHost(fuzzer: F, host: string, tail: Tail): void {
    const ascii = isAscii(host) ? host : domainToASCII(host);
    const h = labelsHash(ascii);
    if (h === undefined) return;
    // Registrability was decided for `tail`; only trust it when the host really ends in it.
    const registrable = tail.registrable && ascii.endsWith(tail.text);
    this.accept(fuzzer, h, ascii, registrable);
  }

  private accept(fuzzer: F, hash: number, host: string, registrable: boolean): void {
    if (this.find(hash, host)) return;
    // `a.jp` → `ac.jp` would be a public suffix itself, which nobody can register. A rejected name
    // is not remembered; meeting it again costs another lookup and gives the same answer.
    if (!registrable && parse(host, PSL_OPTIONS).domain === null) return;
    this.insert(hash, { fuzzer, domain: host });
  }

  private find(hash: number, host: string): boolean {
    const mask = this.slots.length - 1;
    for (let slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
      const at = this.slots[slot] as number;
      if (at === 0) return false;
      if (this.hashes[slot] === hash && this.hostAt(at) === host) return true;
    }
  }

  /** Slot value 1 is the input; `out[i]` is stored as i + 2. */
  private hostAt(at: number): string {
    return at === 1 ? this.original : (this.out[at - 2] as Named<F>).domain;
  }

  private insert(hash: number, named: Named<F>): void {
    this.out.push(named);
    const at = this.out.length + 1;
    // Kept at most half full, so probes stay short.
    if (at * 2 > this.slots.length) this.grow();
    this.place(hash, at);
  }

  private place(hash: number, at: number): void {
    const mask = this.slots.length - 1;
    let slot = mix(hash) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = at;
    this.hashes[slot] = hash;
  }

  /** Doubles the table and re-inserts every entry (their hashes are kept, not recomputed). */
  private grow(): void {
    const oldSlots = this.slots;
    const oldHashes = this.hashes;
    this.slots = new Int32Array(oldSlots.length * 2);
    this.hashes = new Int32Array(oldSlots.length * 2);
    for (let s = 0; s < oldSlots.length; s++) {
      const at = oldSlots[s] as number;
      if (at !== 0) this.place(oldHashes[s] as number, at);
    }
  }
}
