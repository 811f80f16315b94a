/**
 * `redact(text, options)`: removes personal data from a draft advisory and reports every removal.
 * Candidates from all detectors are filtered by policy, confidence and the keep list, resolved so
 * that spans never overlap (stronger evidence first), extended to exact repeats of what was found,
 * and replaced by numbered, typed placeholders.
 */
import { looksJapanese } from './chars.js';
import { detectAll } from './detect.js';
import { findPlaceholders, placeholder } from './placeholders.js';
import type {
  Candidate,
  PiiKind,
  RedactionLanguage,
  RedactionPolicy,
  RedactionResult,
  RedactionSpan,
  RedactOptions,
} from './types.js';
import { PII_KINDS } from './types.js';
import { compactKey, isKeptEmail, type KeepKeys, keepKeys } from './values.js';

/** What each policy removes. `partners` keeps the indicators partners block (see types.ts). */
export const POLICY_KINDS: Readonly<Record<RedactionPolicy, readonly PiiKind[]>> = {
  public: PII_KINDS,
  partners: PII_KINDS.filter(
    (k) => k !== 'phone' && k !== 'email' && k !== 'bank_account' && k !== 'ip_address',
  ),
};

/** When two candidates overlap, the more specific detector wins. */
const PRIORITY: Readonly<Record<PiiKind, number>> = {
  investigation: 100,
  email: 90,
  credit_card: 85,
  my_number: 84,
  bank_account: 80,
  ip_address: 78,
  phone: 75,
  license_plate: 70,
  date_of_birth: 65,
  postal_address: 60,
  person_name: 50,
};

const MAX_ECHO_VALUES = 500;

function isKept(c: Candidate, original: string, keep: KeepKeys): boolean {
  if (c.kind === 'investigation') return false;
  if (keep.keys.has(compactKey(original)) || (c.key !== undefined && keep.keys.has(c.key))) return true;
  return c.kind === 'email' && isKeptEmail(original, keep);
}

function overlapsAny(ranges: readonly number[], start: number, end: number): boolean {
  for (let k = 0; k < ranges.length; k += 2) {
    if (start < (ranges[k + 1] as number) && (ranges[k] as number) < end) return true;
  }
  return false;
}

/** Greedy selection on an occupancy map: O(total span length), whatever the number of candidates. */
function select(candidates: Candidate[], occupied: Uint8Array): Candidate[] {
  const order = candidates
    .slice()
    .sort(
      (a, b) =>
        PRIORITY[b.kind] - PRIORITY[a.kind] ||
        b.confidence - a.confidence ||
        b.end - b.start - (a.end - a.start) ||
        a.start - b.start,
    );
  const chosen: Candidate[] = [];
  for (const c of order) {
    let free = true;
    for (let i = c.start; i < c.end && free; i++) free = occupied[i] === 0;
    if (!free) continue;
    occupied.fill(1, c.start, c.end);
    chosen.push(c);
  }
  return chosen;
}

const ECHO_SYNTAX_RE = /[\\^$.*+?()[\]{}|/]/g;
const WORDISH_RE = /[\p{L}\p{N}]/u;

/** Every other exact occurrence of a removed value goes too (a surname seen once with さん). */
function echoes(text: string, chosen: readonly Candidate[], occupied: Uint8Array): Candidate[] {
  const byOriginal = new Map<string, Candidate>();
  for (const c of chosen) {
    const original = text.slice(c.start, c.end);
    if (original.length >= 2 && !byOriginal.has(original)) byOriginal.set(original, c);
    if (byOriginal.size >= MAX_ECHO_VALUES) break;
  }
  if (byOriginal.size === 0) return [];
  const alternation = [...byOriginal.keys()]
    .sort((a, b) => b.length - a.length)
    .map((s) => s.replace(ECHO_SYNTAX_RE, '\\$&'))
    .join('|');
  const re = new RegExp(alternation, 'g');
  const extra: Candidate[] = [];
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    const source = byOriginal.get(m[0]) as Candidate;
    let free = true;
    for (let i = start; i < end && free; i++) free = occupied[i] === 0;
    // A bare value must stand alone: `山田` inside `山田商事` or `1234567` inside a longer number stays.
    const alone = !WORDISH_RE.test(text.charAt(start - 1)) || source.kind !== 'person_name';
    const closed = !WORDISH_RE.test(text.charAt(end)) || source.kind !== 'person_name';
    const digitsBounded = !/[0-9]/.test(text.charAt(start - 1)) && !/[0-9]/.test(text.charAt(end));
    if (!free || !alone || !closed || !digitsBounded) continue;
    occupied.fill(1, start, end);
    extra.push({ ...source, start, end, rule: `${source.rule}+repeat` });
  }
  return extra;
}

