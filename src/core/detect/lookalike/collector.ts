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
import { punycodeLabel, punycodeSwap } from './punycode.js';
import { SUFFIX_CHILD_LABELS, SUFFIXES_WITHOUT_CHILD_RULES } from './tables.js';

export interface Named<F extends string> {
  fuzzer: F;
  /** Lowercase ASCII hostname (IDN labels in punycode). */
  domain: string;
}

const PSL_OPTIONS = { allowPrivateDomains: false, extractHostname: false, validateHostname: false } as const;
const MAX_HOST = 253;
/** The 32-bit FNV prime: odd, with well spread bits. */
const BASE = 0x01000193;
/**
 * Hashes are kept to 30 bits so they stay small integers (V8 Smis) in plain arrays; reducing a
 * polynomial hash mod 2^30 keeps composition exact, and -1 is free to mean "invalid".
 */
const MASK = 0x3fffffff;
/** BASE^i mod 2^30 for every length a host can have, so hashes of parts compose: h(ab) = h(a)·B^|b| + h(b). */
const POW: readonly number[] = (() => {
  const pow = [1];
  for (let i = 1; i <= MAX_HOST + 1; i++) pow.push(Math.imul(pow[i - 1] as number, BASE) & MASK);
  return pow;
})();
/** Slots of a fresh table: twice the names a short brand label yields, so it rarely grows. */
const INITIAL_SLOTS = 1024;

/** Polynomial hash of `s` (any string; the fast paths only see ASCII). */
export function hashOf(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, BASE) + s.charCodeAt(i)) & MASK;
  return h;
}

/** Hash of `a + b` from the hash of `a`, and `b` with its hash and length. */
function compose(hashA: number, hashB: number, lengthB: number): number {
  return (Math.imul(hashA, POW[lengthB] as number) + hashB) & MASK;
}

/** Spreads the weak low bits of a polynomial hash before it picks a slot. */
function mix(h: number): number {
  const x = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return x ^ (x >>> 15);
}

/** `s[start, end)` is a DNS label: 1–63 characters, no hyphen at either end, `ab--` only as `xn--`. */
function labelShapeOk(s: string, start: number, end: number): boolean {
  const len = end - start;
  if (len === 0 || len > 63 || s.charCodeAt(start) === 45 || s.charCodeAt(end - 1) === 45) return false;
  return (
    !(len >= 4 && s.charCodeAt(start + 2) === 45 && s.charCodeAt(start + 3) === 45) ||
    s.startsWith('xn--', start)
  );
}

/**
 * Hash of `s` when it is one or more valid DNS labels (`[a-z0-9-]`, see labelShapeOk), else -1.
 * One pass does both.
 */
function labelsHash(s: string): number {
  const n = s.length;
  if (n === 0 || n > MAX_HOST) return -1;
  let h = 0;
  let start = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (!labelShapeOk(s, start, i)) return -1;
      start = i + 1;
    } else if (c > 122 || (c < 97 && c !== 45 && (c < 48 || c > 57))) return -1;
    h = (Math.imul(h, BASE) + c) & MASK;
  }
  return labelShapeOk(s, start, n) ? h : -1;
}

export function isValidHost(host: string): boolean {
  return labelsHash(host) >= 0;
}

export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

const NO_LABELS: ReadonlySet<string> = new Set();

/** Suffix data the hot path needs, computed once per suffix: `.co.jp`, its hash, its PSL children. */
export interface Tail {
  text: string;
  hash: number;
  /**
   * Labels directly below this suffix that can start a public suffix (empty: none can), or null
   * when unknown, in which case every name under it is looked up in the PSL.
   */
  childLabels: ReadonlySet<string> | null;
  /** Whether `text` itself is valid DNS labels (a caller-supplied TLD may not be). */
  valid: boolean;
}

/** `.${suffix}` with its precomputed hash. */
export function tailOf(suffix: string): Tail {
  const text = `.${suffix}`;
  return {
    text,
    hash: hashOf(text),
    childLabels: SUFFIXES_WITHOUT_CHILD_RULES.has(suffix)
      ? NO_LABELS
      : (SUFFIX_CHILD_LABELS.get(suffix) ?? null),
    valid: labelsHash(suffix) >= 0,
  };
}

