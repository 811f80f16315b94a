/**
 * Remembered normalizations of link candidates. URL and host normalization (WHATWG URL parser,
 * public-suffix walk) is most of the extractor's cost on a message with a link, and campaigns send
 * the same link in thousands of messages. Both functions are pure, so a memo answers exactly what
 * they would; results are shared between callers and must be treated as immutable.
 */
import { BoundedMemo, SecondSight } from '../bounded-memo.js';
import { domainFromAsciiHost } from './domain.js';
import { isIcannTld } from './psl.js';
import type { NormalizeResult } from './types.js';
import { normalizePreparedUrl } from './url.js';

export class NormalizeMemo {
  private readonly urls: BoundedMemo<string, NormalizeResult>;
  private readonly hosts: BoundedMemo<string, NormalizeResult>;
  /** Every label that ends a dotted word in prose is asked about (`attraction.i`, `3.6`). */
  private readonly tlds: BoundedMemo<string, boolean>;

  /**
   * Bounded: when a table is full it starts over (a campaign's links are back after one miss).
   * URLs and hosts are kept from their second sighting on (see SecondSight): most links in a day's
   * traffic are either a campaign's (back thousands of times) or seen once.
   */
  constructor(
    readonly maxEntries = 50_000,
    sightings = new SecondSight(2 * maxEntries),
  ) {
    this.urls = new BoundedMemo(maxEntries, sightings.admission(1));
    this.hosts = new BoundedMemo(maxEntries, sightings.admission(2));
    this.tlds = new BoundedMemo(maxEntries);
  }

  /** `normalizePreparedUrl(prepared)`. */
  url(prepared: string): NormalizeResult {
    return this.urls.get(prepared, normalizePreparedUrl);
  }

  /** `domainFromAsciiHost(host)` for a lowercase ASCII host. */
  host(host: string): NormalizeResult {
    return this.hosts.get(host, domainFromAsciiHost);
  }

  /** `isIcannTld(label)` for a lowercase ASCII label. */
  tld(label: string): boolean {
    return this.tlds.get(label, isIcannTld);
  }
}
