/**
 * Koban's own event-journal export: one JSON object per line, `{"event": {…}, "label"?: "fraud" |
 * "legitimate"}`, where `event` is what the payment app posted (normalized here as production does).
 * Blank lines are ignored; a line that is not such an object is reported, not fatal.
 */
import {
  type AdaptedData,
  FRAUD_LABELS,
  type FraudLabel,
  type LabelledEvent,
  type SkippedRow,
} from '../types.js';
import { inTimeOrder, labelled } from './common.js';

const LABELS: ReadonlySet<string> = new Set(FRAUD_LABELS);

export function adaptJsonLines(text: string): AdaptedData {
  const events: LabelledEvent[] = [];
  const skipped: SkippedRow[] = [];
  const lines = text.split('\n');
  lines.forEach((content, i) => {
    const line = i + 1;
    if (content.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(content);
    } catch {
      skipped.push({ line, message: 'not JSON' });
      return;
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !('event' in parsed)) {
      skipped.push({ line, message: 'must be an object {event, label?}' });
      return;
    }
    const { event, label } = parsed as { event: unknown; label?: unknown };
    if (label !== undefined && (typeof label !== 'string' || !LABELS.has(label))) {
      skipped.push({ line, message: `label must be "fraud" or "legitimate"` });
      return;
    }
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      skipped.push({ line, message: 'event must be an object' });
      return;
    }
    labelled(event as Record<string, unknown>, label as FraudLabel | undefined, line, events, skipped);
  });
  return { format: 'jsonl', events: inTimeOrder(events), skipped, notes: [] };
}
