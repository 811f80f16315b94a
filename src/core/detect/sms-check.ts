/**
 * The SMS check a carrier runs before delivery. Evidence comes from the links (lists, lookalikes,
 * the URL model), from the brand the text names versus where its links go, from the sender, from
 * lure phrases and from the message model; `Evidence` turns it into block / warn / allow.
 */
import { NormalizeMemo } from '../indicators/index.js';
import { defangHost, defangUrl } from './defang.js';
import { Evidence, type VerdictThresholds } from './evidence.js';
import { HashScorer, type LinearModel, sigmoid } from './linear-model.js';
import type { Lure, LureIndex } from './lures.js';
import type { MessageKeywords } from './message-keywords.js';
import { analyzeSender, analyzeSms, type SenderInfo, type SmsAnalysis } from './sms-analysis.js';
import { smsFeatures } from './sms-features.js';
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

export class CheckMemo {
  readonly links = new Map<string, { result: CheckResult; official: boolean }>();
  readonly senders = new Map<string, SenderInfo>();
  /** URL and host normalizations of the link extractor (pure, so shared by every caller). */
  readonly normalized: NormalizeMemo;
  constructor(readonly maxEntries = 100_000) {
    this.normalized = new NormalizeMemo(maxEntries);
  }

  sender(raw: string | undefined): SenderInfo {
    if (raw === undefined) return analyzeSender(raw);
    let s = this.senders.get(raw);
    if (s === undefined) {
      if (this.senders.size >= this.maxEntries) this.senders.clear();
      s = analyzeSender(raw);
      this.senders.set(raw, s);
    }
    return s;
  }

