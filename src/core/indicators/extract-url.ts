/**
 * URL and bare-host passes of the extractor. URLs with a scheme may have IDN hosts and may be
 * re-joined across whitespace (conservatively); scheme-less URLs and bare domains are ASCII only.
 */
import { domainFromAsciiHost } from './domain.js';
import type { ExtractContext } from './extract-context.js';
import { claim, isClaimed, isPathChar, isWhitespace, record } from './extract-context.js';
import { ipFromHost } from './ip.js';
import { isIcannTld } from './psl.js';
import { okIndicator } from './result.js';
import type { NormalizeResult } from './types.js';
import { makeIndicator } from './types.js';
import { looksLikeHostStart, normalizePreparedUrl } from './url.js';
import {
  authorityOf,
  hasLineBreak,
  hostComplete,
  hostOf,
  scanAuthority,
  scanPath,
  trimmedLength,
  truncateUnicodeHost,
} from './url-scan.js';

const SCHEME_RE = /(?:https?|ttps?|ftp):\/\//gi;
const JOIN_TAIL_RE = /[0-9?=&%_.~/-]/;

function normalizeUrlIn(ctx: ExtractContext, prepared: string): NormalizeResult {
  return ctx.memo !== undefined ? ctx.memo.url(prepared) : normalizePreparedUrl(prepared);
}

/** Emits a URL and its host (domain or IP) when the URL is acceptable for extraction. */
function emitUrl(ctx: ExtractContext, url: NormalizeResult, start: number, end: number): boolean {
  if (!url.ok) return false;
  const a = url.indicator.attributes;
  const host = a.host as string;
  let hostResult: NormalizeResult | null;
  if (a.hostIsIp === true) hostResult = ipFromHost(host);
  else if (typeof a.registrableDomain === 'string' && typeof a.publicSuffix === 'string') {
    hostResult = okIndicator(
      makeIndicator('domain', host, {
        registrableDomain: a.registrableDomain,
        publicSuffix: a.publicSuffix,
        unicode: a.hostUnicode as string,
        isRegistrable: host === a.registrableDomain,
      }),
    );
  } else return false;
  record(ctx, url, start, end);
  record(ctx, hostResult, start, end);
  claim(ctx, start, end);
  return true;
}

/** Tries to join a whitespace-broken URL; returns the new candidate and end, or null. */
function joinContinuation(t: string, candidate: string, schemeLength: number, end: number) {
  let w = end;
  while (w < t.length && w - end < 3 && isWhitespace(t.charCodeAt(w))) w++;
  if (w === end || w >= t.length || !isPathChar(t.charCodeAt(w))) return null;
  const { authority, hasPath } = authorityOf(candidate, schemeLength);
  if (!hasPath && !hostComplete(hostOf(authority))) {
    let contEnd = scanAuthority(t, w, false).end;
    if (contEnd === w) return null;
    const c = t.charCodeAt(contEnd);
    if (c === 47 || c === 63 || c === 35) contEnd = scanPath(t, contEnd);
    const joined = candidate + t.slice(w, contEnd);
    if (!hostComplete(hostOf(authorityOf(joined, schemeLength).authority))) return null;
    return { candidate: joined, end: contEnd };
  }
  if (!candidate.endsWith('/') || !hasLineBreak(t, end, w)) return null;
  const contEnd = scanPath(t, w);
  const raw = t.slice(w, contEnd);
  const cont = raw.slice(0, trimmedLength(raw, 0));
  if (cont.length === 0 || !JOIN_TAIL_RE.test(cont) || cont.includes('://') || cont.includes('@'))
    return null;
  if (looksLikeHostStart(cont)) return null;
  return { candidate: candidate + t.slice(w, contEnd), end: contEnd };
}

/**
 * Completes a scheme URL whose authority ends at `hostEnd`: joins a host broken by whitespace, scans
 * the path, joins path continuations and trims trailing prose. Returns null when there is no host.
 * The host is checked before the (bounded) path scan so that hostile input stays linear.
 */
function completeSchemeUrl(
  t: string,
  start: number,
  schemeLength: number,
  hostEnd: number,
  truncated: boolean,
) {
  let candidate = t.slice(start, hostEnd);
  let end = hostEnd;
  const host = hostOf(candidate.slice(schemeLength));
  const next = t.charCodeAt(hostEnd);
  if (!truncated && (Number.isNaN(next) || isWhitespace(next)) && !hostComplete(host)) {
    const j = joinContinuation(t, candidate, schemeLength, end);
    if (j === null) return null;
    candidate = j.candidate;
    end = j.end;
  } else {
    if (!host.includes('.') && !host.startsWith('[')) return null;
    if (!truncated && (next === 47 || next === 63 || next === 35)) {
      end = scanPath(t, end);
      candidate = t.slice(start, end);
    }
  }
  for (let joins = 0; joins < 3; joins++) {
    const j = joinContinuation(t, candidate, schemeLength, end);
    if (j === null) break;
    candidate = j.candidate;
    end = j.end;
  }
  const keep = trimmedLength(candidate, schemeLength);
  return { url: candidate.slice(0, keep), end: end - (candidate.length - keep) };
}

