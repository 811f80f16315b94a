export { BlocklistBuilder } from './builder.js';
export { Hash64, hash64, hashRange, hashRangeReverse } from './hash.js';
export {
  type BlocklistKind,
  canonicalEntryValue,
  KINDS,
  MAX_PREFIX_SEGMENTS,
  urlPrefixKey,
} from './keys.js';
export { type BlocklistMatch, type LookupParts, lookupDomain, lookupUrl } from './lookup.js';
export { SNAPSHOT_VERSION } from './snapshot.js';
export { type AddOptions, BlocklistTable, type Entry, type Severity } from './table.js';
