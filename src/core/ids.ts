import { createHash, randomBytes } from 'node:crypto';

/**
 * UUIDv7 (RFC 9562): time-ordered, so ids double as a stable sort key for cursor paging.
 * A per-generator counter keeps ids created in the same millisecond in creation order.
 */
export function createIdGenerator(now: () => number = Date.now): () => string {
  let lastMs = 0;
  let counter = 0;
  // Random bytes drawn in blocks: one syscall per 256 ids instead of one per id.
  let pool = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + 16 > pool.length) {
      pool = randomBytes(16 * 256);
      offset = 0;
    }
    let ms = now();
    if (ms <= lastMs) {
      ms = lastMs;
      counter++;
      if (counter > 0xfff) {
        ms = lastMs + 1;
        counter = 0;
      }
    } else {
      counter = 0;
    }
    lastMs = ms;
    const bytes = pool.subarray(offset, offset + 16);
    offset += 16;
    bytes.writeUIntBE(ms, 0, 6);
    bytes[6] = 0x70 | (counter >> 8);
    bytes[7] = counter & 0xff;
    bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}

/**
 * Deterministic indicator id: the same canonical key always maps to the same id on every node.
 * 128 bits of SHA-256 in base64url (22 characters): short keys keep the random-access indexes small,
 * which is what bulk ingest pays for.
 */
export function indicatorId(key: string): string {
  return createHash('sha256').update(key).digest().subarray(0, 16).toString('base64url');
}
