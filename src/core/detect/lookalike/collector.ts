/**
 * The generator's output buffer: keeps the first occurrence of each valid, registrable host name.
 *
 * Why not a `Set<string>`: a generated host is a concatenation (`post.` + label + `.co.jp`), which
 * V8 keeps as a rope; hashing it for a Set first copies it into a flat string, and the Set rehashes
 * as it grows. Profiling showed that as the largest cost of generating ~450 names. Here the hash of
 * a host is composed from the hash of the part that varies and precomputed hashes of the fixed head
 * and tail (host-hash.ts); typo edits and dictionary joins get theirs without scanning at all.
 * Strings are only compared when two hashes agree (true duplicates are ~5 % of candidates).
 */
import { domainToASCII } from 'node:url';
import { parse } from 'tldts';
import {
  BASE,
  compose,
  editedCode,
  hashOf,
  isAscii,
  joinedCode,
  labelsHash,
  MASK,
  MAX_HOST,
  mayBePublicSuffix,
  mix,
  type Part,
  type Piece,
  POW,
  type Tail,
} from './host-hash.js';
import { punycodeLabel, punycodeSwap } from './punycode.js';

export interface Named<F extends string> {
  fuzzer: F;
  /** Lowercase ASCII hostname (IDN labels in punycode). */
  domain: string;
}

const PSL_OPTIONS = { allowPrivateDomains: false, extractHostname: false, validateHostname: false } as const;
/** Slots of a fresh table: twice the names a short brand label yields, so it rarely grows. */
const INITIAL_SLOTS = 1024;

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
