import type { ImportCounts } from './types.js';

export type ProgressMode = 'bar' | 'json' | 'none';

/** Told about every committed chunk; `finish` once at the end (also after a failure). */
export interface ProgressReporter {
  committed(counts: ImportCounts, bytesRead: number): void;
  finish(counts: ImportCounts, bytesRead: number): void;
}

export interface ProgressStream {
  write(text: string): unknown;
  columns?: number;
}

export function createProgress(
  mode: ProgressMode,
  stream: ProgressStream,
  totalBytes: number,
  now: () => number = Date.now,
): ProgressReporter {
  if (mode === 'json') return new JsonProgress(stream);
  if (mode === 'bar') return new BarProgress(stream, totalBytes, now);
  return { committed() {}, finish() {} };
}

/** One JSON line per committed chunk: a machine-readable acknowledgement of what is safely stored. */
export class JsonProgress implements ProgressReporter {
  constructor(private readonly stream: ProgressStream) {}

  committed(counts: ImportCounts): void {
    const { items, created, duplicate, invalid } = counts;
    this.stream.write(`${JSON.stringify({ committed: items, created, duplicate, invalid })}\n`);
  }

  finish(): void {}
}

const REDRAW_MS = 100;

/** A single redrawn line on a terminal, at most ~10 times a second. */
export class BarProgress implements ProgressReporter {
  private readonly started: number;
  private lastDraw = Number.NEGATIVE_INFINITY;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly totalBytes: number,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  committed(counts: ImportCounts, bytesRead: number): void {
    const t = this.now();
    if (t - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = t;
    this.draw(counts, bytesRead, t);
  }

  finish(counts: ImportCounts, bytesRead: number): void {
    this.draw(counts, bytesRead, this.now());
    if (this.drawn) this.stream.write('\n');
  }

  private draw(counts: ImportCounts, bytesRead: number, t: number): void {
    const line = renderProgressLine({
      counts,
      bytesRead,
      totalBytes: this.totalBytes,
      elapsedMs: t - this.started,
      width: (this.stream.columns ?? 0) >= 20 ? (this.stream.columns as number) : 80,
    });
    // \r back to the start of the line, \x1b[K clears what a longer previous line left behind.
    this.stream.write(`\r${line}\x1b[K`);
    this.drawn = true;
  }
}

export interface ProgressLineInput {
  counts: ImportCounts;
  bytesRead: number;
  totalBytes: number;
  elapsedMs: number;
  /** Terminal width: the bar shrinks to fit. */
  width: number;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

/** `[█████░░░░░]  42.0%  ETA 00:37  12,345 items  3,210/s  created 12,000  dup 300  invalid 45` */
export function renderProgressLine(input: ProgressLineInput): string {
  const { counts, bytesRead, totalBytes, elapsedMs } = input;
  const fraction = totalBytes > 0 ? Math.min(1, bytesRead / totalBytes) : 1;
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? counts.items / seconds : 0;
  const eta =
    fraction >= 1 ? 0 : fraction > 0 && seconds > 0 ? (seconds * (1 - fraction)) / fraction : Number.NaN;
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  // ETA comes early: on a narrow terminal the end of the line is what gets cut.
  const tail =
    ` ${(fraction * 100).toFixed(1).padStart(5)}%  ETA ${formatDuration(eta)}  ${n(counts.items)} items  ${n(rate)}/s` +
    `  created ${n(counts.created)}  dup ${n(counts.duplicate)}  invalid ${n(counts.invalid)}`;
  const barWidth = Math.max(10, Math.min(40, input.width - tail.length - 3));
  const filled = Math.round(fraction * barWidth);
  const line = `[${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}]${tail}`;
  // A line wider than the terminal would wrap, and \r could no longer redraw it in place.
  return line.length >= input.width ? line.slice(0, Math.max(1, input.width - 1)) : line;
}
