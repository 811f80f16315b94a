/**
 * Vocabulary of the backtest: a labelled event (what the data sets and Koban's own journal export
 * give us) and the formats the loader understands.
 */
import type { FraudEvent } from '../../core/fraud/index.js';

export const FRAUD_LABELS = ['fraud', 'legitimate'] as const;
export type FraudLabel = (typeof FRAUD_LABELS)[number];

export interface LabelledEvent {
  event: FraudEvent;
  /** Absent for unlabelled journal lines: they count in alert rates but not in precision or recall. */
  label?: FraudLabel;
}

export const DATA_FORMATS = ['jsonl', 'paysim', 'amlsim', 'ieee-cis'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

/** A row the adapter could not turn into an event, reported instead of silently dropped. */
export interface SkippedRow {
  line: number;
  message: string;
}

export interface AdaptedData {
  format: DataFormat;
  /** In time order (stable: rows of the same instant keep their file order). */
  events: LabelledEvent[];
  skipped: SkippedRow[];
  /** How the data set was mapped (rates, label policy), printed with the results. */
  notes: string[];
}