/** Whether `x` + `tail` might be a public suffix itself (x's last label is listed under `tail`). */
function mayBePublicSuffix(x: string, tail: Tail): boolean {
  const children = tail.childLabels;
  if (children === null) return true;
  if (children.size === 0) return false;
  const dot = x.lastIndexOf('.');
  return children.has(dot < 0 ? x : x.slice(dot + 1));
}

/** An ASCII name part, hashed and validated once because it is put under several suffixes. */
export interface Part {
  text: string;
  /** labelsHash of `text`: -1 when it is not valid DNS labels. */
  hash: number;
}

export function partOf(text: string): Part {
  return { text, hash: labelsHash(text) };
}

/**
 * A piece of one label (`-login`, `smbc`): `[a-z0-9-]` only, no dot, not necessarily a valid
 * label on its own. Two pieces join into a label whose hash and shape need no scan.
 */
export interface Piece {
  text: string;
  hash: number;
}

/** The piece for `text`, or undefined when it has a character outside `[a-z0-9-]` (dots included). */
export function pieceOf(text: string): Piece | undefined {
  let h = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 122 || (c < 97 && c !== 45 && (c < 48 || c > 57))) return undefined;
    h = (Math.imul(h, BASE) + c) & MASK;
  }
  return { text, hash: h };
}

/** Character `k` of `a + b` without building it. */
function joinedCode(a: string, b: string, k: number): number {
  return k < a.length ? a.charCodeAt(k) : b.charCodeAt(k - a.length);
}

/** Character `k` of `base` with [start, end) replaced by `insert`, without building that string. */
function editedCode(base: string, start: number, end: number, insert: string, k: number): number {
  if (k < start) return base.charCodeAt(k);
  const i = k - start;
  return i < insert.length ? insert.charCodeAt(i) : base.charCodeAt(i - insert.length + end);
}

export class Collector<F extends string> {
  readonly out: Named<F>[] = [];
  /** Hash of every kept name, the input first: entry e is the input for e = 0, else out[e - 1]. */
  private readonly entryHashes: number[] = [];
  /**
   * Open addressing (linear probing), at most half full: slot → entry + 1. Empty slots are holes
   * (undefined): filling 1,024 zeros cost more than the rest of the table's work for a short label.
   */
  private slots: Array<number | undefined> = new Array<number | undefined>(INITIAL_SLOTS);
  private readonly headHash: number;
  private readonly tailPow: number;
  /** Hashes of base.slice(0, i) and base.slice(i), so an edited label hashes in O(edit). */
  private readonly prefixHashes: number[] = [0];
  private readonly suffixHashes: number[];
  /**
   * head + base.slice(0, i) and base.slice(i) + tail, so an edited host is three pieces joined:
   * two allocations per name instead of five (the slices, the label, then the host).
   */
  private readonly hostHeads: string[] = [];
  private readonly hostTails: string[] = [];
  private readonly asciiBase: boolean;

  /**
   * @param original the input host, never emitted
   * @param head labels in front of every `addLabel` name (`post.`), or ''
   * @param tail the target's suffix
   * @param base the target's registrable label (Unicode form); the fuzzers' edits apply to it
   */
  constructor(
    private readonly original: string,
    private readonly head: string,
    private readonly tail: Tail,
    private readonly base: string,
  ) {
    this.headHash = hashOf(head);
    this.tailPow = POW[tail.text.length] as number;
    this.remember(hashOf(original));
    // An ASCII label (nearly every brand) only yields ASCII typos and known glyphs: the fast paths.
    // A Unicode one goes through domainToASCII name by name.
    this.asciiBase = isAscii(base);
    const n = this.asciiBase ? base.length : 0;
    for (let i = 0; i < n; i++) {
      this.prefixHashes.push((Math.imul(this.prefixHashes[i] as number, BASE) + base.charCodeAt(i)) & MASK);
    }
    for (let i = 0; i <= n; i++) {
      this.hostHeads.push(head + base.slice(0, i));
      this.hostTails.push(base.slice(i) + tail.text);
    }
    this.suffixHashes = new Array<number>(n + 1);
    this.suffixHashes[n] = 0;
    for (let i = n - 1; i >= 0; i--) {
      const rest = this.suffixHashes[i + 1] as number;
      this.suffixHashes[i] = (Math.imul(base.charCodeAt(i), POW[n - 1 - i] as number) + rest) & MASK;
    }
  }