function numberKey(c: Candidate, original: string): string {
  return `${c.kind}\u0000${c.key ?? compactKey(original)}`;
}

export function redact(text: string, options: RedactOptions = {}): RedactionResult {
  const input = typeof text === 'string' ? text : '';
  const policy: RedactionPolicy = options.policy === 'partners' ? 'partners' : 'public';
  const kinds = new Set<PiiKind>(options.kinds ?? POLICY_KINDS[policy]);
  const language: RedactionLanguage =
    options.language === 'ja' || options.language === 'en'
      ? options.language
      : looksJapanese(input)
        ? 'ja'
        : 'en';
  const minConfidence = options.minConfidence ?? 0;
  const existing = findPlaceholders(input);
  const { candidates, keepRanges } = detectAll(input, options.alsoRedact, options.keep, language === 'ja');
  const keep = keepKeys(options.keep);
  const occupied = new Uint8Array(input.length);
  for (let k = 0; k < existing.ranges.length; k += 2) {
    occupied.fill(1, existing.ranges[k] as number, existing.ranges[k + 1] as number);
  }
  let keptByRequest = 0;
  const eligible: Candidate[] = [];
  for (const c of candidates) {
    if (!kinds.has(c.kind) || c.confidence < minConfidence) continue;
    const original = input.slice(c.start, c.end);
    if (
      c.kind !== 'investigation' &&
      (overlapsAny(keepRanges, c.start, c.end) || isKept(c, original, keep))
    ) {
      keptByRequest++;
      continue;
    }
    eligible.push(c);
  }
  const chosen = select(eligible, occupied);
  const all = chosen.concat(echoes(input, chosen, occupied)).sort((a, b) => a.start - b.start);
  return assemble(input, all, language, policy, existing.maxNumber, keptByRequest);
}

function assemble(
  input: string,
  chosen: readonly Candidate[],
  language: RedactionLanguage,
  policy: RedactionPolicy,
  maxExisting: ReadonlyMap<PiiKind, number>,
  keptByRequest: number,
): RedactionResult {
  const numbers = new Map<string, number>();
  const nextNumber = new Map<PiiKind, number>(maxExisting);
  const spans: RedactionSpan[] = [];
  const byKind: Partial<Record<PiiKind, number>> = {};
  let out = '';
  let last = 0;
  for (const c of chosen) {
    const original = input.slice(c.start, c.end);
    const key = numberKey(c, original);
    let n = numbers.get(key);
    if (n === undefined) {
      n = (nextNumber.get(c.kind) ?? 0) + 1;
      nextNumber.set(c.kind, n);
      numbers.set(key, n);
    }
    const replacement = placeholder(c.kind, n, language);
    out += input.slice(last, c.start) + replacement;
    last = c.end;
    byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
    spans.push({
      start: c.start,
      end: c.end,
      kind: c.kind,
      original,
      replacement,
      confidence: c.confidence,
      rule: c.rule,
    });
  }
  out += input.slice(last);
  const distinctByKind: Partial<Record<PiiKind, number>> = {};
  for (const key of numbers.keys()) {
    const kind = key.slice(0, key.indexOf('\u0000')) as PiiKind;
    distinctByKind[kind] = (distinctByKind[kind] ?? 0) + 1;
  }
  return {
    text: out,
    spans,
    stats: {
      language,
      policy,
      spans: spans.length,
      byKind,
      distinctByKind,
      keptByRequest,
      inputChars: input.length,
      outputChars: out.length,
    },
  };
}
