/**
 * The SMS check a carrier runs before delivery. Evidence comes from the links (lists, lookalikes,
 * the URL model), from the brand the text names versus where its links go, from the sender, from
 * lure phrases and from the message model; `Evidence` turns it into block / warn / allow.
 */
import { BoundedMemo, SecondSight } from '../bounded-memo.js';
import { NormalizeMemo } from '../indicators/index.js';
import { defangUrl } from './defang.js';
import { Evidence, type VerdictThresholds } from './evidence.js';
import { HashScorer, type LinearModel, sigmoid } from './linear-model.js';
import type { Lure, LureIndex } from './lures.js';
import type { MessageKeywords } from './message-keywords.js';
import { analyzeSender, analyzeSms, type SenderInfo, type SmsAnalysis } from './sms-analysis.js';
import { brandEvidence, lureEvidence, namedBrands, SHORTENERS, senderEvidence } from './sms-evidence.js';
import { smsFactFeatures } from './sms-features.js';
import type { CheckResult, Reason } from './types.js';
import { checkUrlParts, type ListHit, type UrlCheckContext, type UrlModelThresholds } from './url-check.js';
import type { UrlParts } from './url-parts.js';

export interface SmsCheckContext extends UrlCheckContext {
  lures: LureIndex;
  /** Brand names and lure phrases in one automaton (one pass per message); built by buildContext. */
  keywords?: MessageKeywords;
  smsModel: LinearModel;
  smsModelThresholds: UrlModelThresholds;
  /** Reused across checks of this context (see HashScorer); built by buildContext. */
  smsScorer?: HashScorer;
  /** Phone numbers (E.164) and sender ids flagged as crime infrastructure or reported. */
  flaggedNumbers?: ReadonlyMap<string, ListHit>;
  thresholds?: VerdictThresholds;
  /**
   * Per-context memo of link verdicts and sender parses: campaigns send one URL to thousands of
   * people and A2P senders repeat, so most checks skip the URL work. Bounded; a new snapshot
   * builds a new context, so entries never outlive the lists they were computed from.
   */
  memo?: CheckMemo;
}

/** What a message's check needs to know about one of its links; computed once per link. */
export interface LinkFacts {
  result: CheckResult;
  official: boolean;
  /** Display form (defanged). */
  display: string;
  /** The link check's reasons as this message's evidence (shape evidence discounted for bare names). */
  evidence: Reason[];
  shortener: boolean;
  /** Brand-impersonation reasons for this link by brand id, made on first use (see brandEvidence). */
  impersonations?: Map<string, Reason>;
}

/** A link that does not go to an official domain, with what is known about it. */
export interface SuspiciousLink {
  parts: UrlParts;
  facts: LinkFacts;
}

export class CheckMemo {
  /** Links with a scheme or path, and bare names found in prose (`example.com`), by canonical form. */
  private readonly links: BoundedMemo<string, LinkFacts>;
  private readonly bareLinks: BoundedMemo<string, LinkFacts>;
  private readonly senders: BoundedMemo<string, SenderInfo>;
  /** URL and host normalizations of the link extractor (pure, so shared by every caller). */
  readonly normalized: NormalizeMemo;
  /** Links, senders and normalizations are kept from their second sighting on (one shared table). */
  constructor(readonly maxEntries = 100_000) {
    const sightings = new SecondSight(2 * maxEntries);
    this.links = new BoundedMemo(maxEntries, sightings.admission(11));
    this.bareLinks = new BoundedMemo(maxEntries, sightings.admission(12));
    this.senders = new BoundedMemo(maxEntries, sightings.admission(13));
    this.normalized = new NormalizeMemo(maxEntries, sightings);
  }

  sender(raw: string | undefined): SenderInfo {
    return raw === undefined ? analyzeSender(raw) : this.senders.get(raw, analyzeSender);
  }

  /** Keyed by the canonical string itself (no concatenated key to hash per message). */
  link(parts: UrlParts, compute: () => LinkFacts): LinkFacts {
    return (parts.bare === true ? this.bareLinks : this.links).get(parts.url ?? parts.host, compute);
  }
}

export interface SmsMessage {
  sender?: string;
  body: string;
  receivedAt?: string;
}

export interface LinkVerdict {
  /** Defanged for display. */
  url: string;
  verdict: CheckResult['verdict'];
  score: number;
}

export interface SmsCheckResult extends CheckResult {
  links: LinkVerdict[];
  /** Brands the text names. */
  brands: string[];
}

/** Reasons that come from the URL's shape (the model), not from lists or brands. */
const SHAPE_CODES: ReadonlySet<Reason['code']> = new Set([
  'suspicious_tld',
  'random_label',
  'url_model',
  'free_hosting',
  'ip_host',
]);

/** Adds the analysis facts' features to the text features' sum (`textTotal`, bias included). */
function smsModelProbability(scorer: HashScorer, textTotal: number, a: SmsAnalysis): number {
  scorer.resume(textTotal);
  smsFactFeatures(a.text.length, smsFacts(a), scorer.add);
  return sigmoid(scorer.total);
}

