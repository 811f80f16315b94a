/**
 * The memory layout of one entity (an account, a device, an IP, a phone range, a bank account):
 * a single flat array of numbers, `[lastSeenMinute, header, ...data, header, ...data, …]`, one
 * segment per piece of state — for accounts the device history, the amount history, then one per
 * window aggregate; for other entities one per window aggregate. A header is the length of the data
 * that follows, or `SKETCHED` when a distinct count outgrew its exact form and lives in the table's
 * sketch map.
 *
 * Why: with a million accounts and as many devices and bank accounts, an object or array per
 * series costs ~50 bytes of headers each, and JS arrays grown by `push` keep slack. One
 * exact-length array of doubles per entity is about a third of that and gives the garbage
 * collector three objects per key (map entry, key, array) instead of a dozen. Updates that keep
 * the length write in place (the common case: another event in the newest bucket); others rebuild
 * the array, which is at most a few hundred numbers.
 */

export type Entity = number[];

export const LAST_SEEN = 0;
export const SKETCHED = -1;

/** Index of segment `segment`'s header, or -1 when the entity predates that segment (empty). */
export function segmentAt(entity: Entity, segment: number): number {
  let p = 1;
  for (let s = 0; s < segment; s++) {
    if (p >= entity.length) return -1;
    const header = entity[p]!;
    p += 1 + Math.max(header, 0);
  }
  return p < entity.length ? p : -1;
}

/** Data length of the segment whose header is at `p` (0 when missing or sketched). */
export function dataLength(entity: Entity, p: number): number {
  return p < 0 ? 0 : Math.max(entity[p]!, 0);
}

export function newEntity(segments: number, lastSeenMinute: number): Entity {
  const entity: Entity = new Array(1 + segments);
  entity[LAST_SEEN] = lastSeenMinute;
  for (let i = 1; i <= segments; i++) entity[i] = 0;
  return entity;
}

/** Copy of a segment's data (for rebuilding it). */
export function segmentData(entity: Entity, segment: number): number[] {
  const p = segmentAt(entity, segment);
  const length = dataLength(entity, p);
  return length === 0 ? [] : entity.slice(p + 1, p + 1 + length);
}

/**
 * A new entity array with segment `segment` replaced by `data` (header `header`, default its
 * length); segments the entity did not have yet are added empty.
 */
export function withSegment(
  entity: Entity,
  segment: number,
  data: readonly number[],
  header = data.length,
): Entity {
  let p = segmentAt(entity, segment);
  let missing = 0;
  if (p < 0) {
    // Count the segments present to know how many empty headers to add before this one.
    let present = 0;
    for (let q = 1; q < entity.length; q += 1 + Math.max(entity[q]!, 0)) present += 1;
    missing = segment - present;
    p = entity.length;
  }
  const oldLength = p < entity.length ? dataLength(entity, p) : 0;
  const tailStart = p < entity.length ? p + 1 + oldLength : entity.length;
  const next: Entity = new Array(p + missing + 1 + data.length + (entity.length - tailStart));
  let k = 0;
  for (let i = 0; i < p; i++) next[k++] = entity[i]!;
  for (let i = 0; i < missing; i++) next[k++] = 0;
  next[k++] = header;
  for (let i = 0; i < data.length; i++) next[k++] = data[i]!;
  for (let i = tailStart; i < entity.length; i++) next[k++] = entity[i]!;
  return next;
}
