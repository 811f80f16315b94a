/**
 * Library entry points: build the indexes once from a snapshot, then check messages, URLs and
 * domains with no I/O. This is what a carrier's SMS gateway embeds (`koban/core/detect`).
 */
import { BrandIndex } from './brand-index.js';
import { type CampaignShapeLookup, type CampaignShapeOptions, CampaignShapes } from './campaign-shapes.js';
import { defangHost, defangUrl } from './defang.js';
import { DEFAULT_BRANDS } from './default-brands.js';
import { DEFAULT_THRESHOLDS, type VerdictThresholds } from './evidence.js';
import { HashScorer, LinearModel, type SerializedModel } from './linear-model.js';
import { createLookalikeMatcher } from './lookalike/index.js';
import { LureIndex } from './lures.js';
import { MessageKeywords } from './message-keywords.js';
import { SMS_MODEL } from './models/sms-model.js';
import { URL_MODEL } from './models/url-model.js';
import {
  CheckMemo,
  checkSms,
  type SmsCheckContext,
  type SmsCheckResult,
  type SmsMessage,
} from './sms-check.js';
import type { CheckResult, ProtectedBrand } from './types.js';
import {
  checkUrlParts,
  type ListHit,
  type LookalikeFinder,
  type UrlLists,
  UrlModelScorer,
} from './url-check.js';
import { domainParts, urlParts } from './url-parts.js';

type ShippedModel = SerializedModel & { thresholds: { warn: number; block: number } };

/** Everything the checks know; built by the server from its store, or by hand when embedded. */
export interface ProtectionSnapshot {
  /** Protected brands; the built-in Japanese catalogue when omitted. */
  brands?: readonly ProtectedBrand[];
  /** Known-bad URLs and domains. */
  lists?: UrlLists;
  /** Lookalike detector; one built from `brands` when omitted. */
  lookalikes?: LookalikeFinder;
  /** Registrable domains known to be benign (e.g. popular-domain warninglists). */
  benignDomains?: Iterable<string>;
  /** Phone numbers / sender ids (E.164 or NFKC text) flagged as crime infrastructure. */
  flaggedNumbers?: ReadonlyMap<string, ListHit>;
  /**
   * Recently reported phishing URLs (ISO `reportedAt`): their campaign shapes flag new URLs that
   * repeat them on other domains (campaign-shapes.ts). Only reports every user may see belong here.
   */
  recentPhishing?: Iterable<{ url: string; reportedAt: string }>;
  campaignShapeOptions?: CampaignShapeOptions;
  /** A live shapes index kept by the caller (the server's); wins over `recentPhishing`. */
  campaignShapes?: CampaignShapeLookup;
  thresholds?: VerdictThresholds;
  urlModel?: ShippedModel;
  smsModel?: ShippedModel;
}

export interface UrlCheckResult extends CheckResult {
  /** Defanged display form of what was checked. */
  subject: string;
  /** Canonical value (not defanged; for machines, never render as a link). */
  value: string;
  registrableDomain: string | null;
}

export type InputProblem = { ok: false; reason: string };

function shapesOf(snapshot: ProtectionSnapshot): CampaignShapeLookup | undefined {
  if (snapshot.campaignShapes !== undefined) return snapshot.campaignShapes;
  if (snapshot.recentPhishing === undefined) return undefined;
  const shapes = new CampaignShapes(snapshot.campaignShapeOptions);
  for (const r of snapshot.recentPhishing) shapes.add(r.url, Date.parse(r.reportedAt));
  return shapes;
}

export function buildContext(snapshot: ProtectionSnapshot = {}): SmsCheckContext {
  const urlModel = snapshot.urlModel ?? URL_MODEL;
  const smsModel = snapshot.smsModel ?? SMS_MODEL;
  const brands = snapshot.brands ?? DEFAULT_BRANDS;
  const benignDomains = snapshot.benignDomains === undefined ? undefined : new Set(snapshot.benignDomains);
  const brandIndex = new BrandIndex(brands);
  const smsLinearModel = LinearModel.fromSerialized(smsModel);
  const urlLinearModel = LinearModel.fromSerialized(urlModel);
  const lures = new LureIndex();
  return {
    brands: brandIndex,
    model: urlLinearModel,
    urlScorer: new UrlModelScorer(urlLinearModel),
    modelThresholds: urlModel.thresholds,
    smsModel: smsLinearModel,
    smsScorer: new HashScorer(smsLinearModel),
    smsModelThresholds: smsModel.thresholds,
    lures,
    keywords: new MessageKeywords(brandIndex, lures),
    lists: snapshot.lists,
    lookalikes:
      snapshot.lookalikes ??
      createLookalikeMatcher(brands, {
        partTypos: false,
        maxTypoEdits: 1,
        ...(benignDomains ? { benignDomains } : {}),
      }),
    benignDomains,
    campaignShapes: shapesOf(snapshot),
    flaggedNumbers: snapshot.flaggedNumbers,
    thresholds: snapshot.thresholds ?? DEFAULT_THRESHOLDS,
    memo: new CheckMemo(),
  };
}

export interface UrlChecker {
  checkUrl(raw: string): UrlCheckResult | InputProblem;
  checkDomain(raw: string): UrlCheckResult | InputProblem;
}

export function createUrlChecker(
  snapshot: ProtectionSnapshot = {},
  context = buildContext(snapshot),
): UrlChecker {
  const run = (parsed: ReturnType<typeof urlParts>): UrlCheckResult | InputProblem => {
    if (!parsed.ok) return parsed;
    const p = parsed.parts;
    const r = checkUrlParts(context, p).result(context.thresholds);
    return {
      ...r,
      subject: p.url !== null ? defangUrl(p.url) : defangHost(p.host),
      value: p.url ?? p.host,
      registrableDomain: p.registrableDomain,
    };
  };
  return {
    checkUrl: (raw) => run(urlParts(raw)),
    checkDomain: (raw) => run(domainParts(raw)),
  };
}

export interface SmsChecker {
  check(message: SmsMessage): SmsCheckResult;
  checkBatch(messages: readonly SmsMessage[]): SmsCheckResult[];
}

export function createSmsChecker(
  snapshot: ProtectionSnapshot = {},
  context = buildContext(snapshot),
): SmsChecker {
  return {
    check: (m) => checkSms(context, m),
    checkBatch: (ms) => ms.map((m) => checkSms(context, m)),
  };
}

/**
 * One-off URL check with the built-in brands and model. It builds the indexes on every call
 * (milliseconds), so hot paths keep one `createUrlChecker()` and call its `checkUrl` instead.
 */
export function checkUrl(raw: string, snapshot: ProtectionSnapshot = {}): UrlCheckResult | InputProblem {
  return createUrlChecker(snapshot).checkUrl(raw);
}
