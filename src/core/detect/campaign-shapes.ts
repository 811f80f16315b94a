/**
 * Campaign-shape memory: recently reported phishing URLs, reduced to the shapes a campaign repeats
 * on every freshly registered domain it burns — the kit's path (`/sdnz/`), its first path segment,
 * the host's template (`ybrjao???.com`: same public suffix, length, character classes and prefix)
 * and a home page's query template (`www.*.cn/?lcglpmki`: a bare random token). A new URL, on a
 * domain nobody has reported, matches when its shape was reported on at least `minDomains` OTHER domains within the
 * window. This is not a blocklist: the URL and its domain are new, only the campaign's shape is
 * known. Pure (no clock: time arrives with the entries); each lookup is a few hash-map probes.
 *
 * Measured on 2024 (bench/detect/shape-tune.ts): a subdomain template (`saisoncard-*.<random>.cn`)
 * added nothing the brand-token rule did not already catch, and a host class without a prefix
 * (`www.???????.cn/`) flagged 47% of popular domains; neither is kept.
 */
import { isGenericSegment } from './campaign-shape-stoplist.js';
import type { Reason } from './types.js';
import type { UrlParts } from './url-parts.js';
import { urlParts } from './url-parts.js';

export type ShapeKind = 'path' | 'first_segment' | 'query_template' | 'host_template';

export interface CampaignShapeOptions {
  /** Reports older than this (relative to the newest one added, or `expireBefore`) are forgotten. */
  windowDays?: number;
  /** Distinct other domains a shape needs before it counts. */
  minDomains?: number;
  /** Host templates are weaker (a prefix and a length), so they need more domains. */
  minHostDomains?: number;
  /** Bound on remembered (shape, domain) pairs; the oldest go first. */
  maxEntries?: number;
  /** Domains remembered per shape: a count above this adds nothing. */
  maxDomainsPerShape?: number;
  /** Leading characters of the registrable label a host template keeps. */
  hostPrefix?: number;
}

export interface ShapeMatch {
  kind: ShapeKind;
  /** Other domains this kind needed (the reason's weight grows from there). */
  needed: number;
  /** Printable shape (`/sdnz/`, `ybrjao???.com`, `saisoncard-*.*.cn`); never a live link. */
  shape: string;
  /** Distinct reported domains other than the checked URL's own. */
  otherDomains: number;
  windowDays: number;
}

export const DEFAULT_SHAPE_OPTIONS: Required<CampaignShapeOptions> = {
  windowDays: 30,
  minDomains: 3,
  minHostDomains: 3,
  maxEntries: 100_000,
  maxDomainsPerShape: 64,
  hostPrefix: 5,
};

const DAY_MS = 86_400_000;
/** Random tails shorter than this leave too few possible names to call it a template. */
const HOST_MIN_TAIL = 3;

interface Shape {
  kind: ShapeKind;
  display: string;
  /** Domain → ms it was last reported with this shape. */
  domains: Map<string, number>;
}

/**
 * The unit a campaign burns: the registrable domain, or the customer's name under a private suffix
 * (`foo.pages.dev`), since each of those is registered separately. IPs count as themselves.
 */
export function domainUnit(parts: UrlParts): string {
  const priv = parts.privateSuffix;
  if (priv !== null && parts.host.endsWith(`.${priv}`)) {
    const head = parts.host.slice(0, parts.host.length - priv.length - 1);
    return `${head.slice(head.lastIndexOf('.') + 1)}.${priv}`;
  }
  return parts.registrableDomain ?? parts.host;
}

function charClass(c: number): string {
  if (c >= 48 && c <= 57) return '9';
  if (c >= 65 && c <= 90) return 'A';
  if (c === 45) return '-';
  if (c >= 97 && c <= 122) return 'a';
  return '_';
}

function classes(s: string, from = 0): string {
  let out = '';
  for (let i = from; i < s.length; i++) out += charClass(s.charCodeAt(i));
  return out;
}

/**
 * Calls `emit` with each shape key of a URL. Keys carry their kind so shapes of different kinds
 * never collide; the display form goes into the reason text.
 */
