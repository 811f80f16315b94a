/**
 * Per-account memory that is not a window aggregate: the devices an account used (hashed, last
 * seen) and its recent amounts. Both are small flat number arrays with a hard bound, because there
 * is one per account and a million accounts must fit in a few hundred megabytes.
 */
import { hash32 } from './window-series.js';

/**
 * `[deviceHash, lastSeenMs, …]`; at most `limit` devices, the least recently seen is replaced.
 * Arrays are kept at their exact length (see `window-series.ts`), so updates return the array.
 */
export type DeviceHistory = number[];

export function rememberDevice(
  history: DeviceHistory | undefined,
  deviceId: string,
  time: number,
  limit: number,
): DeviceHistory {
  const hash = hash32(deviceId);
  if (!history) return [hash, time];
  let oldest = 0;
  for (let i = 0; i < history.length; i += 2) {
    if (history[i] === hash) {
      if (history[i + 1]! < time) history[i + 1] = time;
      return history;
    }
    if (history[i + 1]! < history[oldest + 1]!) oldest = i;
  }
  if (history.length < limit * 2) {
    const next = new Array<number>(history.length + 2);
    for (let i = 0; i < history.length; i++) next[i] = history[i]!;
    next[history.length] = hash;
    next[history.length + 1] = time;
    return next;
  }
  history[oldest] = hash;
  history[oldest + 1] = time;
  return history;
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
  history: AmountHistory | undefined,
  amount: number,
  time: number,
  typeBit: number,
  limit: number,
): AmountHistory {
  if (!history) return [amount, time, typeBit];
  let at = history.length;
  while (at >= 3 && history[at - 2]! > time) at -= 3;
  // Drop the oldest entry when full (unless the new one would be the oldest itself).
  const drop = history.length >= limit * 3 ? 3 : 0;
  if (drop > 0 && at === 0) return history;
  const next = new Array<number>(history.length + 3 - drop);
  let k = 0;
  for (let j = drop; j < at; j++) next[k++] = history[j]!;
  next[k++] = amount;
  next[k++] = time;
  next[k++] = typeBit;
  for (let j = at; j < history.length; j++) next[k++] = history[j]!;
  return next;
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
