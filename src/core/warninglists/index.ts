/**
 * Public API of the MISP warninglist library (pure, I/O-free).
 */
export type { IpRange } from './entries.js';
export {
  compileRegexEntry,
  MAX_REGEX_INPUT,
  MAX_REGEX_LENGTH,
  MISP_ATTRIBUTE_MAP,
  mergeRanges,
  normalizeHostnameEntry,
  parseCidr,
  resolveAppliesTo,
} from './entries.js';
export type { WarninglistIndexStats } from './matcher.js';
export { WarninglistIndex } from './matcher.js';
export { parseWarninglist } from './parse.js';
export type { ParseWarninglistResult, Warninglist, WarninglistHit, WarninglistType } from './types.js';
export { WARNINGLIST_TYPES } from './types.js';
