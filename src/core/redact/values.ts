/**
 * Caller-supplied values: `alsoRedact` (exact values to remove, such as suspect names known to the
 * case) and `keep` (values that must stay, such as the scam number the public should recognise).
 * Both match the prepared text with blanks optional between characters and case ignored, so
 * `山田 一郎` also finds `山田一郎` and `０９０…` finds `090…`.
 */
import { normalizeEmail } from '../indicators/email.js';
import { normalizePhone } from '../indicators/phone.js';
import { prepareText } from '../indicators/text.js';

const MAX_VALUES = 500;
const MAX_VALUE_LENGTH = 200;
const SYNTAX_RE = /[\\^$.*+?()[\]{}|/]/g;

/** Identity used for numbering and keep checks: NFKC, no blanks or middle dots, lower case. */
export function compactKey(s: string): string {
  return prepareText(s)
    .replace(/[\s・]/g, '')
    .toLowerCase();
}

function valuePattern(value: string): RegExp | null {
  const compact = Array.from(prepareText(value).replace(/\s/g, ''));
  if (compact.length < 2 || compact.length > MAX_VALUE_LENGTH) return null;
  return new RegExp(compact.map((ch) => ch.replace(SYNTAX_RE, '\\$&')).join('\\s?'), 'giu');
}

/** Flat `[start, end)` pairs (prepared-text offsets) of every occurrence of every value. */
export function findValues(t: string, values: readonly string[] | undefined): number[] {
  const ranges: number[] = [];
  if (values === undefined) return ranges;
  for (const value of values.slice(0, MAX_VALUES)) {
    if (typeof value !== 'string') continue;
    const re = valuePattern(value);
    if (re === null) continue;
    for (let m = re.exec(t); m !== null; m = re.exec(t)) {
      if (m[0].length === 0) re.lastIndex++;
      else ranges.push(m.index, m.index + m[0].length);
    }
  }
  return ranges;
}

export interface KeepKeys {
  /** Compact keys, E.164 phones and lower-case e-mails of the keep list. */
  readonly keys: ReadonlySet<string>;
  /** Host names in the keep list: e-mail addresses at these domains stay too. */
  readonly hosts: readonly string[];
}

function hostOf(value: string): string | null {
  const v = prepareText(value).trim();
  if (v.includes('@') || /\s/.test(v) || !v.includes('.')) return null;
  try {
    return new URL(v.includes('://') ? v : `http://${v}`).hostname.toLowerCase();
  } catch {
    return null;
  }
}

export function keepKeys(values: readonly string[] | undefined): KeepKeys {
  const keys = new Set<string>();
  const hosts: string[] = [];
  for (const value of (values ?? []).slice(0, MAX_VALUES)) {
    if (typeof value !== 'string' || value.length > MAX_VALUE_LENGTH) continue;
    keys.add(compactKey(value));
    const phone = normalizePhone(value);
    if (phone.ok) keys.add(phone.indicator.value);
    const email = normalizeEmail(value);
    if (email.ok) keys.add(email.indicator.value);
    const host = hostOf(value);
    if (host !== null) hosts.push(host);
  }
  return { keys, hosts };
}

export function isKeptEmail(email: string, keep: KeepKeys): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return keep.hosts.some((h) => domain === h || domain.endsWith(`.${h}`));
}