export function shapeKeys(
  parts: UrlParts,
  emit: (key: string, kind: ShapeKind, display: string) => void,
  hostPrefix = DEFAULT_SHAPE_OPTIONS.hostPrefix,
): void {
  const path = parts.path.toLowerCase();
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  if (trimmed.length > 1) {
    const slash = trimmed.indexOf('/', 1);
    const first = slash < 0 ? trimmed.slice(1) : trimmed.slice(1, slash);
    const firstDistinct = !isGenericSegment(first);
    // Display: folders keep their slash, pages (`login.htm`) do not.
    if (firstDistinct) emit(`s\u0000${first}`, 'first_segment', slash < 0 ? asShown(trimmed) : `/${first}/`);
    // A deeper path is a shape of its own only when some segment says more than `login`.
    if (slash >= 0 && (firstDistinct || hasDistinctSegment(trimmed, slash)))
      emit(`p\u0000${trimmed}`, 'path', asShown(trimmed));
  }
  if (parts.hostIsIp || parts.registrableDomain === null || parts.publicSuffix === null) return;
  const reg = parts.registrableDomain;
  const suffix = parts.publicSuffix;
  const label = reg.slice(0, reg.length - suffix.length - 1);
  if (parts.privateSuffix === null && label.length >= hostPrefix + HOST_MIN_TAIL && !label.includes('.')) {
    const pattern = classes(label, hostPrefix);
    emit(
      `h\u0000${label.slice(0, hostPrefix)}\u0000${pattern}\u0000${suffix}`,
      'host_template',
      `${label.slice(0, hostPrefix)}${'?'.repeat(label.length - hostPrefix)}.${suffix}`,
    );
  }
  const www = parts.host.length === reg.length + 4 && parts.host.startsWith('www.') ? 'www.' : '';
  const root = trimmed.length <= 1;
  const q = parts.query;
  // A bare random token after the home page (`/?lcglpmki`): a kit's per-victim id, not a site's.
  // All-digit tokens are cache busters every site sees, so a token needs a letter.
  if (
    root &&
    /[a-z]/i.test(q) &&
    q.length >= 6 &&
    q.length <= 32 &&
    !q.includes('=') &&
    !q.includes('&') &&
    parts.privateSuffix === null
  ) {
    const pattern = classes(q);
    emit(
      `q\u0000${www}\u0000${suffix}\u0000${pattern}`,
      'query_template',
      `${www}*.${suffix}/?${'?'.repeat(q.length)}`,
    );
  }
}

function asShown(trimmed: string): string {
  return /\.[a-z0-9]{1,5}$/.test(trimmed.slice(trimmed.lastIndexOf('/'))) ? trimmed : `${trimmed}/`;
}

function hasDistinctSegment(trimmed: string, from: number): boolean {
  let start = from + 1;
  while (start <= trimmed.length) {
    const end = trimmed.indexOf('/', start);
    const seg = trimmed.slice(start, end < 0 ? trimmed.length : end);
    if (!isGenericSegment(seg)) return true;
    if (end < 0) return false;
    start = end + 1;
  }
  return false;
}

/** Most specific first (a full path says more than a host template); among equals, most domains. */
const KIND_ORDER: Record<ShapeKind, number> = {
  path: 0,
  first_segment: 1,
  query_template: 2,
  host_template: 3,
};

function needed(o: Required<CampaignShapeOptions>, kind: ShapeKind): number {
  return kind === 'host_template' ? o.minHostDomains : o.minDomains;
}

export class CampaignShapes implements CampaignShapeLookup {
  readonly options: Required<CampaignShapeOptions>;
  private readonly shapes = new Map<string, Shape>();
  /** (shape, domain, ms) in arrival order, for expiry; `head` is the first live slot. */
  private queueKeys: string[] = [];
  private queueDomains: string[] = [];
  private queueMs: number[] = [];
  private head = 0;
  private newest = Number.NEGATIVE_INFINITY;

  constructor(options: CampaignShapeOptions = {}) {
    this.options = { ...DEFAULT_SHAPE_OPTIONS, ...options };
  }

  /** Remembered (shape, domain) pairs. */
  get size(): number {
    return this.queueKeys.length - this.head;
  }

  get shapeCount(): number {
    return this.shapes.size;
  }

  /** Adds a reported phishing URL (raw or canonical); false when it is not a URL or too old. */
  add(url: string | UrlParts, reportedAtMs: number): boolean {
    if (!Number.isFinite(reportedAtMs)) return false;
    let parts: UrlParts;
    if (typeof url === 'string') {
      const r = urlParts(url);
      if (!r.ok) return false;
      parts = r.parts;
    } else parts = url;
    const windowMs = this.options.windowDays * DAY_MS;
    if (reportedAtMs > this.newest) {
      this.newest = reportedAtMs;
      this.expireBefore(reportedAtMs - windowMs);
    } else if (reportedAtMs < this.newest - windowMs) return false;
    const unit = domainUnit(parts);
    if (unit === '') return false;
    shapeKeys(
      parts,
      (key, kind, display) => this.remember(key, kind, display, unit, reportedAtMs),
      this.options.hostPrefix,
    );
    while (this.size > this.options.maxEntries) this.dropOldest();
    return true;
  }

