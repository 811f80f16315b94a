/**
 * Indicator extraction from free text (SMS, mail bodies, reports). Pure and linear-time:
 * every pattern is a flat character-class scan or a bounded quantifier.
 *
 * Pass order (earlier passes claim their span so later passes do not re-report inside it):
 * scheme URLs → emails → scheme-less URLs / bare domains → bank accounts → IPs / CIDRs →
 * crypto addresses and hashes → phone numbers. Results are sorted by position, deduplicated by key.
 */
import { bankAccountFromParts, parseLabelledAccount } from './bank.js';
import { normalizeBtc, normalizeEth } from './crypto.js';
import { normalizeEmail } from './email.js';
import type { ExtractContext } from './extract-context.js';
import { claim, type Finding, isClaimed, isClaimedAt, newContext, record } from './extract-context.js';
import { extractBareHosts, extractSchemeUrls } from './extract-url.js';
import { normalizeCidr, normalizeIp } from './ip.js';
import { normalizeHash } from './misc.js';
import type { NormalizeMemo } from './normalize-memo.js';
import { normalizePhone } from './phone.js';
import { MAY_HOLD_LINK, MAY_HOLD_PHONE, scanText } from './prescan.js';
import { mapSpan, prepareMapped } from './text.js';
import type { ExtractedIndicator, NormalizeResult } from './types.js';
import { normalizePreparedUrl } from './url.js';
import { scanPath } from './url-scan.js';

const MAX_LOCAL = 64;
const MAX_EMAIL_DOMAIN = 253;

function isLocalChar(c: number): boolean {
  return (
    (c >= 97 && c <= 122) ||
    (c >= 65 && c <= 90) ||
    (c >= 48 && c <= 57) ||
    c === 46 ||
    c === 95 ||
    c === 37 ||
    c === 43 ||
    c === 45
  );
}

function isDomainChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}

function hasDot(t: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (t.charCodeAt(i) === 46) return true;
  return false;
}

function extractEmails(ctx: ExtractContext): void {
  const t = ctx.text;
  let at = t.indexOf('@');
  while (at >= 0) {
    let next = at + 1;
    if (!isClaimed(ctx, at, at + 1)) {
      let s = at;
      while (s > 0 && at - s <= MAX_LOCAL && isLocalChar(t.charCodeAt(s - 1))) s--;
      let e = at + 1;
      while (e < t.length && e - at <= MAX_EMAIL_DOMAIN && isDomainChar(t.charCodeAt(e))) e++;
      while (s < at && t.charCodeAt(s) === 46) s++;
      while (e > at + 1 && (t.charCodeAt(e - 1) === 46 || t.charCodeAt(e - 1) === 45)) e--;
      if (s < at && hasDot(t, at + 1, e) && at - s <= MAX_LOCAL && !isClaimed(ctx, s, e)) {
        if (record(ctx, normalizeEmail(t.slice(s, e)), s, e)) claim(ctx, s, e);
      }
      next = Math.max(next, e);
    }
    at = t.indexOf('@', next);
  }
}

const DASHED_ACCOUNT_RE = /(?<![\d-])(\d{4})-(\d{3})-(\d{7})(?![\d-])/g;
const BANK_LABEL_RE = /口座|支店|店番|普通|当座|貯蓄|記号|銀行コード|金融機関コード/g;
const LABEL_GAP = 80;
const LABEL_WINDOW = 40;

/** The text of `[start, end)` with already-claimed characters replaced by spaces (offsets preserved). */
function blankClaimed(ctx: ExtractContext, start: number, end: number): string {
  const slice = ctx.text.slice(start, end);
  if (!isClaimed(ctx, start, end)) return slice;
  let out = '';
  for (let i = start; i < end; i++) out += isClaimedAt(ctx, i) ? ' ' : ctx.text[i];
  return out;
}

