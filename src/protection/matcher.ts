/**
 * The lookalike matcher behind alerts, `koban watch-domains` and the checks' `lookalikes`.
 *
 * When the lookalike engine (src/core/detect/lookalike/index.ts, `createLookalikeMatcher(brands,
 * { benignDomains })`) is present it is used; until then alerts fall back to the brand-token test
 * (`BrandIndex.tokensIn` on hosts that are not official), and the checks get no `lookalikes` (their
 * own brand-token reason already covers that case). Swapping: nothing to change here once the module
 * exists; to wire it statically, replace `loadEngine` with a plain import.
 */

import { linkingRegistrableDomain } from '../core/correlation/keys.js';
import type { BrandIndex } from '../core/detect/brand-index.js';
import type { ProtectedBrand } from '../core/detect/types.js';
import type { LookalikeFinder, LookalikeHit } from '../core/detect/url-check.js';

export type LookalikeEngine = (
  brands: readonly ProtectedBrand[],
  options: { benignDomains?: ReadonlySet<string> | Iterable<string> },
) => LookalikeFinder;

// A computed specifier: the module may not exist yet, and the build must not depend on it.
const ENGINE_MODULE = ['..', 'core', 'detect', 'lookalike', 'index.js'].join('/');
let engine: Promise<LookalikeEngine | null> | undefined;

/** The lookalike engine when its module is present (loaded once per process), else null. */
export function loadEngine(): Promise<LookalikeEngine | null> {
  engine ??= import(ENGINE_MODULE).then(
    (m: { createLookalikeMatcher?: LookalikeEngine }) =>
      typeof m.createLookalikeMatcher === 'function' ? m.createLookalikeMatcher : null,
    () => null,
  );
  return engine;
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

export interface Matchers {
  /** For the checks' context: the engine only (undefined without it). */
  checks: LookalikeFinder | undefined;
  /** For alerts and watch-domains: the engine, else the brand-token fallback. */
  alerts: LookalikeFinder;
}

export async function buildMatchers(
  brands: readonly ProtectedBrand[],
  index: BrandIndex,
  benignDomains: ReadonlySet<string>,
): Promise<Matchers> {
  const create = await loadEngine();
  const engineFinder = create ? create(brands, { benignDomains }) : undefined;
  return { checks: engineFinder, alerts: engineFinder ?? new BrandTokenFinder(index, benignDomains) };
}