  link(key: string, compute: () => { result: CheckResult; official: boolean }) {
    let v = this.links.get(key);
    if (v === undefined) {
      if (this.links.size >= this.maxEntries) this.links.clear();
      v = compute();
      this.links.set(key, v);
    }
    return v;
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

const SHORTENERS = new Set([
  'bit.ly',
  'tinyurl.com',
  't.co',
  'is.gd',
  'ow.ly',
  'buff.ly',
  'cutt.ly',
  'rebrand.ly',
  'shorturl.at',
  'tiny.cc',
  'x.gd',
  'v.gd',
  'rb.gy',
  'qr.paps.jp',
  'urx.nu',
  'onl.bz',
  'goo.su',
  'l.ead.me',
  'amzn.to',
]);

/** Reasons that come from the URL's shape (the model), not from lists or brands. */
const SHAPE_CODES: ReadonlySet<Reason['code']> = new Set([
  'suspicious_tld',
  'random_label',
  'url_model',
  'free_hosting',
  'ip_host',
]);

function brandName(ctx: SmsCheckContext, id: string): { ja: string; en: string } {
  const b = ctx.brands.brands.get(id);
  return { ja: b?.namesJa[0] ?? id, en: b?.namesEn[0] ?? id };
}

function smsModelProbability(ctx: SmsCheckContext, a: SmsAnalysis): number {
  const scorer = ctx.smsScorer ?? new HashScorer(ctx.smsModel);
  scorer.start();
  smsFeatures(a.text, a.lowered, smsFacts(a), scorer.add);
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

function linkEvidence(
  ctx: SmsCheckContext,
  a: SmsAnalysis,
  ev: Evidence,
): { suspicious: UrlParts[]; links: LinkVerdict[] } {
  const links: LinkVerdict[] = [];
  const suspicious: UrlParts[] = [];
  let official = 0;
  for (const parts of a.urls) {
    const compute = () => {
      const result = checkUrlParts(ctx, parts).result(ctx.thresholds);
      return { result, official: result.reasons.some((x) => x.code === 'official_domain') };
    };
    const key = `${parts.bare === true ? 'b' : 'u'}${parts.url ?? parts.host}`;
    const { result: r, official: isOfficial } = ctx.memo ? ctx.memo.link(key, compute) : compute();
    links.push({ url: defangUrl(parts.url ?? parts.host), verdict: r.verdict, score: r.score });
    if (isOfficial) {
      official++;
      continue;
    }
    suspicious.push(parts);
    for (const reason of r.reasons) {
      if (reason.weight <= 0) continue;
      // A bare `word.tld` in prose is often not a link at all (`well.you`): shape evidence counts less.
      const weight =
        parts.bare === true && SHAPE_CODES.has(reason.code) ? Math.round(reason.weight * 0.6) : reason.weight;
      ev.add({ ...reason, weight });
    }
    if (parts.registrableDomain !== null && SHORTENERS.has(parts.registrableDomain)) {
      ev.add({
        code: 'shortener',
        weight: 30,
        ja: '短縮URLでリンク先が隠されています',
        en: 'a URL shortener hides where the link goes',
        subject: defangUrl(parts.url ?? parts.host),
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

function brandEvidence(ctx: SmsCheckContext, a: SmsAnalysis, suspicious: UrlParts[], ev: Evidence): void {
  const named = [...new Set(a.mentions.map((m) => m.brand))];
  for (const brand of named) {
    for (const parts of suspicious) {
      const n = brandName(ctx, brand);
      const official = ctx.brands.officialDomainsOf(brand);
      const host = defangHost(parts.host);
      const benign =
        parts.registrableDomain !== null &&
        ctx.benignDomains?.has(parts.registrableDomain) === true &&
        !SHORTENERS.has(parts.registrableDomain);
      ev.add({
        code: 'brand_impersonation',
        weight: benign ? 30 : 85,
        ja: `本文は${n.ja}を名乗っていますが、リンク先 ${host} は公式ドメインではありません（公式: ${official.slice(0, 3).join(', ')}）`,
        en: `the text claims to be ${n.en} but links to ${host}, which is not an official domain (official: ${official.slice(0, 3).join(', ')})`,
        brand,
        subject: defangUrl(parts.url ?? parts.host),
      });
    }
  }
}

function senderEvidence(ctx: SmsCheckContext, a: SmsAnalysis, ev: Evidence): void {
  const s = a.sender;
  const claimsBrand = a.mentions.length > 0;
  const flagged = s.value !== '' ? ctx.flaggedNumbers?.get(s.value) : undefined;
  if (flagged !== undefined) {
    ev.add({
      code: 'crime_infrastructure',
      weight: 90,
      ja: `送信元 ${s.value} は犯罪インフラとして登録されています（${flagged.list}）`,
      en: `the sender ${s.value} is flagged as crime infrastructure (${flagged.list})`,
      subject: s.value,
    });
  }
  if (s.kind === 'phone' && s.country !== 'JP') {
    ev.add({
      code: 'sender_international',
      weight: claimsBrand ? 45 : 20,
      ja: `海外の電話番号（${s.value}）から送信されています${claimsBrand ? '。国内企業がこの番号から送ることはありません' : ''}`,
      en: `sent from an international number (${s.value})${claimsBrand ? ', which a Japanese company would not use' : ''}`,
      subject: s.value,
    });
  } else if (s.kind === 'phone' && s.lineType === 'ip_phone') {
    ev.add({
      code: 'sender_ip_phone',
      weight: claimsBrand ? 40 : 15,
      ja: `050のIP電話番号から送信されています${claimsBrand ? '（企業名を名乗るSMSとしては不自然です）' : ''}`,
      en: `sent from a 050 IP-phone number${claimsBrand ? ', unusual for a company' : ''}`,
      subject: s.value,
    });
  } else if (s.kind === 'alphanumeric' && claimsBrand) {
    for (const brand of new Set(a.mentions.map((m) => m.brand))) {
      const official = ctx.brands.brands.get(brand)?.officialSenders ?? [];
      if (official.length > 0 && !official.includes(s.value)) {
        const n = brandName(ctx, brand);
        ev.add({
          code: 'sender_spoof',
          weight: 40,
          ja: `送信者名「${s.value}」は${n.ja}の公式送信者名ではありません`,
          en: `"${s.value}" is not an official sender name of ${n.en}`,
          brand,
          subject: s.value,
        });
      }
    }
  }
  for (const phone of a.phones) {
    const hit = ctx.flaggedNumbers?.get(phone);
    if (hit !== undefined) {
      ev.add({
        code: 'crime_infrastructure',
        weight: 85,
        ja: `本文の電話番号 ${phone} は犯罪インフラとして登録されています（${hit.list}）`,
        en: `the number ${phone} in the text is flagged as crime infrastructure (${hit.list})`,
        subject: phone,
      });
    }
  }
}

function lureEvidence(a: SmsAnalysis, hasSuspiciousLink: boolean, ev: Evidence): void {
  if (a.lures.length === 0) return;
  const byCategory = new Map<string, number>();
  for (const l of a.lures) byCategory.set(l.category, Math.max(byCategory.get(l.category) ?? 0, l.weight));
  const total = [...byCategory.values()].reduce((s, w) => s + w, 0);
  const weight = Math.min(hasSuspiciousLink ? 55 : 30, total);
  const phrases = a.lures
    .slice(0, 4)
    .map((l) => l.phrase)
    .join('」「');
  ev.add({
    code: 'lure_phrase',
    weight,
    ja: `詐欺SMSに典型的な文言があります（「${phrases}」）`,
    en: `typical scam wording ("${a.lures
      .slice(0, 4)
      .map((l) => l.phrase)
      .join('", "')}")`,
  });
}

export function checkSms(ctx: SmsCheckContext, msg: SmsMessage): SmsCheckResult {
  const a = analyzeSms(
    ctx,
    msg.body,
    msg.sender,
    ctx.memo ? (raw) => (ctx.memo as CheckMemo).sender(raw) : analyzeSender,
    ctx.memo?.normalized,
  );
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
  brandEvidence(ctx, a, suspicious, ev);
  senderEvidence(ctx, a, ev);
  lureEvidence(a, suspicious.length > 0, ev);
  const p = smsModelProbability(ctx, a);
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
  const brands: string[] = [];
  for (const m of a.mentions) if (!brands.includes(m.brand)) brands.push(m.brand);
  return { verdict: result.verdict, score: result.score, reasons: result.reasons, links, brands };
}

export type { Reason };
