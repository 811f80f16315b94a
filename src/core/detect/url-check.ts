/**
 * URL and domain checks: lists first (known bad, official, known benign), then brand tokens and
 * lookalikes, then the phishing model for names nobody has reported yet. Pure: everything it
 * needs arrives in the `UrlCheckContext` built from a snapshot.
 */
import type { BrandIndex } from './brand-index.js';
import { type CampaignShapeLookup, shapeReason } from './campaign-shapes.js';
import { defangHost, defangUrl } from './defang.js';
import { Evidence } from './evidence.js';
import { LabelLm } from './label-lm.js';
import { labelShape, looksRandom } from './label-shape.js';
import { type LinearModel, sigmoid } from './linear-model.js';
import { boundedOsa } from './lookalike/distance.js';
import type { Reason } from './types.js';
import { DeepPart } from './url-deep.js';
import type { FeatureGroup } from './url-features.js';
import { urlFeatures } from './url-features.js';
import type { UrlParts } from './url-parts.js';

export interface ListHit {
  /** Name of the feed or list (`koban-shared`, `openphish`, `crime-infrastructure`). */
  list: string;
  severity: 'block' | 'warn';
  /** What matched: exact URL, URL prefix, host, or a parent domain. */
  match: 'url' | 'url_prefix' | 'host' | 'domain';
}

/** Known-bad URLs and domains (see blocklist/). */
export interface UrlLists {
  matchUrl(parts: UrlParts): ListHit | undefined;
}

export interface LookalikeHit {
  brand: string;
  kind: string;
  distance: number;
  token: string;
  officialDomain: string;
}

export interface LookalikeFinder {
  match(host: string): readonly LookalikeHit[];
}

export interface UrlModelThresholds {
  /** Model probability from which the URL model alone warns, and from which it blocks. */
  warn: number;
  block: number;
}

export interface UrlCheckContext {
  brands: BrandIndex;
  model: LinearModel;
  modelThresholds: UrlModelThresholds;
  lists?: UrlLists;
  lookalikes?: LookalikeFinder;
  /** Registrable domains known to be benign (popular sites, warninglists). */
  benignDomains?: ReadonlySet<string>;
  /** Reused across checks of this context (see UrlModelScorer); built by buildContext. */
  urlScorer?: UrlModelScorer;
  /** Shapes of recently reported campaigns (campaign-shapes.ts); never consulted for benign domains. */
  campaignShapes?: CampaignShapeLookup;
}

const GROUP_REASONS: Record<FeatureGroup, Pick<Reason, 'code' | 'ja' | 'en'>> = {
  tld: {
    code: 'suspicious_tld',
    ja: 'フィッシングに多いトップレベルドメインです',
    en: 'the top-level domain is common in phishing',
  },
  label: {
    code: 'random_label',
    ja: 'ドメイン名が無作為な文字列に見えます',
    en: 'the domain name looks randomly generated',
  },
  brand_host: {
    code: 'brand_token_in_host',
    ja: 'ホスト名にブランド名が含まれています',
    en: 'the host name contains a brand name',
  },
  brand_path: {
    code: 'brand_token_in_path',
    ja: 'URLのパスにブランド名が含まれています',
    en: 'the URL path contains a brand name',
  },
  hosting: {
    code: 'free_hosting',
    ja: '無料ホスティングや動的DNSのドメインです',
    en: 'the host is on free hosting or dynamic DNS',
  },
  path: {
    code: 'url_model',
    ja: 'URLの構造がフィッシングサイトに似ています',
    en: 'the URL structure resembles phishing sites',
  },
  ip: {
    code: 'ip_host',
    ja: 'ドメイン名ではなくIPアドレスが使われています',
    en: 'the link uses an IP address instead of a domain name',
  },
};

function brandName(ctx: UrlCheckContext, id: string): { ja: string; en: string } {
  const b = ctx.brands.brands.get(id);
  return { ja: b?.namesJa[0] ?? id, en: b?.namesEn[0] ?? id };
}

/**
 * How much a lookalike match says. Homoglyphs and an official domain worn as a subdomain are
 * deliberate; one-letter typos count only for the brand's own curated tokens of six or more
 * letters (official labels such as `digital` or `line` are ordinary words); a brand name under
 * another TLD is often the brand's own ccTLD, so it only adds to other evidence. Embedded and
 * combo names are left to the curated brand-token rule below.
 */