function lureCategoriesOf(lures: readonly Lure[]): string[] {
  const out: string[] = [];
  for (const l of lures) if (!out.includes(l.category)) out.push(l.category);
  return out;
}

export function smsFacts(a: SmsAnalysis) {
  return {
    urlCount: a.urls.length,
    phoneCount: a.phones.length,
    brandMentioned: a.mentions.length > 0,
    lureCategories: lureCategoriesOf(a.lures),
  };
}

function linkFacts(ctx: SmsCheckContext, parts: UrlParts): LinkFacts {
  const display = defangUrl(parts.url ?? parts.host);
  const result = checkUrlParts(ctx, parts, display).result(ctx.thresholds);
  const evidence: Reason[] = [];
  for (const reason of result.reasons) {
    if (reason.weight <= 0) continue;
    // A bare `word.tld` in prose is often not a link at all (`well.you`): shape evidence counts less.
    const weight =
      parts.bare === true && SHAPE_CODES.has(reason.code) ? Math.round(reason.weight * 0.6) : reason.weight;
    evidence.push(weight === reason.weight ? reason : { ...reason, weight });
  }
  return {
    result,
    official: result.reasons.some((x) => x.code === 'official_domain'),
    display,
    evidence,
    shortener: parts.registrableDomain !== null && SHORTENERS.has(parts.registrableDomain),
  };
}

function linkEvidence(
  ctx: SmsCheckContext,
  a: SmsAnalysis,
  ev: Evidence,
): { suspicious: SuspiciousLink[]; links: LinkVerdict[] } {
  const links: LinkVerdict[] = [];
  const suspicious: SuspiciousLink[] = [];
  let official = 0;
  for (const parts of a.urls) {
    const facts = ctx.memo ? ctx.memo.link(parts, () => linkFacts(ctx, parts)) : linkFacts(ctx, parts);
    const r = facts.result;
    links.push({ url: facts.display, verdict: r.verdict, score: r.score });
    if (facts.official) {
      official++;
      continue;
    }
    suspicious.push({ parts, facts });
    // Evidence objects may be shared through the memo: Evidence.add copies before it changes one.
    for (const reason of facts.evidence) ev.add(reason);
    if (facts.shortener) {
      ev.add({
        code: 'shortener',
        weight: 30,
        ja: '短縮URLでリンク先が隠されています',
        en: 'a URL shortener hides where the link goes',
        subject: facts.display,
      });
    }
  }
  if (official > 0 && suspicious.length === 0) {
    ev.add({
      code: 'official_domain',
      weight: -40,
      ja: 'リンクはすべて公式ドメインです',
      en: 'all links go to official domains',
    });
  }
  return { suspicious, links };
}

export function checkSms(ctx: SmsCheckContext, msg: SmsMessage): SmsCheckResult {
  // The message model's text features are summed during the analysis's keyword pass.
  const scorer = (ctx.smsScorer ?? new HashScorer(ctx.smsModel)).start();
  const a = analyzeSms(ctx, msg.body, msg.sender, ctx.memo, scorer.add);
  const textTotal = scorer.total;
  const ev = new Evidence();
  if (a.truncated) {
    ev.add({
      code: 'input_truncated',
      weight: 0,
      ja: '本文が長すぎるため先頭のみ検査しました',
      en: 'the body is too long; only its beginning was checked',
    });
  }
  const { suspicious, links } = linkEvidence(ctx, a, ev);
  const brands = namedBrands(a);
  brandEvidence(ctx, brands, suspicious, ev);
  senderEvidence(ctx, a, brands, ev);
  lureEvidence(a, suspicious.length > 0, ev);
  const p = smsModelProbability(scorer, textTotal, a);
  const t = ctx.smsModelThresholds;
  if (p >= t.warn) {
    const cap = suspicious.length > 0 ? 80 : a.phones.length > 0 ? 65 : 55;
    const weight = Math.min(cap, 45 + Math.round(35 * ((p - t.warn) / Math.max(1e-6, 1 - t.warn))));
    ev.add({
      code: 'message_model',
      weight,
      ja: `文面が迷惑・詐欺SMSに似ています（判定モデル ${Math.round(p * 100)}%）`,
      en: `the wording resembles spam or scam SMS (model ${Math.round(p * 100)}%)`,
    });
  }
  if (a.phones.length > 0 && suspicious.length === 0 && a.lures.length > 0 && p >= t.warn) {
    ev.add({
      code: 'callback_number',
      weight: 25,
      ja: '折り返し電話を求める詐欺の手口に似ています',
      en: 'asks for a call back, a common scam pattern',
      subject: a.phones[0] as string,
    });
  }
  const result = ev.result(ctx.thresholds);
  return { verdict: result.verdict, score: result.score, reasons: result.reasons, links, brands };
}

export type { Reason };
