/**
 * Remembered normalizations of link candidates. URL and host normalization (WHATWG URL parser,
 * public-suffix walk) is most of the extractor's cost on a message with a link, and campaigns send
 * the same link in thousands of messages. Both functions are pure, so a memo answers exactly what
 * they would; results are shared between callers and must be treated as immutable.
 */
import { domainFromAsciiHost } from './domain.js';
import { isIcannTld } from './psl.js';
import type { NormalizeResult } from './types.js';
import { normalizePreparedUrl } from './url.js';

export class NormalizeMemo {
  private readonly urls = new Map<string, NormalizeResult>();
  private readonly hosts = new Map<string, NormalizeResult>();
  /** Every label that ends a dotted word in prose is asked about (`attraction.i`, `3.6`). */
  private readonly tlds = new Map<string, boolean>();

  /** Bounded: when a table is full it starts over (a campaign's links are back after one miss). */
  constructor(readonly maxEntries = 50_000) {}

  /** `normalizePreparedUrl(prepared)`. */
  url(prepared: string): NormalizeResult {
    let r = this.urls.get(prepared);
    if (r === undefined) {
      if (this.urls.size >= this.maxEntries) this.urls.clear();
      r = normalizePreparedUrl(prepared);
      this.urls.set(prepared, r);
    }
    return r;
  }

  /** `domainFromAsciiHost(host)` for a lowercase ASCII host. */
  host(host: string): NormalizeResult {
    let r = this.hosts.get(host);
    if (r === undefined) {
      if (this.hosts.size >= this.maxEntries) this.hosts.clear();
      r = domainFromAsciiHost(host);
      this.hosts.set(host, r);
    }
    return r;
  }

  /** `isIcannTld(label)` for a lowercase ASCII label. */
  tld(label: string): boolean {
    let r = this.tlds.get(label);
    if (r === undefined) {
      if (this.tlds.size >= this.maxEntries) this.tlds.clear();
      r = isIcannTld(label);
      this.tlds.set(label, r);
    }
    return r;
  }
}
