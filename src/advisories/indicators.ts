/**
 * Which indicators of the source reports may be published: only criminal infrastructure a person
 * can recognise (phishing URLs and domains, SMS senders and the numbers a scam asks victims to
 * call), chosen by the role the intake gave them. Victims' data never has one of these roles:
 * fraud-case phones and e-mails, bank accounts, devices, IPs and free-text mentions stay out.
 */
import { defangHost, defangUrl } from '../core/detect/defang.js';
import { jpLineType, jpNationalFormat } from '../core/indicators/phone.js';
import type { SourceReport } from './sources.js';
import { PUBLISHABLE_TYPES, type PublishableType, type PublishedIndicator } from './types.js';

const CRIMINAL_ROLES: ReadonlySet<string> = new Set([
  'sender',
  'callback_phone',
  'landing_url',
  'landing_domain',
  'phishing_url',
  'phishing_host',
  'redirect_url',
  'abuse_url',
  'abuse_domain',
  'abuse_phone',
]);

/** At most this many indicators in one advisory: a page the public can read, not a feed. */
export const MAX_PUBLISHED_INDICATORS = 50;

export const indicatorKey = (i: Pick<PublishedIndicator, 'type' | 'value'>) => `${i.type}:${i.value}`;

/** `+819012345678` → `090-1234-5678`: the spelling people in Japan recognise. */
export function phoneDisplay(e164: string): string {
  if (!e164.startsWith('+81')) return e164;
  const national = `0${e164.slice(3)}`;
  const lineType = jpLineType(national);
  return (lineType && jpNationalFormat(national, lineType)) ?? national;
}

/**
 * A URL without its query and fragment: that is where victims' tokens, e-mail addresses and ids
 * travel, and the public recognises a phishing link by its host and path.
 */
export function publishableUrl(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : url.slice(0, cut);
}

export function displayOf(type: PublishableType, value: string): string {
  if (type === 'url') return defangUrl(value);
  if (type === 'domain') return defangHost(value);
  if (type === 'phone') return phoneDisplay(value);
  return value;
}

export function candidateIndicators(reports: readonly SourceReport[]): PublishedIndicator[] {
  const byKey = new Map<string, PublishedIndicator>();
  const phones = new Set<string>();
  for (const r of reports) {
    for (const s of r.sightings) {
      if (!CRIMINAL_ROLES.has(s.role) || !(PUBLISHABLE_TYPES as readonly string[]).includes(s.type)) continue;
      const type = s.type as PublishableType;
      const value = type === 'url' ? publishableUrl(s.value) : s.value;
      if (type === 'phone') phones.add(value);
      const indicator = { type, value, display: displayOf(type, value), role: s.role };
      byKey.set(indicatorKey(indicator), byKey.get(indicatorKey(indicator)) ?? indicator);
    }
  }
  // A numeric SMS sender is the same number as its phone indicator: show it once.
  const list = [...byKey.values()].filter((i) => !(i.type === 'sms_sender' && phones.has(i.value)));
  const order: Record<PublishableType, number> = { phone: 0, sms_sender: 1, domain: 2, url: 3 };
  list.sort((a, b) => order[a.type] - order[b.type] || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  return list.slice(0, MAX_PUBLISHED_INDICATORS);
}

/**
 * Spellings redaction must keep: each phone in its display form (redaction also matches phones
 * by meaning), each host (which also keeps any e-mail address at a criminal domain).
 */
export function keepValuesOf(indicators: readonly PublishedIndicator[]): string[] {
  const keep = new Set<string>();
  for (const i of indicators) {
    if (i.type === 'phone') keep.add(i.display).add(i.value);
    else if (i.type === 'sms_sender') keep.add(i.value);
    else if (i.type === 'domain') keep.add(i.value);
    else {
      const host = /^[a-z][a-z0-9+.-]*:\/\/([^/:]+)/i.exec(i.value)?.[1];
      if (host) keep.add(host);
    }
  }
  return [...keep];
}
