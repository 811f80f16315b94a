/**
 * Per-account memory that is not a window aggregate, kept in the account's segments (see
 * `segments.ts`): the devices it used — `[deviceHash, lastSeenMs, …]`, at most `limit`, the least
 * recently seen replaced — and its recent amounts — `[amount, timeMs, typeBit, …]` ascending by
 * time, the oldest dropped beyond `limit`. Both have a hard bound: there is one per account.
 */
import { dataLength, type Entity, segmentAt, segmentData, withSegment } from './segments.js';

export function rememberDevice(
  entity: Entity,
  segment: number,
  hash: number,
  time: number,
  limit: number,
): Entity {
  const p = segmentAt(entity, segment);
  const end = p + dataLength(entity, p);
  for (let i = p + 1; i < end; i += 2) {
    if (entity[i] === hash) {
      if (entity[i + 1]! < time) entity[i + 1] = time;
      return entity;
    }
  }
  const data = segmentData(entity, segment);
  if (data.length < 2 * limit) data.push(hash, time);
  else {
    let oldest = 0;
    for (let i = 2; i < data.length; i += 2) if (data[i + 1]! < data[oldest + 1]!) oldest = i;
    data[oldest] = hash;
    data[oldest + 1] = time;
  }
  return withSegment(entity, segment, data);
}

/** Whether the device was seen for this account at or after `since` (segment header at `p`). */
export function knowsDevice(entity: Entity | undefined, p: number, hash: number, since: number): boolean {
  if (!entity) return false;
  const end = p + dataLength(entity, p);
  for (let i = p + 1; i < end; i += 2) if (entity[i] === hash) return entity[i + 1]! >= since;
  return false;
}

export function knownDeviceCount(entity: Entity | undefined, p: number, since: number): number {
  if (!entity) return 0;
  let count = 0;
  const end = p + dataLength(entity, p);
  for (let i = p + 2; i <= end; i += 2) if (entity[i]! >= since) count += 1;
  return count;
}

export function rememberAmount(
  entity: Entity,
  segment: number,
  amount: number,
  time: number,
  typeBit: number,
  limit: number,
): Entity {
  const data = segmentData(entity, segment);
  let at = data.length;
  while (at >= 3 && data[at - 2]! > time) at -= 3;
  if (data.length >= 3 * limit && at === 0) return entity;
  data.splice(at, 0, amount, time, typeBit);
  return withSegment(entity, segment, data.length > 3 * limit ? data.slice(3) : data);
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
  entity: Entity | undefined,
  p: number,
  stat: AmountStat,
  lastN: number,
  since: number,
  until: number,
  typeMask: number,
): AmountBaseline {
  const picked: number[] = [];
  if (entity) {
    for (let i = p + dataLength(entity, p) - 2; i > p && picked.length < lastN; i -= 3) {
      const time = entity[i + 1]!;
      if (time > until) continue;
      if (time < since) break;
      if (typeMask === 0 || (entity[i + 2]! & typeMask) !== 0) picked.push(entity[i]!);
    }
  }
  if (picked.length === 0) return { value: 0, count: 0 };
  if (stat === 'max') return { value: Math.max(...picked), count: picked.length };
  if (stat === 'mean')
    return { value: picked.reduce((a, b) => a + b, 0) / picked.length, count: picked.length };
  picked.sort((a, b) => a - b);
  return { value: picked[Math.ceil(0.9 * picked.length) - 1]!, count: picked.length };
}
