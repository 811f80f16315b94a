/**
 * Runs every detector over one text and returns their candidates in original UTF-16 offsets.
 * The text is prepared once (NFKC, invisible characters dropped, `prepareMapped` from
 * `core/indicators`), the detectors scan the prepared text, and spans are mapped back.
 * E-mail, phone and IP come from the indicator extractor, which already reports original offsets.
 */
import { extractIndicators } from '../indicators/extract.js';
import { mapSpan, prepareMapped } from '../indicators/text.js';
import { detectAddresses } from './detect-address.js';
import { detectBirthDates, detectPlates } from './detect-dob-plate.js';
import { detectRomanNames } from './detect-names-en.js';
import { detectHolderNames, detectJapaneseNames } from './detect-names-ja.js';
import {
  detectBankAccounts,
  detectCards,
  detectMyNumbers,
  detectPhones,
  isBusinessLine,
} from './detect-numbers.js';
import type { Candidate } from './types.js';
import { findValues } from './values.js';

export interface Detection {
  readonly candidates: Candidate[];
  /** Occurrences of `keep` values, flat `[start, end)` pairs in original offsets. */
  readonly keepRanges: number[];
}

const IP_ONLY_RE = /^[0-9a-fA-F:.]+$/;

function fromIndicators(text: string, out: Candidate[]): void {
  for (const ind of extractIndicators(text)) {
    if (ind.span === undefined) continue;
    const [start, end] = ind.span;
    const base = { start, end, key: ind.value, confidence: 0.95 };
    if (ind.type === 'email') out.push({ ...base, kind: 'email', rule: 'email' });
    else if (ind.type === 'phone' && !isBusinessLine(ind.attributes.lineType, text.slice(start, end)))
      out.push({ ...base, kind: 'phone', rule: 'phone_extractor' });
    else if ((ind.type === 'ipv4' || ind.type === 'ipv6') && IP_ONLY_RE.test(text.slice(start, end).trim())) {
      // An IP inside a URL is the host of a (criminal) web server, not a victim's address.
      out.push({ ...base, kind: 'ip_address', rule: 'ip' });
    }
  }
}

export function detectAll(
  text: string,
  alsoRedact: readonly string[] | undefined,
  keep: readonly string[] | undefined,
  inJapanese: boolean,
): Detection {
  const mt = prepareMapped(text, true);
  const t = mt.text;
  const found: Candidate[] = [];
  for (let k = 0, also = findValues(t, alsoRedact); k < also.length; k += 2) {
    found.push({
      start: also[k] as number,
      end: also[k + 1] as number,
      kind: 'investigation',
      confidence: 1,
      rule: 'also_redact',
    });
  }
  detectBankAccounts(t, found);
  detectCards(t, found);
  detectMyNumbers(t, found);
  detectPhones(t, found);
  detectBirthDates(t, found);
  detectPlates(t, found);
  detectAddresses(t, found);
  detectJapaneseNames(t, found);
  detectRomanNames(t, inJapanese, found);
  detectHolderNames(
    t,
    found.filter((c) => c.kind === 'bank_account').map((c) => c.end),
    found,
  );
  const candidates: Candidate[] = [];
  for (const c of found) {
    const [start, end] = mapSpan(mt, c.start, c.end);
    if (end > start) candidates.push({ ...c, start, end });
  }
  fromIndicators(text, candidates);
  const keepRanges: number[] = [];
  const kept = findValues(t, keep);
  for (let k = 0; k < kept.length; k += 2) {
    keepRanges.push(...mapSpan(mt, kept[k] as number, kept[k + 1] as number));
  }
  return { candidates, keepRanges };
}
