/**
 * Hashing and validation of generated host names, without building or scanning strings where the
 * structure allows it. A host's hash is a polynomial hash mod 2^30 composed from its parts
 * (`post.` + label + `.co.jp`), so the varying part is the only one that costs per name; see
 * collector.ts for why the generator does not use a Set.
 */
import { SUFFIX_CHILD_LABELS, SUFFIXES_WITHOUT_CHILD_RULES } from './tables.js';

export const MAX_HOST = 253;
/** The 32-bit FNV prime: odd, with well spread bits. */
export const BASE = 0x01000193;
/**
 * Hashes are kept to 30 bits so they stay small integers (V8 Smis) in plain arrays; reducing a
 * polynomial hash mod 2^30 keeps composition exact, and -1 is free to mean "invalid".
 */
export const MASK = 0x3fffffff;
/** BASE^i mod 2^30 for every length a host can have, so hashes of parts compose: h(ab) = h(a)·B^|b| + h(b). */
export const POW: readonly number[] = (() => {
  const pow = [1];
  for (let i = 1; i <= MAX_HOST + 1; i++) pow.push(Math.imul(pow[i - 1] as number, BASE) & MASK);
  return pow;
})();

/** Polynomial hash of `s` (any string; the fast paths only see ASCII). */
export function hashOf(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, BASE) + s.charCodeAt(i)) & MASK;
  return h;
}

/** Hash of `a + b` from the hash of `a`, and `b` with its hash and length. */
export function compose(hashA: number, hashB: number, lengthB: number): number {
  return (Math.imul(hashA, POW[lengthB] as number) + hashB) & MASK;
}

/** Spreads the weak low bits of a polynomial hash before it picks a slot. */
export function mix(h: number): number {
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
export function labelsHash(s: string): number {
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
export function mayBePublicSuffix(x: string, tail: Tail): boolean {
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
export function joinedCode(a: string, b: string, k: number): number {
  return k < a.length ? a.charCodeAt(k) : b.charCodeAt(k - a.length);
}

/** Character `k` of `base` with [start, end) replaced by `insert`, without building that string. */
export function editedCode(base: string, start: number, end: number, insert: string, k: number): number {
  if (k < start) return base.charCodeAt(k);
  const i = k - start;
  return i < insert.length ? insert.charCodeAt(i) : base.charCodeAt(i - insert.length + end);
}