function extractBankAccounts(ctx: ExtractContext): void {
  const t = ctx.text;
  DASHED_ACCOUNT_RE.lastIndex = 0;
  for (let m = DASHED_ACCOUNT_RE.exec(t); m !== null; m = DASHED_ACCOUNT_RE.exec(t)) {
    const s = m.index;
    const e = s + m[0].length;
    if (isClaimed(ctx, s, e)) continue;
    if (record(ctx, bankAccountFromParts(m[1] as string, m[2] as string, m[3] as string), s, e))
      claim(ctx, s, e);
  }
  BANK_LABEL_RE.lastIndex = 0;
  let m = BANK_LABEL_RE.exec(t);
  while (m !== null) {
    const first = m.index;
    let last = first + m[0].length;
    m = BANK_LABEL_RE.exec(t);
    while (m !== null && m.index - last < LABEL_GAP) {
      last = m.index + m[0].length;
      m = BANK_LABEL_RE.exec(t);
    }
    const ws = Math.max(0, first - LABEL_WINDOW);
    const we = Math.min(t.length, last + LABEL_WINDOW);
    let window = blankClaimed(ctx, ws, we);
    for (let k = 0; k < 4; k++) {
      const found = parseLabelledAccount(window);
      if (found === null) break;
      if (found.result.ok) {
        record(ctx, found.result, ws + found.start, ws + found.end);
        claim(ctx, ws + found.start, ws + found.end);
      }
      window = window.slice(0, found.start) + ' '.repeat(found.end - found.start) + window.slice(found.end);
    }
  }
}

const IPV4_RE = /(?<![0-9A-Za-z.])(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2}(?![0-9]))?(?![0-9A-Za-z]|\.\d)/g;
const IPV6_RE =
  /(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:\.\d{1,3}){0,3}(?:\/\d{1,3}(?![0-9]))?(?![0-9A-Za-z:])/g;
const HEX_GROUP_RE = /[0-9A-Fa-f]+/g;

function extractIps(ctx: ExtractContext): void {
  const t = ctx.text;
  IPV4_RE.lastIndex = 0;
  for (let m = IPV4_RE.exec(t); m !== null; m = IPV4_RE.exec(t)) {
    const s = m.index;
    const e = s + m[0].length;
    if (isClaimed(ctx, s, e)) continue;
    const isCidr = m[0].includes('/');
    const r = isCidr ? normalizeCidr(m[0]) : normalizeIp(m[0]);
    const c = t.charCodeAt(e);
    if (!isCidr && r.ok && (c === 47 || (c === 58 && /\d/.test(t.charAt(e + 1))))) {
      const end = scanPath(t, e);
      const url = normalizePreparedUrl(t.slice(s, end));
      if (url.ok && record(ctx, url, s, end)) {
        record(ctx, r, s, end);
        claim(ctx, s, end);
        IPV4_RE.lastIndex = end;
        continue;
      }
    }
    if (record(ctx, r, s, e)) claim(ctx, s, e);
  }
  if (!t.includes(':')) return;
  IPV6_RE.lastIndex = 0;
  for (let m = IPV6_RE.exec(t); m !== null; m = IPV6_RE.exec(t)) {
    const s = m.index;
    const e = s + m[0].length;
    if (isClaimed(ctx, s, e) || (m[0].match(HEX_GROUP_RE)?.length ?? 0) < 2) continue;
    const r = m[0].includes('/') ? normalizeCidr(m[0]) : normalizeIp(m[0]);
    if (record(ctx, r, s, e)) claim(ctx, s, e);
  }
}

const ALNUM_RUN_RE = /(?<![A-Za-z0-9])[A-Za-z0-9]{25,}(?![A-Za-z0-9])/g;
const HEX_RUN_RE = /^[0-9a-fA-F]+$/;
const HAS_HEX_LETTER_RE = /[a-fA-F]/;
const HAS_DIGIT_RE = /[0-9]/;

function classifyAlnumRun(run: string): NormalizeResult | null {
  const n = run.length;
  if (n === 42 && (run.startsWith('0x') || run.startsWith('0X'))) return normalizeEth(run);
  const lower2 = run.slice(0, 3).toLowerCase();
  if ((lower2 === 'bc1' || lower2 === 'tb1') && n <= 90) return normalizeBtc(run);
  if (n <= 35 && /^[13mn2]/.test(run)) {
    const b = normalizeBtc(run);
    if (b.ok) return b;
  }
  if ((n === 32 || n === 40 || n === 64) && HEX_RUN_RE.test(run)) {
    if (HAS_HEX_LETTER_RE.test(run) && HAS_DIGIT_RE.test(run)) return normalizeHash(run);
  }
  return null;
}

function extractAlnumRuns(ctx: ExtractContext): void {
  const t = ctx.text;
  ALNUM_RUN_RE.lastIndex = 0;
  for (let m = ALNUM_RUN_RE.exec(t); m !== null; m = ALNUM_RUN_RE.exec(t)) {
    const s = m.index;
    const e = s + m[0].length;
    if (m[0].length > 90 || isClaimed(ctx, s, e)) continue;
    if (record(ctx, classifyAlnumRun(m[0]), s, e)) claim(ctx, s, e);
  }
}

