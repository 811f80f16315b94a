/**
 * Shared state of one extraction run: the prepared text, the ranges already claimed by an
 * indicator (so a phone inside a URL is not reported twice), and the findings so far.
 */
import type { Indicator, NormalizeResult } from './types.js';

export interface Finding {
  indicator: Indicator;
  start: number;
  end: number;
}

export interface ExtractContext {
  /** Prepared (NFKC + refanged) text. */
  readonly text: string;
  claimed: Uint8Array | null;
  readonly findings: Finding[];
}

export function newContext(text: string): ExtractContext {
  return { text, claimed: null, findings: [] };
}

/** True when any character of `[start, end)` is already part of an earlier finding. */
export function isClaimed(ctx: ExtractContext, start: number, end: number): boolean {
  const c = ctx.claimed;
  if (c === null) return false;
  for (let i = start; i < end; i++) if (c[i] === 1) return true;
  return false;
}

export function claim(ctx: ExtractContext, start: number, end: number): void {
  if (ctx.claimed === null) ctx.claimed = new Uint8Array(ctx.text.length);
  ctx.claimed.fill(1, start, end);
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
