export { Hash64, hash64, hashRange } from './hash.js';
export { type BlocklistMatch, type LookupParts, lookupDomain, lookupUrl } from './lookup.js';
export { SNAPSHOT_VERSION } from './snapshot.js';
export {
  type AddOptions,
  BlocklistBuilder,
  type BlocklistKind,
  BlocklistTable,
  canonicalEntryValue,
  type Entry,
  KINDS,
  MAX_PREFIX_SEGMENTS,
  type Severity,
  urlPrefixKey,
} from './table.js';
