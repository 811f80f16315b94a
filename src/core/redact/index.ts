/**
 * Redaction engine for public advisories (issue 6): removes Japanese and English personal data and
 * shows what it removed. Pure and I/O-free.
 */
export type { DiffSegment, RedactionDiff } from './diff.js';
export { diff, renderDiff } from './diff.js';
export { POLICY_KINDS, redact } from './redact.js';
export type {
  PiiKind,
  RedactionLanguage,
  RedactionPolicy,
  RedactionResult,
  RedactionSpan,
  RedactionStats,
  RedactOptions,
} from './types.js';
export { PII_KINDS } from './types.js';