  /**
   * The target with base[start, end) replaced by `insert`, which the caller guarantees is
   * `[a-z0-9-]` without dots when the label is ASCII (typo edits). Since the rest of the label is
   * known to be valid, only its shape is checked, and the hash comes from the prefix and suffix
   * hashes.
   */
  addEdit(fuzzer: F, start: number, end: number, insert: string): void {
    const base = this.base;
    if (!this.asciiBase) {
      this.addAnyLabel(fuzzer, base.slice(0, start) + insert + base.slice(end));
      return;
    }
    const n = base.length - (end - start) + insert.length;
    if (n === 0 || n > 63 || this.head.length + n + this.tail.text.length > MAX_HOST) return;
    const first = editedCode(base, start, end, insert, 0);
    if (first === 45 || editedCode(base, start, end, insert, n - 1) === 45) return;
    // `ab--` is reserved for IDNA; only `xn--` may start that way.
    if (
      n >= 4 &&
      editedCode(base, start, end, insert, 2) === 45 &&
      editedCode(base, start, end, insert, 3) === 45
    ) {
      if (first !== 120 || editedCode(base, start, end, insert, 1) !== 110) return;
    }
    let h = this.prefixHashes[start] as number;
    for (let i = 0; i < insert.length; i++) h = (Math.imul(h, BASE) + insert.charCodeAt(i)) & MASK;
    h = compose(h, this.suffixHashes[end] as number, base.length - end);
    const children = this.tail.childLabels;
    // The label itself is only needed when the suffix has public suffixes below it (jp, cn, …).
    const checkPsl =
      children !== null && children.size === 0
        ? false
        : mayBePublicSuffix(base.slice(0, start) + insert + base.slice(end), this.tail);
    const host = (this.hostHeads[start] as string) + insert + (this.hostTails[end] as string);
    this.accept(fuzzer, this.hostHash(h, n), host, checkPsl);
  }

  /** The target with base[at] replaced by `glyph`, an IDNA-stable look-alike. */
  addSwap(fuzzer: F, at: number, glyph: string): void {
    const base = this.base;
    if (this.asciiBase) this.addLabel(fuzzer, punycodeSwap(base, at, glyph));
    else this.addAnyLabel(fuzzer, base.slice(0, at) + glyph + base.slice(at + 1));
  }

  /** The target with its label replaced by `label`, built from the base with IDNA-stable glyphs. */
  addGlyphLabel(fuzzer: F, label: string): void {
    if (this.asciiBase) this.addLabel(fuzzer, punycodeLabel(label));
    else this.addAnyLabel(fuzzer, label);
  }

  /** The target with its label replaced by `label`, built from the base with ASCII only. */
  addBaseEdit(fuzzer: F, label: string): void {
    if (this.asciiBase) this.addLabel(fuzzer, label);
    else this.addAnyLabel(fuzzer, label);
  }

  /** The target with its label replaced by any `label`: a Unicode one takes the IDNA path. */
  addAnyLabel(fuzzer: F, label: string): void {
    if (isAscii(label)) this.addLabel(fuzzer, label);
    else this.addHost(fuzzer, this.head + label + this.tail.text, this.tail);
  }

  /** The target with its registrable label replaced by `label` (ASCII, may hold dots). */
  addLabel(fuzzer: F, label: string): void {
    const h = labelsHash(label);
    if (h < 0 || this.head.length + label.length + this.tail.text.length > MAX_HOST) return;
    const hash = this.hostHash(h, label.length);
    this.accept(fuzzer, hash, this.head + label + this.tail.text, mayBePublicSuffix(label, this.tail));
  }