function lookalikeWeight(ctx: UrlCheckContext, hit: LookalikeHit, parts: UrlParts): number {
  switch (hit.kind) {
    case 'homoglyph':
      return 90;
    case 'subdomain':
      return 85;
    case 'typo': {
      // Only a typo of the whole registrable label (`mercarl.com`), not of a word inside it
      // (`tencent-cloud.com` is not a typo of icloud).
      const tokens = ctx.brands.brands.get(hit.brand)?.hostTokens ?? [];
      const reg = parts.registrableDomain;
      const label = reg === null ? '' : reg.slice(0, reg.indexOf('.'));
      const whole = label.length > 0 && boundedOsa(label, hit.token, 1) <= 1;
      return hit.token.length >= 6 && tokens.includes(hit.token) && whole ? 60 : 0;
    }
    case 'tld_swap':
      return 30;
    default:
      return 0;
  }
}

const FEATURE_GROUPS: readonly FeatureGroup[] = [
  'tld',
  'label',
  'brand_host',
  'brand_path',
  'hosting',
  'path',
  'ip',
];
const GROUP_INDEX: Record<FeatureGroup, number> = {
  tld: 0,
  label: 1,
  brand_host: 2,
  brand_path: 3,
  hosting: 4,
  path: 5,
  ip: 6,
};

/**
 * Sums the URL model's weights over emitted features, per feature group too. One per context (see
 * HashScorer for why not a closure per call); checks are synchronous, so it is never shared mid-sum.
 */
export class UrlModelScorer {
  private z = 0;
  readonly byGroup = new Float64Array(FEATURE_GROUPS.length);
  readonly add: (hash: number, group: FeatureGroup) => void;
  readonly labelLm: LabelLm | null;
  private readonly deep: DeepPart | null;

  constructor(private readonly model: LinearModel) {
    this.labelLm = model.labelLm === null ? null : new LabelLm(model.labelLm);
    const deep = model.deep === null ? null : new DeepPart(model.deep);
    this.deep = deep;
    // Reasons name the feature groups whose linear weights pushed the score up; the hidden layer
    // only sharpens the score, so it is left out of the per-group sums.
    this.add =
      deep === null
        ? (hash, group) => {
            const w = model.weightOfHash(hash);
            this.z += w;
            const g = GROUP_INDEX[group];
            this.byGroup[g] = (this.byGroup[g] as number) + w;
          }
        : (hash, group) => {
            const w = model.weightOfHash(hash);
            this.z += w;
            const g = GROUP_INDEX[group];
            this.byGroup[g] = (this.byGroup[g] as number) + w;
            deep.add(hash);
          };
  }

  start(): this {
    this.z = this.model.bias;
    this.byGroup.fill(0);
    this.deep?.start();
    return this;
  }

  get total(): number {
    return this.deep === null ? this.z : this.z + this.deep.total();
  }
}

/** The model's probability and the feature groups that pushed it up, strongest first. */
export function modelScore(ctx: UrlCheckContext, parts: UrlParts): { p: number; groups: FeatureGroup[] } {
  const scorer = (ctx.urlScorer ?? new UrlModelScorer(ctx.model)).start();
  urlFeatures(parts, ctx.brands, scorer.add, scorer.labelLm);
  const byGroup = scorer.byGroup;
  const groups: FeatureGroup[] = [];
  for (let g = 0; g < FEATURE_GROUPS.length; g++)
    if ((byGroup[g] as number) > 0.5) groups.push(FEATURE_GROUPS[g] as FeatureGroup);
  groups.sort((a, b) => (byGroup[GROUP_INDEX[b]] as number) - (byGroup[GROUP_INDEX[a]] as number));
  return { p: sigmoid(scorer.total), groups };
}

function modelWeight(p: number, t: UrlModelThresholds): number {
  if (p >= t.block) return 80 + Math.round(15 * Math.min(1, (p - t.block) / Math.max(1e-6, 1 - t.block)));
  if (p >= t.warn) return 50 + Math.round(25 * ((p - t.warn) / Math.max(1e-6, t.block - t.warn)));
  return Math.round(40 * (p / Math.max(t.warn, 1e-6)));
}

/** The display form a check's reasons name (defanged). */
export function subjectOf(parts: UrlParts): string {
  return parts.url !== null ? defangUrl(parts.url) : defangHost(parts.host);
}