  /**
   * Forgets reports before `ms` (the server calls this as time passes with no new reports). The
   * queue is in arrival order; a report arriving late by less than the window expires a little
   * late, never early.
   */
  expireBefore(ms: number): void {
    while (this.head < this.queueMs.length && (this.queueMs[this.head] as number) < ms) this.dropOldest();
  }

  /**
   * The strongest shape of `parts` reported on enough OTHER domains, or undefined. Entries of the
   * URL's own domain never count: a second URL on a reported domain is the lists' business.
   */
  match(parts: UrlParts): ShapeMatch | undefined {
    let best: ShapeMatch | undefined;
    this.forEachMatch(parts, (m) => {
      if (
        best === undefined ||
        KIND_ORDER[m.kind] < KIND_ORDER[best.kind] ||
        (KIND_ORDER[m.kind] === KIND_ORDER[best.kind] && m.otherDomains > best.otherDomains)
      )
        best = m;
    });
    return best;
  }

  /** Every shape of `parts` reported on enough other domains (tuning and explanations). */
  matchAll(parts: UrlParts): ShapeMatch[] {
    const out: ShapeMatch[] = [];
    this.forEachMatch(parts, (m) => out.push(m));
    return out;
  }

  private forEachMatch(parts: UrlParts, found: (m: ShapeMatch) => void): void {
    if (this.shapes.size === 0) return;
    const own = domainUnit(parts);
    const o = this.options;
    shapeKeys(
      parts,
      (key, kind) => {
        const shape = this.shapes.get(key);
        if (shape === undefined) return;
        const others = shape.domains.size - (shape.domains.has(own) ? 1 : 0);
        if (others < needed(o, kind)) return;
        found({
          kind,
          needed: needed(o, kind),
          shape: shape.display,
          otherDomains: others,
          windowDays: o.windowDays,
        });
      },
      o.hostPrefix,
    );
  }

  private remember(key: string, kind: ShapeKind, display: string, unit: string, ms: number): void {
    let shape = this.shapes.get(key);
    if (shape === undefined) {
      shape = { kind, display, domains: new Map() };
      this.shapes.set(key, shape);
    }
    const last = shape.domains.get(unit);
    if (last === undefined && shape.domains.size >= this.options.maxDomainsPerShape) return;
    if (last !== undefined && last >= ms) return;
    shape.domains.set(unit, ms);
    this.queueKeys.push(key);
    this.queueDomains.push(unit);
    this.queueMs.push(ms);
  }

  private dropOldest(): void {
    const i = this.head++;
    const key = this.queueKeys[i] as string;
    const shape = this.shapes.get(key);
    if (shape !== undefined) {
      const unit = this.queueDomains[i] as string;
      // A later report of the same domain keeps it (its own queue slot expires it later).
      if (shape.domains.get(unit) === this.queueMs[i]) shape.domains.delete(unit);
      if (shape.domains.size === 0) this.shapes.delete(key);
    }
    if (this.head > 1024 && this.head * 2 > this.queueKeys.length) {
      this.queueKeys = this.queueKeys.slice(this.head);
      this.queueDomains = this.queueDomains.slice(this.head);
      this.queueMs = this.queueMs.slice(this.head);
      this.head = 0;
    }
  }
}

/** What the URL check needs: the strongest shape match of a URL (see CampaignShapes.match). */
export interface CampaignShapeLookup {
  match(parts: UrlParts): ShapeMatch | undefined;
}

const SHAPE_WORDS: Record<ShapeKind, { ja: string; en: string }> = {
  path: { ja: 'パス', en: 'path' },
  first_segment: { ja: 'パス', en: 'path' },
  query_template: { ja: 'URLの形', en: 'URL template' },
  host_template: { ja: 'ドメイン名の形', en: 'domain name template' },
};

/**
 * The reason for a shape match. Alone it warns (55; a host template, the weakest shape, 50); each
 * further domain adds 2 up to 70, so a busy campaign plus any other evidence blocks.
 */
export function shapeReason(m: ShapeMatch, subject: string): Reason {
  const base = m.kind === 'host_template' ? 50 : 55;
  const w = SHAPE_WORDS[m.kind];
  return {
    code: 'campaign_shape',
    weight: Math.min(70, base + 2 * Math.max(0, m.otherDomains - m.needed)),
    ja: `同じ形のURL（${w.ja} ${m.shape}）が直近${m.windowDays}日に別の${m.otherDomains}ドメインでフィッシングとして報告されています`,
    en: `the same URL shape (${w.en} ${m.shape}) was reported as phishing on ${m.otherDomains} other domains in the last ${m.windowDays} days`,
    subject,
  };
}