/** Pass 1: URLs introduced by a scheme (`https://`, `http://`, `ftp://`, and h-less `ttp(s)://`). */
export function extractSchemeUrls(ctx: ExtractContext): void {
  const t = ctx.text;
  SCHEME_RE.lastIndex = 0;
  let m = SCHEME_RE.exec(t);
  while (m !== null) {
    const start = m.index;
    const hostStart = start + m[0].length;
    const scan = scanAuthority(t, hostStart, true);
    const hostEnd = scan.sawUnicode ? truncateUnicodeHost(t, hostStart, scan.end) : scan.end;
    if (hostEnd > hostStart) {
      const found = completeSchemeUrl(t, start, m[0].length, hostEnd, hostEnd !== scan.end);
      if (found !== null) {
        emitUrl(ctx, normalizeUrlIn(ctx, found.url), start, found.end);
        SCHEME_RE.lastIndex = Math.max(SCHEME_RE.lastIndex, found.end);
      }
    }
    m = SCHEME_RE.exec(t);
  }
}

const HOST_TOKEN_RE = /(?<![A-Za-z0-9_\-.@/\\])[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+/g;
const TLD_SHAPE_RE = /^(?:[A-Za-z]{2,63}|[Xx][Nn]--[A-Za-z0-9-]{1,59})$/;
const CAPITALIZED_RE = /^[A-Z][a-z]+$/;

/** TLDs that are also common file extensions: bare `name.ext` is a file unless written `www.` or with a scheme. */
const FILE_EXTENSION_TLDS: ReadonlySet<string> = new Set([
  ...['zip', 'mov', 'py', 'sh', 'pl', 'rs', 'md', 'cc', 'so', 'ps', 'ai', 'pm', 'mk', 'ml', 'do', 'sc'],
  ...['gs', 'gd', 'cab', 'app', 'java', 'one', 'pub', 'tf', 'sb', 'cat', 'bz', 'la', 'am', 'properties'],
]);

/** Pass 2: scheme-less URLs (`www.foo.com/x`, `foo-bar.top/login`) and bare domains (ASCII / punycode). */
export function extractBareHosts(ctx: ExtractContext): void {
  const t = ctx.text;
  HOST_TOKEN_RE.lastIndex = 0;
  let m = HOST_TOKEN_RE.exec(t);
  while (m !== null) {
    const s = m.index;
    let e = s + m[0].length;
    while (e > s && (t.charCodeAt(e - 1) === 45 || t.charCodeAt(e - 1) === 95)) e--;
    const token = t.slice(s, e);
    const tld = token.slice(token.lastIndexOf('.') + 1);
    const lower = token.toLowerCase();
    const www = lower.startsWith('www.');
    if (
      !isClaimed(ctx, s, e) &&
      TLD_SHAPE_RE.test(tld) &&
      !CAPITALIZED_RE.test(tld) &&
      (www || !FILE_EXTENSION_TLDS.has(tld.toLowerCase())) &&
      (ctx.memo !== undefined ? ctx.memo.tld(tld.toLowerCase()) : isIcannTld(tld.toLowerCase()))
    ) {
      const domain = ctx.memo !== undefined ? ctx.memo.host(lower) : domainFromAsciiHost(lower);
      if (domain.ok) {
        let end = e;
        let c = t.charCodeAt(end);
        if (c === 58 && end + 1 < t.length && t.charCodeAt(end + 1) >= 48 && t.charCodeAt(end + 1) <= 57) {
          end++;
          while (end < t.length && t.charCodeAt(end) >= 48 && t.charCodeAt(end) <= 57) end++;
          c = t.charCodeAt(end);
        }
        if (c === 47 || c === 63 || c === 35) end = scanPath(t, end);
        const hasUrlTail = end > e;
        end = s + trimmedLength(t.slice(s, end), e - s);
        if ((hasUrlTail || www) && emitUrl(ctx, normalizeUrlIn(ctx, t.slice(s, end)), s, end)) {
          HOST_TOKEN_RE.lastIndex = Math.max(HOST_TOKEN_RE.lastIndex, end);
        } else if (record(ctx, domain, s, e)) {
          claim(ctx, s, e);
        }
      }
    }
    m = HOST_TOKEN_RE.exec(t);
  }
}
