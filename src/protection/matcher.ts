/**
 * The lookalike matcher behind the checks, alerts and `koban watch-domains`: the engine in
 * src/core/detect/lookalike/ (every dnstwist fuzzer class, UTS #39 skeletons, Japanese patterns),
 * built once per brand set. `BrandTokenFinder` is the simple brand-token test, kept for embedders
 * and tests that want no engine.
 */

import { linkingRegistrableDomain } from '../core/correlation/keys.js';
import type { BrandIndex } from '../core/detect/brand-index.js';
import { createLookalikeMatcher } from '../core/detect/lookalike/index.js';
import type { ProtectedBrand } from '../core/detect/types.js';
import type { LookalikeFinder, LookalikeHit } from '../core/detect/url-check.js';

/** One matcher for a brand set; official and benign hosts never match. */
export function buildLookalikeMatcher(
  brands: readonly ProtectedBrand[],
  benignDomains: ReadonlySet<string>,
): LookalikeFinder {
  return createLookalikeMatcher(brands, { benignDomains });
}

/** Fallback: brand tokens in a host that is neither official nor a known-benign domain. */
export class BrandTokenFinder implements LookalikeFinder {
  constructor(
    private readonly brands: BrandIndex,
    private readonly benignDomains: ReadonlySet<string> | undefined,
  ) {}

  match(host: string): LookalikeHit[] {
    if (this.brands.officialBrandOf(host) !== undefined) return [];
    const registrable = linkingRegistrableDomain(host);
    if (registrable !== null && this.benignDomains?.has(registrable) === true) return [];
    const out: LookalikeHit[] = [];
    for (const hit of this.brands.tokensIn(host)) {
      if (out.some((o) => o.brand === hit.brand)) continue;
      out.push({
        brand: hit.brand,
        kind: 'brand_token',
        distance: 0,
        token: hit.token,
        officialDomain: this.brands.officialDomainsOf(hit.brand)[0] ?? '',
      });
    }
    return out;
  }
}
