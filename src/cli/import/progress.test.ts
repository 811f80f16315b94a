import { describe, expect, it } from 'vitest';
import { BarProgress, createProgress, formatDuration, renderProgressLine } from './progress.js';

const counts = { items: 1200, created: 1000, duplicate: 150, invalid: 50 };

describe('progress', () => {
  it('renders bar, percentage, rate, counts and ETA', () => {
    const line = renderProgressLine({
      counts,
      bytesRead: 250,
      totalBytes: 1000,
      elapsedMs: 10_000,
      width: 200,
    });
    expect(line).toMatch(
      /^\[█{10}░{30}\] {2}25\.0% {2}ETA 00:30 {2}1,200 items {2}120\/s {2}created 1,000 {2}dup 150 {2}invalid 50$/,
    );
  });

  it('fits a narrow terminal and copes with an empty file', () => {
    const line = renderProgressLine({ counts, bytesRead: 0, totalBytes: 0, elapsedMs: 0, width: 60 });
    expect(line.length).toBeLessThan(60);
    expect(line).toContain('100.0%');
    expect(formatDuration(Number.NaN)).toBe('--:--');
    expect(formatDuration(3725)).toBe('1:02:05');
  });

  it('redraws at most ~10 times a second and ends with a newline', () => {
    let t = 0;
    const writes: string[] = [];
    const bar = new BarProgress({ write: (s: string) => writes.push(s), columns: 120 }, 1000, () => t);
    for (let i = 0; i < 50; i++) {
      t += 10;
      bar.committed({ ...counts, items: i }, i * 10);
    }
    expect(writes.length).toBe(5);
    expect(writes.every((w) => w.startsWith('\r'))).toBe(true);
    bar.finish(counts, 1000);
    expect(writes.at(-1)).toBe('\n');
    expect(writes.at(-2)).toContain('100.0%');
  });

  it('prints one JSON line per committed chunk in json mode', () => {
    const writes: string[] = [];
    const progress = createProgress('json', { write: (s: string) => writes.push(s) }, 10);
    progress.committed(counts, 5);
    progress.finish(counts, 10);
    expect(writes).toEqual([
      `${JSON.stringify({ committed: 1200, created: 1000, duplicate: 150, invalid: 50 })}\n`,
    ]);
  });
});
