/**
 * What an SMS contains, before any scoring: its links (found through full-width characters,
 * `。`, line breaks and defanging by the indicator extractor), phone numbers, brand names and
 * lure phrases. Bounded: only the first MAX_SMS_CHARS characters are read.
 */
import { extractLinksAndPhones, type NormalizeMemo, normalizeSmsSender } from '../indicators/index.js';
import { MAY_HOLD_LINK, MAY_HOLD_PHONE, prepareWithFacts } from '../indicators/prescan.js';
import type { BrandIndex, BrandMention } from './brand-index.js';
import type { Lure, LureIndex } from './lures.js';
import type { MessageKeywords } from './message-keywords.js';
import { type HashSink, smsTextFeatures } from './sms-features.js';
import { partsFromCanonicalUrl, type UrlParts } from './url-parts.js';

/** Concatenated SMS are at most ~1,600 characters; more is not an SMS and is cut. */
export const MAX_SMS_CHARS = 2000;

export interface SenderInfo {
  raw: string;
  kind: 'phone' | 'alphanumeric' | 'none';
  /** E.164 for phones, NFKC text for alphanumeric ids. */
  value: string;
  country?: string;
  lineType?: string;
}

export interface SmsAnalysis {
  text: string;
  truncated: boolean;
  urls: UrlParts[];
  phones: string[];
  mentions: BrandMention[];
  lures: Lure[];
  sender: SenderInfo;
}

function separateScans(brands: BrandIndex, lures: LureIndex, text: string, textFeatures?: HashSink) {
  if (textFeatures !== undefined) smsTextFeatures(text, textFeatures);
  return { mentions: brands.mentions(text), lures: lures.find(text) };
}

export function analyzeSender(raw: string | undefined): SenderInfo {
  if (raw === undefined || raw.trim() === '') return { raw: '', kind: 'none', value: '' };
  const r = normalizeSmsSender(raw);
  if (!r.ok) return { raw, kind: 'none', value: '' };
  const a = r.indicator.attributes;
  if (a.kind === 'phone') {
    return {
      raw,
      kind: 'phone',
      value: r.indicator.value,
      country: typeof a.country === 'string' ? a.country : '',
      lineType: typeof a.lineType === 'string' ? a.lineType : '',
    };
  }
  return { raw, kind: 'alphanumeric', value: r.indicator.value };
}

const MAX_URLS = 10;

/** What `analyzeSms` looks for; `keywords` (both sets in one automaton) saves a pass when present. */
export interface MessageIndexes {
  brands: BrandIndex;
  lures: LureIndex;
  keywords?: MessageKeywords;
}

/** Remembered sender parses and link normalizations (CheckMemo); answers equal the uncached ones. */
export interface AnalysisMemo {
  sender(raw: string | undefined): SenderInfo;
  readonly normalized: NormalizeMemo;
}

/**
 * `textFeatures` receives the message model's text features (smsTextFeatures), computed in the
 * keyword pass rather than in a pass of their own.
 */
export function analyzeSms(
  { brands, lures, keywords }: MessageIndexes,
  body: string,
  sender: string | undefined,
  memo?: AnalysisMemo,
  textFeatures?: HashSink,
): SmsAnalysis {
  const truncated = body.length > MAX_SMS_CHARS;
  const raw = truncated ? body.slice(0, MAX_SMS_CHARS) : body;
  // One pass tells whether the text needs rewriting, may hold a link (`x.y`) or a phone number
  // (8+ digits); most messages need none of the passes that follow. Keyword scans fold case as
  // they read, so no lowercased copy is made.
  const { text, facts } = prepareWithFacts(raw);
  const urls: UrlParts[] = [];
  const phones: string[] = [];
  const urlSpans: Array<[number, number]> = [];
  const found =
    (facts & (MAY_HOLD_LINK | MAY_HOLD_PHONE)) !== 0
      ? extractLinksAndPhones(text, memo?.normalized, facts)
      : [];
  for (const ind of found) {
    if (ind.type === 'url' && urls.length < MAX_URLS) {
      urls.push(partsFromCanonicalUrl(ind.value, ind.attributes, true));
      if (ind.span) urlSpans.push(ind.span);
    } else if (ind.type === 'phone') phones.push(ind.value);
  }
  for (const ind of found) {
    if (ind.type !== 'domain' || urls.length >= MAX_URLS) continue;
    const span = ind.span;
    if (span && urlSpans.some(([s, e]) => span[0] >= s && span[1] <= e)) continue;
    const a = ind.attributes;
    const parts = partsFromCanonicalUrl(
      `http://${ind.value}/`,
      {
        scheme: 'http',
        host: ind.value,
        hostUnicode: a.unicode,
        registrableDomain: a.registrableDomain,
        publicSuffix: a.publicSuffix,
        ...(a.privateSuffix !== undefined ? { privateSuffix: a.privateSuffix } : {}),
      },
      true,
    );
    parts.bare = true;
    urls.push(parts);
  }
  return {
    text,
    truncated,
    urls,
    phones,
    ...(keywords !== undefined
      ? keywords.scan(text, textFeatures)
      : separateScans(brands, lures, text, textFeatures)),
    sender: memo === undefined ? analyzeSender(sender) : memo.sender(sender),
  };
}
