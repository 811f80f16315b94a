/**
 * Per-account memory that is not a window aggregate: the devices an account used (hashed, last
 * seen) and its recent amounts. Both are small flat number arrays with a hard bound, because there
 * is one per account and a million accounts must fit in a few hundred megabytes.
 */
import { hash32 } from './window-series.js';

/** `[deviceHash, lastSeenMs, …]`; at most `limit` devices, the least recently seen is replaced. */
export type DeviceHistory = number[];

export function rememberDevice(history: DeviceHistory, deviceId: string, time: number, limit: number): void {
  const hash = hash32(deviceId);
  let oldest = 0;
  for (let i = 0; i < history.length; i += 2) {
    if (history[i] === hash) {
      if (history[i + 1]! < time) history[i + 1] = time;
      return;
    }
    if (history[i + 1]! < history[oldest + 1]!) oldest = i;
  }
  if (history.length < limit * 2) history.push(hash, time);
  else {
    history[oldest] = hash;
    history[oldest + 1] = time;
  }
}

/** Whether the device was seen for this account at or after `since`. */
export function knowsDevice(history: DeviceHistory | undefined, deviceId: string, since: number): boolean {
  if (!history) return false;
  const hash = hash32(deviceId);
  for (let i = 0; i < history.length; i += 2) if (history[i] === hash) return history[i + 1]! >= since;
  return false;
}

export function knownDeviceCount(history: DeviceHistory | undefined, since: number): number {
  if (!history) return 0;
  let count = 0;
  for (let i = 1; i < history.length; i += 2) if (history[i]! >= since) count += 1;
  return count;
}

/** `[amount, timeMs, typeBit, …]` ascending by time; the oldest is dropped beyond `limit`. */
export type AmountHistory = number[];

export function rememberAmount(
  history: AmountHistory,
  amount: number,
  time: number,
  typeBit: number,
  limit: number,
): void {
  let i = history.length - 3;
  while (i >= 0 && history[i + 1]! > time) i -= 3;
  if (i === history.length - 3) history.push(amount, time, typeBit);
  else history.splice(i + 3, 0, amount, time, typeBit);
  if (history.length > limit * 3) history.splice(0, history.length - limit * 3);
}

export type AmountStat = 'max' | 'p90' | 'mean';

export interface AmountBaseline {
  value: number;
  count: number;
}

/**
 * The statistic over the newest `lastN` amounts dated in `[since, until]` whose type is in
 * `typeMask` (0 = any). `until` keeps a late event from being compared with what came after it.
 */
export function amountBaseline(
  history: AmountHistory | undefined,
  stat: AmountStat,
  lastN: number,
  since: number,
  until: number,
  typeMask: number,
): AmountBaseline {
  const picked: number[] = [];
  if (history) {
    for (let i = history.length - 3; i >= 0 && picked.length < lastN; i -= 3) {
      const time = history[i + 1]!;
      if (time > until) continue;
      if (time < since) break;
      if (typeMask === 0 || (history[i + 2]! & typeMask) !== 0) picked.push(history[i]!);
    }
  }
  if (picked.length === 0) return { value: 0, count: 0 };
  if (stat === 'max') return { value: Math.max(...picked), count: picked.length };
  if (stat === 'mean')
    return { value: picked.reduce((a, b) => a + b, 0) / picked.length, count: picked.length };
  picked.sort((a, b) => a - b);
  return { value: picked[Math.ceil(0.9 * picked.length) - 1]!, count: picked.length };
}
