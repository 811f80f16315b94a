/**
 * Shared state of one extraction run: the prepared text, the ranges already claimed by an
 * indicator (so a phone inside a URL is not reported twice), and the findings so far.
 */
import type { NormalizeMemo } from './normalize-memo.js';
import type { Indicator, NormalizeResult } from './types.js';

export interface Finding {
  indicator: Indicator;
  start: number;
  end: number;
}

export interface ExtractContext {
  /** Prepared (NFKC + refanged) text. */
  readonly text: string;
  /**
   * Claimed ranges as flat `[start, end)` pairs. A message holds a handful of indicators, so a
   * short list beats a per-character bitmap (no allocation the size of the text).
   */
  readonly claimed: number[];
  /**
   * Past LIST_LIMIT ranges, a bitmap of claimed characters: a text holding thousands of
   * indicators would otherwise pay for the whole list on every check (quadratic on hostile input).
   */
  mask: Uint8Array | null;
  readonly findings: Finding[];
  /** Remembered URL and host normalizations of earlier runs (hot path only). */
  readonly memo: NormalizeMemo | undefined;
}

const LIST_LIMIT = 32;

export function newContext(text: string, memo?: NormalizeMemo): ExtractContext {
  return { text, claimed: [], mask: null, findings: [], memo };
}

/** True when any character of `[start, end)` is already part of an earlier finding. */
export function isClaimed(ctx: ExtractContext, start: number, end: number): boolean {
  const mask = ctx.mask;
  if (mask !== null) {
    for (let i = start; i < end; i++) if (mask[i] === 1) return true;
    return false;
  }
  const c = ctx.claimed;
  for (let k = 0; k < c.length; k += 2)
    if (start < (c[k + 1] as number) && (c[k] as number) < end) return true;
  return false;
}

/** True when character `i` is part of an earlier finding. */
export function isClaimedAt(ctx: ExtractContext, i: number): boolean {
  return isClaimed(ctx, i, i + 1);
}

export function claim(ctx: ExtractContext, start: number, end: number): void {
  if (end <= start) return;
  if (ctx.mask !== null) {
    ctx.mask.fill(1, start, end);
    return;
  }
  const c = ctx.claimed;
  c.push(start, end);
  if (c.length > 2 * LIST_LIMIT) {
    const mask = new Uint8Array(ctx.text.length);
    for (let k = 0; k < c.length; k += 2) mask.fill(1, c[k] as number, c[k + 1] as number);
    ctx.mask = mask;
  }
}

/** Records a successful result; returns true when it was ok. */
export function record(ctx: ExtractContext, r: NormalizeResult | null, start: number, end: number): boolean {
  if (r === null || !r.ok) return false;
  ctx.findings.push({ indicator: r.indicator, start, end });
  return true;
}

/** ASCII characters allowed in a URL authority (host, userinfo, port, IPv6 brackets). */
export function isAuthorityChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 58) ||
    c === 45 ||
    c === 46 ||
    c === 95 ||
    c === 126 ||
    c === 37 ||
    c === 64 ||
    c === 91 ||
    c === 93
  );
}

/** ASCII characters allowed in a URL path / query / fragment (RFC 3986 unreserved, sub-delims, gen-delims). */
export function isPathChar(c: number): boolean {
  if (c <= 32 || c >= 127) return false;
  return (
    c !== 34 &&
    c !== 60 &&
    c !== 62 &&
    c !== 92 &&
    c !== 94 &&
    c !== 96 &&
    c !== 123 &&
    c !== 124 &&
    c !== 125
  );
}

export function isAsciiLabelChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95;
}

export function isWhitespace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0x85 || c === 0x2028;
}
