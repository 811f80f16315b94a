/**
 * Vocabulary of advisories (issue 6): audiences, the workflow's statuses, the content of a
 * version and the art. 47 checklist an approver signs. Shared by drafting, the service, the
 * renderers and the tests.
 */
export const AUDIENCES = ['public', 'sector', 'sme', 'elderly', 'children'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** Sectors a `sector` advisory can address (the advice differs per sector). */
export const SECTORS = ['banking', 'payment', 'carrier', 'logistics', 'ecommerce'] as const;
export type Sector = (typeof SECTORS)[number];

export const ADVISORY_STATUSES = [
  'draft',
  'in_review',
  'approved',
  'rejected',
  'published',
  'withdrawn',
] as const;
export type AdvisoryStatus = (typeof ADVISORY_STATUSES)[number];

/** Indicator types an advisory may publish: criminal infrastructure a person can recognise. */
export const PUBLISHABLE_TYPES = ['url', 'domain', 'phone', 'sms_sender'] as const;
export type PublishableType = (typeof PUBLISHABLE_TYPES)[number];

export interface PublishedIndicator {
  type: PublishableType;
  /** Canonical value (machine formats such as STIX patterns use it). */
  value: string;
  /** Defanged display form: the only form any human-readable output shows. */
  display: string;
  role: string;
}

/** One language of an advisory. Every string here passes through redaction. */
export interface AdvisorySections {
  title: string;
  /** What happens: the method. */
  summary: string;
  /** Wording of the scam messages and consultation excerpts, redacted. */
  examples: string[];
  /** How to recognise it. */
  recognise: string[];
  /** What to do, tailored to the audience. */
  advice: string[];
  /** Where to report (editable defaults). */
  reportTo: string[];
}

export interface AdvisoryContent {
  ja: AdvisorySections;
  en: AdvisorySections;
  indicators: PublishedIndicator[];
}

export const LANGUAGES = ['ja', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** 刑事訴訟法47条 ただし書: publication must serve the public interest and weigh the harms. */
export const CHECKLIST_ITEMS = [
  'purpose',
  'necessity',
  'harmsConsidered',
  'victimsProtected',
  'investigationNotHarmed',
] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];
export type Art47Checklist = Record<ChecklistItem, boolean>;