  /** The target with its registrable label replaced by the two pieces joined (`smbc` + `-login`). */
  addJoin(fuzzer: F, a: Piece, b: Piece): void {
    const x = a.text;
    const y = b.text;
    const n = x.length + y.length;
    if (n === 0 || n > 63 || this.head.length + n + this.tail.text.length > MAX_HOST) return;
    const first = joinedCode(x, y, 0);
    if (first === 45 || joinedCode(x, y, n - 1) === 45) return;
    if (n >= 4 && joinedCode(x, y, 2) === 45 && joinedCode(x, y, 3) === 45) {
      if (first !== 120 || joinedCode(x, y, 1) !== 110) return;
    }
    const label = x + y;
    const hash = this.hostHash(compose(a.hash, b.hash, y.length), n);
    this.accept(fuzzer, hash, this.head + label + this.tail.text, mayBePublicSuffix(label, this.tail));
  }

  /** Hash of head + label + tail from the label's hash and length: one product per fixed part. */
  private hostHash(labelHash: number, labelLength: number): number {
    const tail = this.tail;
    const withTail = (Math.imul(labelHash, this.tailPow) + tail.hash) & MASK;
    if (this.head.length === 0) return withTail;
    return (Math.imul(this.headHash, POW[labelLength + tail.text.length] as number) + withTail) & MASK;
  }

  /** `part` + `tail` (dotted labels allowed; a Unicode part takes the IDNA path). */
  addPart(fuzzer: F, part: Part, tail: Tail): void {
    const x = part.text;
    if (part.hash < 0) {
      if (!isAscii(x)) this.addHost(fuzzer, x + tail.text, tail);
      return;
    }
    if (!tail.valid || x.length + tail.text.length > MAX_HOST) return;
    const hash = compose(part.hash, tail.hash, tail.text.length);
    this.accept(fuzzer, hash, x + tail.text, mayBePublicSuffix(x, tail));
  }

  /** Any host, Unicode allowed (the slow, general path). */
  addHost(fuzzer: F, host: string, tail: Tail): void {
    const ascii = isAscii(host) ? host : domainToASCII(host);
    const h = labelsHash(ascii);
    if (h < 0) return;
    // The PSL shortcut holds for `tail` only; a host IDNA rewrote may no longer end in it.
    const suspect = !ascii.endsWith(tail.text) || mayBePublicSuffix(ascii.slice(0, -tail.text.length), tail);
    this.accept(fuzzer, h, ascii, suspect);
  }

  /** `checkPsl`: the name might be a public suffix itself, so the PSL has to be asked. */
  private accept(fuzzer: F, hash: number, host: string, checkPsl: boolean): void {
    if (this.has(hash, host)) return;
    // `a.jp` → `ac.jp` would be a public suffix itself, which nobody can register. A rejected name
    // is not remembered; meeting it again costs another lookup and gives the same answer.
    if (checkPsl && parse(host, PSL_OPTIONS).domain === null) return;
    this.out.push({ fuzzer, domain: host });
    this.remember(hash);
  }

  private has(hash: number, host: string): boolean {
    const mask = this.slots.length - 1;
    for (let slot = mix(hash) & mask; ; slot = (slot + 1) & mask) {
      const stored = this.slots[slot];
      if (stored === undefined) return false;
      const entry = stored - 1;
      if (this.entryHashes[entry] === hash && this.hostOf(entry) === host) return true;
    }
  }

  private hostOf(entry: number): string {
    return entry === 0 ? this.original : (this.out[entry - 1] as Named<F>).domain;
  }

  private remember(hash: number): void {
    const entry = this.entryHashes.length;
    this.entryHashes.push(hash);
    if ((entry + 1) * 2 > this.slots.length) {
      // Double and re-place every entry from its stored hash.
      this.slots = new Array<number | undefined>(this.slots.length * 2);
      for (let e = 0; e < entry; e++) this.place(this.entryHashes[e] as number, e);
    }
    this.place(hash, entry);
  }

  private place(hash: number, entry: number): void {
    const mask = this.slots.length - 1;
    let slot = mix(hash) & mask;
    while (this.slots[slot] !== undefined) slot = (slot + 1) & mask;
    this.slots[slot] = entry + 1;
  }
}