const PHONE_RE = /(?<![\w+\-/@%=]|\d\.)(?:\+|\(0|0)[0-9()\- .]{7,22}[0-9](?![\w\-/@]|\.\d)/g;

function phoneDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

function extractPhones(ctx: ExtractContext): void {
  const t = ctx.text;
  PHONE_RE.lastIndex = 0;
  for (let m = PHONE_RE.exec(t); m !== null; m = PHONE_RE.exec(t)) {
    const s = m.index;
    let cand = m[0];
    while (cand.length > 0) {
      const digits = phoneDigits(cand);
      const plausible = cand[0] === '+' ? digits >= 8 && digits <= 15 : digits >= 10 && digits <= 18;
      if (plausible && !/[-. ]{2}/.test(cand) && !isClaimed(ctx, s, s + cand.length)) {
        const r = normalizePhone(cand);
        if (record(ctx, r, s, s + cand.length)) {
          claim(ctx, s, s + cand.length);
          break;
        }
      }
      const cut = cand.lastIndexOf(' ');
      cand = cut > 0 ? cand.slice(0, cut).replace(/[-. (]+$/, '') : '';
    }
  }
}

/**
 * Extracts typed indicators from free text. Each indicator carries `span` = `[start, end)` in the
 * original string (UTF-16 offsets). URL hosts are also emitted as domain (or IP) indicators with
 * the URL's span. Deduplicated by key, in order of first appearance.
 */
export function extractIndicators(text: string): ExtractedIndicator[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const mt = prepareMapped(text, true);
  const ctx = newContext(mt.text);
  extractSchemeUrls(ctx);
  extractEmails(ctx);
  extractBareHosts(ctx);
  extractBankAccounts(ctx);
  extractIps(ctx);
  extractAlnumRuns(ctx);
  extractPhones(ctx);
  const findings = ctx.findings.map((f, seq) => ({ f, seq }));
  findings.sort((a, b) => a.f.start - b.f.start || a.seq - b.seq);
  const seen = new Set<string>();
  const out: ExtractedIndicator[] = [];
  for (const { f } of findings) {
    if (seen.has(f.indicator.key)) continue;
    seen.add(f.indicator.key);
    out.push({ ...f.indicator, span: mapSpan(mt, f.start, f.end) });
  }
  return out;
}

/**
 * The hot-path subset for message screening: links (scheme URLs, then bare hosts, with e-mail
 * addresses claimed first so their domains are not taken for links) and phone numbers, from text
 * that already went through prepareText. Spans are in prepared-text offsets; no offset maps.
 * `memo` remembers URL and host normalizations across calls (same answers, less work); `knownFacts`
 * (scanText bits of `prepared`, from prepareWithFacts; scanned here when absent) lets passes that
 * cannot find anything skip.
 */
export function extractLinksAndPhones(
  prepared: string,
  memo?: NormalizeMemo,
  knownFacts?: number,
): ExtractedIndicator[] {
  if (prepared.length === 0) return [];
  const facts = knownFacts ?? scanText(prepared);
  const ctx = newContext(prepared, memo);
  // Each pass only runs when the text may still hold what it looks for (most SMS have one
  // scheme URL or none, and no e-mail address).
  if (prepared.includes('://')) extractSchemeUrls(ctx);
  if (prepared.includes('@')) extractEmails(ctx);
  // A bare host needs a label character on both sides of a dot (MAY_HOLD_LINK).
  if ((facts & MAY_HOLD_LINK) !== 0 && hasUnclaimedDot(ctx)) extractBareHosts(ctx);
  // MAY_HOLD_PHONE: at least eight ASCII digits.
  if ((facts & MAY_HOLD_PHONE) !== 0) extractPhones(ctx);
  const out: ExtractedIndicator[] = [];
  const findings = ctx.findings;
  // A message has a few findings (a scan beats a Set); a long text may have thousands.
  const seen = findings.length > 16 ? new Set<string>() : null;
  for (let i = 0; i < findings.length; i++) {
    const f = findings[i] as Finding;
    const { type, value, key, attributes } = f.indicator;
    let repeated = false;
    if (seen !== null) {
      repeated = seen.has(key);
      seen.add(key);
    } else {
      for (let j = 0; j < i && !repeated; j++) repeated = (findings[j] as Finding).indicator.key === key;
    }
    if (!repeated) out.push({ type, value, key, attributes, span: [f.start, f.end] });
  }
  return out;
}

function hasUnclaimedDot(ctx: ExtractContext): boolean {
  const t = ctx.text;
  for (let i = t.indexOf('.'); i >= 0; i = t.indexOf('.', i + 1)) {
    if (!isClaimed(ctx, i, i + 1)) return true;
  }
  return false;
}
