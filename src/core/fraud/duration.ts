/**
 * Window lengths in rule sets are short strings (`1m`, `15m`, `24h`, `90d`): readable in review and
 * impossible to confuse between seconds and milliseconds.
 */

const UNIT_MS: Readonly<Record<string, number>> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

export const MIN_WINDOW_MS = 60_000;
export const MAX_WINDOW_MS = 90 * 86_400_000;

const WINDOW_PATTERN = /^([1-9][0-9]{0,5})([mhd])$/;

export type ParsedWindow = { ok: true; ms: number } | { ok: false; message: string };

/** `1m` … `90d`; always a whole number of minutes, so `ms / 60` buckets divide it exactly. */
export function parseWindow(text: unknown): ParsedWindow {
  if (typeof text !== 'string')
    return { ok: false, message: 'must be a string such as "15m", "24h" or "7d"' };
  const match = WINDOW_PATTERN.exec(text);
  if (!match)
    return { ok: false, message: `"${text.slice(0, 20)}" is not a window such as "15m", "24h" or "7d"` };
  const ms = Number(match[1]) * UNIT_MS[match[2]!]!;
  if (ms < MIN_WINDOW_MS || ms > MAX_WINDOW_MS) {
    return { ok: false, message: `must be between 1m and 90d (got ${text})` };
  }
  return { ok: true, ms };
}

export function windowMs(text: string): number {
  const parsed = parseWindow(text);
  if (!parsed.ok) throw new Error(`invalid window ${text}: ${parsed.message}`);
  return parsed.ms;
}

export function formatWindow(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  return `${Math.round(ms / 60_000)}m`;
}
