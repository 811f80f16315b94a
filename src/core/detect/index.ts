/**
 * Public API of the protection core (pure, I/O-free): build once from a snapshot, check in
 * microseconds. See README.md for a worked example.
 */

export { BlocklistBuilder, BlocklistTable } from './blocklist/index.js';
export { BrandIndex } from './brand-index.js';
export type { CampaignShapeLookup, CampaignShapeOptions, ShapeKind, ShapeMatch } from './campaign-shapes.js';
export { CampaignShapes } from './campaign-shapes.js';
export type { InputProblem, ProtectionSnapshot, SmsChecker, UrlChecker, UrlCheckResult } from './checkers.js';
export { buildContext, checkUrl, createSmsChecker, createUrlChecker } from './checkers.js';
export { defangHost, defangUrl } from './defang.js';
export { DEFAULT_BRANDS } from './default-brands.js';
export type { VerdictThresholds } from './evidence.js';
export { DEFAULT_THRESHOLDS } from './evidence.js';
export { createLookalikeMatcher, generateLookalikes } from './lookalike/index.js';
export type { LinkVerdict, SmsCheckResult, SmsMessage } from './sms-check.js';
export { tableLists } from './table-lists.js';
export type { BrandSector, CheckResult, ProtectedBrand, Reason, ReasonCode, Verdict } from './types.js';
export type { ListHit, LookalikeFinder, LookalikeHit, UrlLists } from './url-check.js';
export type { UrlParts } from './url-parts.js';
export { domainParts, urlParts } from './url-parts.js';
