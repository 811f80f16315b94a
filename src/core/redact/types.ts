/**
 * Vocabulary of the redaction engine: the kinds of personal data it removes, the spans it
 * reports and the options a caller passes. Shared by the detectors, `redact`, `diff` and the tests.
 */
export const PII_KINDS = [
  'person_name',
  'postal_address',
  'phone',
  'email',
  'bank_account',
  'credit_card',
  'my_number',
  'date_of_birth',
  'ip_address',
  'license_plate',
  'investigation',
] as const;

export type PiiKind = (typeof PII_KINDS)[number];

export type RedactionLanguage = 'ja' | 'en';

/**
 * `public` (default): everything personal goes, the caller's `keep` list is the only exception
 * (criminal infrastructure the public must recognise). `partners`: identities go (names,
 * addresses, birth dates, My Number, cards, plates, investigation markers) but the contact and
 * payment indicators partners act on (phone, e-mail, bank account, IP) stay; the sharing policy
 * (TLP) of the report, not this engine, decides who reads them.
 */
export type RedactionPolicy = 'public' | 'partners';

export interface RedactOptions {
  readonly policy?: RedactionPolicy;
  /** Exact values to remove wherever they appear (suspect names known to the case, nicknames). */
  readonly alsoRedact?: readonly string[];
  /** Values that must stay: the phishing domain, the scam number the public should know. */
  readonly keep?: readonly string[];
  /** Overrides the kinds the policy removes. */
  readonly kinds?: readonly PiiKind[];
  /** Placeholder language; `auto` (default) picks Japanese when the text holds kana or kanji. */
  readonly language?: RedactionLanguage | 'auto';
  /** Spans below this confidence are left in the text (default 0: remove everything found). */
  readonly minConfidence?: number;
}

export interface RedactionSpan {
  /** `[start, end)` in UTF-16 offsets of the original text. */
  readonly start: number;
  readonly end: number;
  readonly kind: PiiKind;
  readonly original: string;
  readonly replacement: string;
  /** 0–1: how sure the detector is that this is personal data (the approver reviews low ones). */
  readonly confidence: number;
  /** Name of the detector rule that found it, for the diff view and for tuning. */
  readonly rule: string;
}

export interface RedactionStats {
  readonly language: RedactionLanguage;
  readonly policy: RedactionPolicy;
  readonly spans: number;
  readonly byKind: Readonly<Partial<Record<PiiKind, number>>>;
  /** Distinct originals per kind (after normalization): what the numbered placeholders count. */
  readonly distinctByKind: Readonly<Partial<Record<PiiKind, number>>>;
  readonly keptByRequest: number;
  readonly inputChars: number;
  readonly outputChars: number;
}

export interface RedactionResult {
  readonly text: string;
  readonly spans: readonly RedactionSpan[];
  readonly stats: RedactionStats;
}

/** A detector's finding before policy, keep-list and overlap resolution. */
export interface Candidate {
  start: number;
  end: number;
  kind: PiiKind;
  confidence: number;
  rule: string;
  /** Identity for numbering: two spellings of one phone number share a placeholder. */
  key?: string;
}
