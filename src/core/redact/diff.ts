/**
 * The diff view an approver reviews before publishing (刑事訴訟法47条): the original text cut into
 * unchanged and removed segments, each removal with its kind, placeholder, rule and confidence.
 * `renderDiff` gives the plain-text forms for the CLI and tests.
 */
import type { PiiKind, RedactionResult } from './types.js';

export type DiffSegment =
  | { readonly type: 'same'; readonly start: number; readonly end: number; readonly text: string }
  | {
      readonly type: 'removed';
      readonly start: number;
      readonly end: number;
      readonly text: string;
      readonly kind: PiiKind;
      readonly replacement: string;
      readonly rule: string;
      readonly confidence: number;
    };

export interface RedactionDiff {
  readonly segments: readonly DiffSegment[];
  readonly removed: number;
  readonly byKind: Readonly<Partial<Record<PiiKind, number>>>;
}

/**
 * Segments of `original` against a result of `redact(original)`. Spans that do not fit the text
 * (a result of another text) are skipped rather than trusted, so the view never shows wrong text.
 */
export function diff(original: string, result: Pick<RedactionResult, 'spans'>): RedactionDiff {
  const segments: DiffSegment[] = [];
  const byKind: Partial<Record<PiiKind, number>> = {};
  let last = 0;
  const spans = [...result.spans].sort((a, b) => a.start - b.start);
  for (const s of spans) {
    if (s.start < last || s.end > original.length || original.slice(s.start, s.end) !== s.original) continue;
    if (s.start > last)
      segments.push({ type: 'same', start: last, end: s.start, text: original.slice(last, s.start) });
    segments.push({
      type: 'removed',
      start: s.start,
      end: s.end,
      text: s.original,
      kind: s.kind,
      replacement: s.replacement,
      rule: s.rule,
      confidence: s.confidence,
    });
    byKind[s.kind] = (byKind[s.kind] ?? 0) + 1;
    last = s.end;
  }
  if (last < original.length) {
    segments.push({ type: 'same', start: last, end: original.length, text: original.slice(last) });
  }
  const removed = segments.filter((s) => s.type === 'removed').length;
  return { segments, removed, byKind };
}

/**
 * `inline`: the text with each removal as `[-original-]{+placeholder+}` (wdiff style).
 * `list`: one line per removal (`person_name 山田太郎 → ［氏名1］ name_labelled 0.90 @4-8`) and a total.
 */
export function renderDiff(d: RedactionDiff, style: 'inline' | 'list' = 'inline'): string {
  if (style === 'inline') {
    return d.segments.map((s) => (s.type === 'same' ? s.text : `[-${s.text}-]{+${s.replacement}+}`)).join('');
  }
  const lines: string[] = [];
  for (const s of d.segments) {
    if (s.type !== 'removed') continue;
    const text = s.text.replace(/\n/g, '\\n');
    lines.push(
      `${s.kind.padEnd(14)} ${text} → ${s.replacement}  ${s.rule} ${s.confidence.toFixed(2)} @${s.start}-${s.end}`,
    );
  }
  const kinds = Object.entries(d.byKind)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  lines.push(`removed ${d.removed}${kinds === '' ? '' : ` (${kinds})`}`);
  return lines.join('\n');
}
