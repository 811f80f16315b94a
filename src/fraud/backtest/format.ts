/**
 * Prints a backtest report: a plain-text table for people, or JSON for scripts and dashboards.
 */
import type { DetectionQuality } from './metrics.js';
import type { BacktestResult } from './run.js';
import type { DataFormat, SkippedRow } from './types.js';

export interface BacktestReport {
  data: { path: string; format: DataFormat; notes: string[]; skipped: SkippedRow[] };
  result: BacktestResult;
}

/** At most this many skipped rows are listed in the text output (all are counted). */
const SKIPPED_SHOWN = 5;

export function formatBacktestJson(report: BacktestReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

export function formatBacktestText({ data, result }: BacktestReport): string {
  const { labels } = result;
  const lines: string[] = [
    `rule set ${result.ruleSet.id} ${result.ruleSet.version} (${result.ruleSet.rules} rules) on ${data.path} [${data.format}]`,
    `events ${int(result.events)}: fraud ${int(labels.fraud)}, legitimate ${int(labels.legitimate)}, unlabelled ${int(labels.unlabelled)}`,
    ...data.notes.map((note) => `  ${note}`),
  ];
  if (data.skipped.length > 0) {
    lines.push(`skipped rows: ${int(data.skipped.length)}`);
    for (const row of data.skipped.slice(0, SKIPPED_SHOWN)) lines.push(`  line ${row.line}: ${row.message}`);
  }
  lines.push('', 'alerts');
  lines.push(
    ...table(
      ['', 'count', 'rate'],
      [
        ['any (≠ allow)', int(result.alerts.anyAlert.count), pct(result.alerts.anyAlert.rate)],
        ['hold or deny', int(result.alerts.holdOrDeny.count), pct(result.alerts.holdOrDeny.rate)],
      ],
    ),
  );
  lines.push('', 'detection (labelled events)');
  const quality = (name: string, q: DetectionQuality): string[] => [
    name,
    pct(q.precision),
    pct(q.recall),
    fixed(q.f1),
    int(q.truePositives),
    int(q.falsePositives),
    int(q.falseNegatives),
  ];
  lines.push(
    ...table(
      ['positive =', 'precision', 'recall', 'F1', 'TP', 'FP', 'FN'],
      [quality('any alert', result.detection.anyAlert), quality('hold or deny', result.detection.holdOrDeny)],
    ),
  );
  lines.push('', 'decisions by label');
  lines.push(
    ...table(
      ['decision', 'fraud', 'legitimate', 'unlabelled'],
      Object.entries(result.confusion).map(([decision, c]) => [
        decision,
        int(c.fraud),
        int(c.legitimate),
        int(c.unlabelled),
      ]),
    ),
  );
  lines.push('', 'rules (most hits first)');
  const fired = result.rules
    .filter((r) => r.hits > 0)
    .sort((a, b) => b.hits - a.hits || a.ruleId.localeCompare(b.ruleId));
  lines.push(
    ...table(
      ['rule', 'hits', 'fraud', 'legitimate', 'precision', 'fraud covered'],
      fired.map((r) => [
        r.ruleId,
        int(r.hits),
        int(r.fraud),
        int(r.legitimate),
        pct(r.precision),
        pct(r.fraudCoverage),
      ]),
    ),
  );
  // Listed by name only: a rule that never fires on a data set is worth knowing, not worth a table row.
  const silent = result.rules.filter((r) => r.hits === 0).map((r) => r.ruleId);
  if (silent.length > 0) lines.push(`  never fired (${silent.length}): ${silent.join(', ')}`);
  const notices = Object.entries(result.notices);
  if (notices.length > 0)
    lines.push('', `engine notices: ${notices.map(([code, n]) => `${code} ${int(n)}`).join(', ')}`);
  const { latency } = result;
  lines.push(
    '',
    `decision latency (evaluate): p50 ${us(latency.p50Us)}, p99 ${us(latency.p99Us)}, max ${us(latency.maxUs)}, mean ${us(latency.meanUs)}`,
    `replay ${fixed(result.replayMs, 0)} ms (${result.eventsPerSecond === null ? '—' : int(Math.round(result.eventsPerSecond))} events/s, evaluate + apply)`,
  );
  return `${lines.join('\n')}\n`;
}

/** Left-aligns the first column, right-aligns the numbers. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const render = (row: string[]): string =>
    `  ${row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')}`.trimEnd();
  return [render(header), ...rows.map(render)];
}

function int(value: number): string {
  return value.toLocaleString('en-US');
}

function pct(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)} %`;
}

function fixed(value: number | null, digits = 3): string {
  return value === null ? '—' : value.toFixed(digits);
}

function us(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} ms` : `${value.toFixed(1)} µs`;
}
