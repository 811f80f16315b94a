/**
 * Thin wrapper over the Public Suffix List (tldts). Inputs are lowercase ASCII hostnames
 * (punycode already applied, no trailing dot).
 */
import { parse } from 'tldts';

const ICANN_OPTIONS = {
  allowPrivateDomains: false,
  extractHostname: false,
  detectIp: false,
  validateHostname: false,
  mixedInputs: false,
} as const;

const PRIVATE_OPTIONS = { ...ICANN_OPTIONS, allowPrivateDomains: true } as const;

export interface SuffixInfo {
  /** ICANN public suffix (private suffixes such as github.io are not used for this value). */
  publicSuffix: string;
  /** eTLD+1 under the ICANN section, or null when the host itself is a public suffix. */
  registrableDomain: string | null;
  /** True when the suffix is in the ICANN section (false: only known as a private suffix). */
  icann: boolean;
  /** The private PSL suffix the host sits under (`github.io`, `duckdns.org`), or null. */
  privateSuffix: string | null;
}

/**
 * Suffix facts for a host, or null when its suffix is not in the Public Suffix List at all. One
 * PSL walk for almost every host: only hosts under a private suffix need the ICANN walk too.
 */
export function knownSuffix(host: string): SuffixInfo | null {
  const p = parse(host, PRIVATE_OPTIONS);
  if (p.publicSuffix === null) return null;
  if (p.isPrivate !== true) {
    // Not under a private suffix: the private-aware walk found the ICANN suffix itself.
    if (p.isIcann !== true) return null;
    return { publicSuffix: p.publicSuffix, registrableDomain: p.domain, icann: true, privateSuffix: null };
  }
  const r = parse(host, ICANN_OPTIONS);
  if (r.publicSuffix === null) return null;
  return {
    publicSuffix: r.publicSuffix,
    registrableDomain: r.domain,
    icann: r.isIcann === true,
    privateSuffix: p.publicSuffix,
  };
}

/** True when `label` (lowercase ASCII, may be punycode) is a top-level domain in the ICANN section. */
export function isIcannTld(label: string): boolean {
  if (label.length === 0 || label.length > 63) return false;
  const r = parse(`a.${label}`, ICANN_OPTIONS);
  return r.isIcann === true;
}
