/**
 * Public API of the indicator normalization / extraction library (pure, I/O-free).
 */

export type { BankAccountType } from './bank.js';
export { bankAccountFromParts, normalizeBankAccount, yuchoToZengin } from './bank.js';
export { eip55, normalizeBtc, normalizeEth } from './crypto.js';
export { normalizeDomain } from './domain.js';
export { normalizeEmail } from './email.js';
export { extractIndicators, extractLinksAndPhones } from './extract.js';
export type { IpScope } from './ip.js';
export { normalizeCidr, normalizeIp } from './ip.js';
export type { HashType } from './misc.js';
export { normalizeDeviceFingerprint, normalizeHash, normalizeSmsSender } from './misc.js';
export { detectIndicator, normalizeIndicator } from './normalize.js';
export { NormalizeMemo } from './normalize-memo.js';
export type { JpLineType } from './phone.js';
export { normalizePhone } from './phone.js';
export { prepareText } from './text.js';
export type {
  ExtractedIndicator,
  Indicator,
  IndicatorAttributes,
  IndicatorType,
  NormalizeResult,
} from './types.js';
export { INDICATOR_TYPES, isIndicatorType, makeIndicator } from './types.js';
export { normalizeUrl } from './url.js';