/** Checks one URL (or bare domain when `parts.url` is null); `subject` is its display form. */
export function checkUrlParts(ctx: UrlCheckContext, parts: UrlParts, subject = subjectOf(parts)): Evidence {
  const ev = new Evidence();
  const listed = ctx.lists?.matchUrl(parts);
  if (listed !== undefined) {
    const exact = listed.match === 'url' || listed.match === 'url_prefix';
    ev.add({
      code: exact ? 'blocklisted' : 'blocklisted_domain',
      weight: listed.severity === 'block' ? 97 : 60,
      ja: `${exact ? 'このURL' : 'このドメイン'}は既知の悪性リスト（${listed.list}）に登録されています`,
      en: `${exact ? 'this URL' : 'this domain'} is on a known-bad list (${listed.list})`,
      subject,
    });
  }
  const lookalikeBrands = new Set<string>();
  if (!parts.hostIsIp) {
    const official = ctx.brands.officialBrandOf(parts.host);
    if (official !== undefined && listed === undefined) {
      const n = brandName(ctx, official);
      ev.add({
        code: 'official_domain',
        weight: -100,
        ja: `${n.ja}の公式ドメインです`,
        en: `an official domain of ${n.en}`,
        brand: official,
        subject,
      });
      return ev;
    }
    let tldSwap = false;
    let hostShown: string | undefined;
    for (const hit of ctx.lookalikes?.match(parts.host) ?? []) {
      const weight = lookalikeWeight(ctx, hit, parts);
      if (weight === 0) continue;
      // One name under another TLD is one piece of evidence, however many brands share the name.
      if (hit.kind === 'tld_swap') {
        if (tldSwap) continue;
        tldSwap = true;
      }
      lookalikeBrands.add(hit.brand);
      const n = brandName(ctx, hit.brand);
      hostShown ??= defangHost(parts.host);
      ev.add({
        code: hit.kind === 'homoglyph' ? 'homoglyph_domain' : 'lookalike_domain',
        weight,
        ja: `${hostShown} は${n.ja}を装っています（公式ドメイン: ${hit.officialDomain}）`,
        en: `${hostShown} imitates ${n.en} (official domain: ${hit.officialDomain})`,
        brand: hit.brand,
        subject,
      });
    }
  }
  if (!parts.hostIsIp) {
    const seen = new Set<string>();
    for (const hit of ctx.brands.tokensIn(parts.host)) {
      // The lookalike reason already says this, with the official domain.
      if (seen.has(hit.brand) || lookalikeBrands.has(hit.brand)) continue;
      seen.add(hit.brand);
      const n = brandName(ctx, hit.brand);
      const official = ctx.brands.officialDomainsOf(hit.brand).slice(0, 3).join(', ');
      ev.add({
        code: 'brand_token_in_host',
        weight: 40,
        ja: `ホスト名に${n.ja}の名称「${hit.token}」が含まれていますが公式ドメインではありません（公式: ${official}）`,
        en: `the host name contains "${hit.token}" (${n.en}) but is not an official domain (official: ${official})`,
        brand: hit.brand,
        subject,
      });
    }
  }
  const benign =
    parts.registrableDomain !== null &&
    parts.privateSuffix === null &&
    ctx.benignDomains?.has(parts.registrableDomain) === true;
  const shape = benign ? undefined : ctx.campaignShapes?.match(parts);
  if (shape !== undefined) ev.add(shapeReason(shape, subject));
  const { p, groups } = modelScore(ctx, parts);
  const weight = modelWeight(p, ctx.modelThresholds);
  if (benign) {
    ev.add({
      code: 'allowlisted',
      weight: -30,
      ja: 'よく知られた正規サイトのドメインです',
      en: 'a well-known legitimate domain',
      subject,
    });
  } else if (weight >= 20) {
    const group = groups[0] ?? 'path';
    const base = GROUP_REASONS[group];
    const also = groups.slice(1, 3).map((g) => GROUP_REASONS[g]);
    ev.add({
      code: base.code,
      weight,
      ja: `${[base.ja, ...also.map((a) => a.ja)].join('。')}（判定モデル ${Math.round(p * 100)}%）`,
      en: `${[base.en, ...also.map((a) => a.en)].join('; ')} (model ${Math.round(p * 100)}%)`,
      subject,
    });
  }
  return ev;
}

/** Plain-language facts for the console and the API (not part of the score). */
export function hostFacts(parts: UrlParts): { randomLooking: boolean } {
  if (parts.hostIsIp || parts.registrableDomain === null) return { randomLooking: false };
  const label = parts.registrableDomain.slice(0, parts.registrableDomain.indexOf('.'));
  return { randomLooking: looksRandom(labelShape(label)) };
}
