/**
 * From "this value is on a warninglist" to "this value must not link reports".
 *
 * MISP warns when an attribute merely *touches* a listed name: the URL `https://evil.github.io/x`
 * hits a top-sites list through its host `github.io`. For correlation that is too broad — the
 * exact URL, and the hostname `evil.github.io`, belong to whoever made them and are strong links.
 * So a hit suppresses linking only when the listed entry covers the whole value:
 *
 * - IPs, hashes, phones, …: every hit (the entry is the value or a range containing it).
 * - domain: a `string` hit (exact value), or a `hostname` hit whose entry is the value itself or
 *   sits at or below the value's registrable domain, public suffix list *with* private suffixes:
 *   `mail.google.com` under `google.com` is Google's; `evil.github.io` under `github.io` and
 *   `x.blogspot.com` under `blogspot.com` are not (tranco10k lists both platforms).
 * - url: an exact `string` hit or a regex matching the whole URL; a host-based hit (hostname,
 *   string on the host, cidr on an IP host) only for a bare URL (`https://www.google.com/`),
 *   which is no more specific than its host.
 * - email: exact, substring or regex hits; never a hit on the mail domain (a mailbox at a common
 *   provider is specific to its owner).
 *
 * The registrable domain itself is checked separately by the caller (`keys.ts` asks
 * `isBenign('domain', registrable)`), so `google.com` lists still stop `regdomain:google.com`.
 * Pure; the store-backed `loadBenignTest` lives in store.ts.
 */
import { getDomain } from 'tldts';
import { isIndicatorType } from '../core/indicators/types.js';
import {
  compileRegexEntry,
  MAX_REGEX_INPUT,
  normalizeHostnameEntry,
  type Warninglist,
  type WarninglistHit,
  WarninglistIndex,
} from '../core/warninglists/index.js';

export type BenignTest = (type: string, value: string) => boolean;

export interface ExplainedHit extends WarninglistHit {
  /** Whether this hit alone stops the value from linking reports (see the rules above). */
  suppressesLinking: boolean;
}

const URL_RE = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^/?#:]+)(?::\d+)?([/?#].*)?$/is;

function urlParts(url: string): { host: string; bare: boolean } | null {
  const m = URL_RE.exec(url);
  if (m === null) return null;
  const host = m[1]!.toLowerCase().replace(/^\[|\]$/g, '');
  return { host, bare: m[2] === undefined || m[2] === '/' };
}

/** The host correlation derives a registrable-domain key from (domains and URLs), if any. */
export function hostOf(type: string, value: string): string | null {
  if (type === 'domain') return value.toLowerCase();
  if (type !== 'url') return null;
  const host = urlParts(value)?.host;
  return host && !host.includes(':') && !/^[\d.]+$/.test(host) ? host : null;
}

/** True when `entry` (a parent of or equal to `host`) names the party that owns `host`. */
function ownsHost(host: string, entry: string): boolean {
  const listed = normalizeHostnameEntry(entry) ?? entry.toLowerCase();
  if (listed === host) return true;
  if (!host.endsWith(`.${listed}`)) return false;
  // Without a registrable domain the host is itself a (private) public suffix: the platform's own name.
  const registrable = getDomain(host, { allowPrivateDomains: true });
  return registrable === null || listed.length >= registrable.length;
}

function regexCovers(entry: string, value: string): boolean {
  if (value.length > MAX_REGEX_INPUT) return false;
  const c = compileRegexEntry(entry);
  return c.ok && c.re.test(value);
}

/** Whether one hit on a canonical value stops that value from linking. */
export function hitSuppresses(type: string, value: string, hit: WarninglistHit): boolean {
  if (hit.type === 'substring') return true;
  switch (type) {
    case 'domain': {
      const host = value.toLowerCase();
      if (hit.type === 'hostname') return ownsHost(host, hit.entry);
      return true;
    }
    case 'url': {
      if (hit.type === 'string' && hit.entry.toLowerCase() === value.toLowerCase()) return true;
      if (hit.type === 'regex' && regexCovers(hit.entry, value)) return true;
      const parts = urlParts(value);
      if (parts === null || !parts.bare) return false;
      // A bare URL is as common as its host: judge the host-based hit as for a domain.
      return hit.type === 'hostname' || hit.type === 'string' ? ownsHost(parts.host, hit.entry) : true;
    }
    case 'email':
      return hit.type !== 'hostname';
    default:
      return true;
  }
}

/** A matcher over a fixed set of lists; build a new one when the lists change. */
export class BenignMatcher {
  private readonly index: WarninglistIndex;

  constructor(lists: readonly Warninglist[]) {
    this.index = new WarninglistIndex(lists);
  }

  /** Every hit on a canonical value (empty for unknown types), as MISP would report it. */
  hits(type: string, value: string): WarninglistHit[] {
    if (typeof value !== 'string' || value === '' || !isIndicatorType(type)) return [];
    return this.index.match({ type, value, key: `${type}:${value}`, attributes: {} });
  }

  isBenign(type: string, value: string): boolean {
    const hits = this.hits(type, value);
    for (const h of hits) if (hitSuppresses(type, value, h)) return true;
    return false;
  }

  explain(type: string, value: string): ExplainedHit[] {
    return this.hits(type, value).map((h) => ({ ...h, suppressesLinking: hitSuppresses(type, value, h) }));
  }

  stats() {
    return this.index.stats();
  }
}

/** The benign-value test for `KeyOptions.isBenign`, built from already validated lists. */
export function buildBenignTest(lists: readonly Warninglist[]): BenignTest {
  const matcher = new BenignMatcher(lists);
  return (type, value) => matcher.isBenign(type, value);
}
