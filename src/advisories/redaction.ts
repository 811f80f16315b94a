/**
 * Every text field of a version goes through the redaction engine before it can be published;
 * the diff of each field is kept so the console shows the approver what was removed. Pure.
 */
import { createHash } from 'node:crypto';
import { defangHost, defangUrl } from '../core/detect/defang.js';
import { type DiffSegment, diff, type PiiKind, redact } from '../core/redact/index.js';
import { publishableUrl } from './indicators.js';
import type { AdvisoryContent, AdvisorySections, Language, PublishedIndicator } from './types.js';
import { LANGUAGES } from './types.js';

/** Contact points in the default text: public institutions, never personal data. */
export const PUBLIC_CONTACTS = ['info@antiphishing.jp', '0120-0-78310'];

export interface FieldRedaction {
  /** JSON pointer into the content, e.g. `/ja/examples/0` or `/indicators/2`. */
  field: string;
  removed: number;
  byKind: Partial<Record<PiiKind, number>>;
  segments: readonly DiffSegment[];
}

export interface RedactedVersion {
  redacted: AdvisoryContent;
  redactions: FieldRedaction[];
  contentHash: string;
}

/** Characters of URLs and host names, in ASCII or full width (`ｈｔｔｐｓ：／／…` is common in scam SMS). */
const URLISH_RUN =
  /[A-Za-z0-9._~:/?#@!$&*+,;=%\-\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF0E\uFF1A\uFF0F\uFF1F\uFF03\uFF20\uFF06\uFF1D\uFF05\uFF0D\uFF3F\uFF5E]+/g;
const SCHEME = /(?:https?|ftp):\/\//i;
/** A URL as `defangUrl` writes it (`hxxps[://]host[.]tld/path`), up to the next whitespace. */
const DEFANGED_URL = /(?:hxxps?|fxp)\[:\/\/\]\S*/gi;
const HOST = /(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}(?![a-z0-9-])/gi;

function defangRun(run: string): string {
  // NFKC maps each full-width character of this set to one ASCII character: offsets stay aligned.
  const ascii = run.normalize('NFKC');
  if (PUBLIC_CONTACTS.includes(ascii)) return run;
  const at = ascii.search(SCHEME);
  // Query and fragment go too: that is where victims' e-mail addresses and tokens travel.
  if (at >= 0) return run.slice(0, at) + defangUrl(publishableUrl(ascii.slice(at)));
  const hosts = ascii.replace(HOST, (host) => defangHost(host));
  return hosts === ascii ? run : hosts;
}

/**
 * Live URLs and host names in free text become their defanged forms (`hxxps[://]evil[.]example/`),
 * URLs without their query and fragment; public contact addresses stay as written; everything else (placeholders, Japanese punctuation) stays as written. Runs after redaction: a
 * defanged e-mail address (`a@b[.]jp`) would no longer be recognised as one. Idempotent.
 */
export function defangText(text: string): string {
  // An already defanged URL is left whole: its path may hold `a.b`, which is not a host.
  let out = '';
  let last = 0;
  for (const m of text.matchAll(DEFANGED_URL)) {
    out += text.slice(last, m.index).replace(URLISH_RUN, defangRun) + m[0];
    last = m.index + m[0].length;
  }
  return out + text.slice(last).replace(URLISH_RUN, defangRun);
}

/** Stable JSON (sorted keys) so one content always hashes the same on every node and engine. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export const contentHashOf = (content: AdvisoryContent): string =>
  createHash('sha256').update(canonicalJson(content)).digest('hex');

export function redactContent(
  written: AdvisoryContent,
  keep: readonly string[],
  alsoRedact: readonly string[],
): RedactedVersion {
  const redactions: FieldRedaction[] = [];
  const options = { policy: 'public' as const, keep: [...keep, ...PUBLIC_CONTACTS], alsoRedact };
  const one = (field: string, text: string): string => {
    const result = redact(text, options);
    if (result.spans.length > 0) {
      const d = diff(text, result);
      redactions.push({ field, removed: d.removed, byKind: { ...d.byKind }, segments: d.segments });
    }
    return defangText(result.text);
  };
  const lang = (language: Language): AdvisorySections => {
    const s = written[language];
    const list = (name: keyof AdvisorySections, items: readonly string[]) =>
      items.map((text, i) => one(`/${language}/${name}/${i}`, text));
    return {
      title: one(`/${language}/title`, s.title),
      summary: one(`/${language}/summary`, s.summary),
      examples: list('examples', s.examples),
      recognise: list('recognise', s.recognise),
      advice: list('advice', s.advice),
      reportTo: list('reportTo', s.reportTo),
    };
  };
  const [ja, en] = LANGUAGES.map(lang) as [AdvisorySections, AdvisorySections];
  // An indicator whose own text holds personal data (a victim's name in a URL path) is left out
  // whole: a partly redacted URL matches nothing and would still point at the victim.
  const indicators: PublishedIndicator[] = [];
  written.indicators.forEach((indicator, i) => {
    const result = redact(indicator.value, { ...options, alsoRedact });
    if (result.spans.length === 0) {
      indicators.push(indicator);
      return;
    }
    const d = diff(indicator.value, result);
    redactions.push({
      field: `/indicators/${i}`,
      removed: d.removed,
      byKind: { ...d.byKind },
      segments: d.segments,
    });
  });
  const redacted: AdvisoryContent = { ja, en, indicators };
  return { redacted, redactions, contentHash: contentHashOf(redacted) };
}
