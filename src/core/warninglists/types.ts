/**
 * Types of the MISP warninglist library (pure, I/O-free).
 */
import type { IndicatorType } from '../indicators/types.js';

export const WARNINGLIST_TYPES = ['string', 'substring', 'hostname', 'cidr', 'regex'] as const;

export type WarninglistType = (typeof WARNINGLIST_TYPES)[number];

/** A validated warninglist. `list` holds only the usable entries (trimmed, deduplicated, in input order). */
export interface Warninglist {
  name: string;
  description: string;
  version: number;
  type: WarninglistType;
  /** MISP attribute types as declared, or null when the list did not declare any. */
  matchingAttributes: string[] | null;
  /** Koban indicator types this list applies to (derived from `matchingAttributes` or from `type`). */
  appliesTo: IndicatorType[];
  list: string[];
  /** Entries skipped or oddities found while parsing; never fatal. */
  warnings: string[];
}

export type ParseWarninglistResult = { ok: true; list: Warninglist } | { ok: false; errors: string[] };

/** One reason an indicator is on a warninglist. Hit objects are frozen and shared between calls. */
export interface WarninglistHit {
  readonly list: string;
  readonly type: WarninglistType;
  /** The list entry that matched, as written in the list (trimmed). */
  readonly entry: string;
}
