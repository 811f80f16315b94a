/**
 * Romanised and English person names: after a title (`Mr. Tanaka`, `Dr. Emily Clarke`), after a
 * role label (`Victim:`, `account holder`, `Complainant`), or as a pair of capitalised words of
 * which one is a known family or given name (`Taro Yamada`, `YAMADA Taro`, `Maria Santos`).
 * Also user handles built from a romanised name (`taro_yamada_1960`).
 */
import { isAsciiLetter, isBlank } from './chars.js';
import { ROMAN_GIVEN_NAMES, ROMAN_NOT_NAME, ROMAN_SURNAMES } from './name-tables.js';
import { latinWordsAfter } from './name-tokens.js';
import type { Candidate } from './types.js';

const TITLE_RE = /\b(?:Mr|Mrs|Ms|Miss|Dr|Prof)\.? (?=[A-Z])/g;
const ROLE_LABEL_RE =
  /\b(?:[Vv]ictim|[Ss]uspect|[Cc]omplainant|[Hh]older|[Bb]eneficiary|[Nn]ame|[Rr]eported by|[Ii]nterview with|[Ii]dentified as|[Ss]ender|[Rr]ecipient|[Cc]ustomer)(?:,|:)? (?=[A-Z])/g;
const CAPITALISED_RE = /\b[A-Z][A-Za-z'-]{1,19}(?: [A-Z][A-Za-z'-]{1,19}){1,2}\b/g;
const HANDLE_RE = /\b[a-z]{2,12}[._][a-z]{2,12}(?:[._]?[0-9]{0,4})\b/g;

function isKnown(word: string): boolean {
  const w = word.toLowerCase();
  return ROMAN_SURNAMES.has(w) || ROMAN_GIVEN_NAMES.has(w);
}

function words(s: string): string[] {
  return s.split(' ').filter((w) => w.length > 0);
}

function hasNonName(ws: readonly string[]): boolean {
  return ws.some((w) => ROMAN_NOT_NAME.has(w.toLowerCase()));
}

/** Drops trailing words that are not part of a name (`Yamada Bank` → `Yamada`). */
function trimToName(t: string, start: number, end: number): number {
  const ws = words(t.slice(start, end));
  while (ws.length > 0 && ROMAN_NOT_NAME.has((ws[ws.length - 1] as string).toLowerCase())) ws.pop();
  return ws.length === 0 ? start : start + ws.join(' ').length;
}

export function detectRomanNames(t: string, inJapanese: boolean, out: Candidate[]): void {
  TITLE_RE.lastIndex = 0;
  for (let m = TITLE_RE.exec(t); m !== null; m = TITLE_RE.exec(t)) {
    const end = trimToName(t, m.index + m[0].length, latinWordsAfter(t, m.index + m[0].length, 3));
    if (end > m.index + m[0].length) {
      out.push({ start: m.index, end, kind: 'person_name', confidence: 0.9, rule: 'name_title' });
    }
  }
  ROLE_LABEL_RE.lastIndex = 0;
  for (let m = ROLE_LABEL_RE.exec(t); m !== null; m = ROLE_LABEL_RE.exec(t)) {
    const s = m.index + m[0].length;
    const end = trimToName(t, s, latinWordsAfter(t, s, 4));
    const ws = words(t.slice(s, end));
    // One capitalised word after a label is a name only when it is a known name (`Victim Kato`).
    if (ws.length >= 2 || (ws.length === 1 && isKnown(ws[0] as string))) {
      out.push({ start: s, end, kind: 'person_name', confidence: 0.85, rule: 'name_role_label' });
    }
  }
  CAPITALISED_RE.lastIndex = 0;
  for (let m = CAPITALISED_RE.exec(t); m !== null; m = CAPITALISED_RE.exec(t)) {
    // Trim role and place words off both ends: `Complainant YAMADA Taro` → `YAMADA Taro`.
    const all = words(m[0]);
    let from = 0;
    while (from < all.length && ROMAN_NOT_NAME.has((all[from] as string).toLowerCase())) from++;
    const ws = all.slice(from);
    while (ws.length > 0 && ROMAN_NOT_NAME.has((ws[ws.length - 1] as string).toLowerCase())) ws.pop();
    if (ws.length < 2 || hasNonName(ws) || !ws.some(isKnown)) continue;
    const start = m.index + all.slice(0, from).join(' ').length + (from > 0 ? 1 : 0);
    out.push({
      start,
      end: start + ws.join(' ').length,
      kind: 'person_name',
      confidence: ws.every(isKnown) ? 0.8 : 0.65,
      rule: 'name_roman_table',
    });
  }
  HANDLE_RE.lastIndex = 0;
  for (let m = HANDLE_RE.exec(t); m !== null; m = HANDLE_RE.exec(t)) {
    const parts = m[0].split(/[._0-9]+/).filter((p) => p.length > 0);
    if (parts.length >= 2 && parts.every(isKnown) && t.charCodeAt(m.index + m[0].length) !== 64) {
      const prev = t.charCodeAt(m.index - 1);
      if (prev === 64 || prev === 46 || prev === 47) continue;
      out.push({
        start: m.index,
        end: m.index + m[0].length,
        kind: 'person_name',
        confidence: 0.6,
        rule: 'name_handle',
      });
    }
  }
  if (inJapanese) singleRomanNamesInJapanese(t, out);
}

/** In Japanese prose an isolated known romanised given name (`Hanako（表示名）`) is a name. */
function singleRomanNamesInJapanese(t: string, out: Candidate[]): void {
  const re = /[A-Z][a-z]{2,12}/g;
  for (let m = re.exec(t); m !== null; m = re.exec(t)) {
    const before = t.charCodeAt(m.index - 1);
    const after = t.charCodeAt(m.index + m[0].length);
    if (isAsciiLetter(before) || isAsciiLetter(after) || isBlank(before) || isBlank(after)) continue;
    if (!ROMAN_GIVEN_NAMES.has(m[0].toLowerCase())) continue;
    out.push({
      start: m.index,
      end: m.index + m[0].length,
      kind: 'person_name',
      confidence: 0.55,
      rule: 'name_roman_single',
    });
  }
}
