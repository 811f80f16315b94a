/**
 * Vocabulary of the protection core (pure, I/O-free): brands to protect, verdicts and the
 * explainable, bilingual reasons every check returns.
 */

export type Verdict = 'block' | 'warn' | 'allow';

/** An organization or service whose customers are targeted; names in Japanese and English. */
export interface ProtectedBrand {
  /** Stable identifier, e.g. `yamato`, `smbc`. */
  id: string;
  /** Display names (first one is the canonical Japanese / English name). */
  namesJa: readonly string[];
  namesEn: readonly string[];
  /** Registrable domains (and hosts) the brand really uses: `kuronekoyamato.co.jp`. */
  officialDomains: readonly string[];
  /** Alphanumeric sender ids and phone numbers the brand really sends SMS from. */
  officialSenders: readonly string[];
  /** ASCII tokens that identify the brand inside host names: `yamato`, `kuroneko`. */
  hostTokens: readonly string[];
  sector: BrandSector;
}

export type BrandSector =
  | 'bank'
  | 'card'
  | 'securities'
  | 'payment'
  | 'carrier'
  | 'logistics'
  | 'government'
  | 'ecommerce'
  | 'transport'
  | 'utility'
  | 'tech'
  | 'other';

/** Stable machine code of a reason; the texts are for people. */
export type ReasonCode =
  | 'blocklisted'
  | 'blocklisted_domain'
  | 'crime_infrastructure'
  | 'brand_impersonation'
  | 'lookalike_domain'
  | 'homoglyph_domain'
  | 'brand_token_in_host'
  | 'brand_token_in_path'
  | 'suspicious_tld'
  | 'random_label'
  | 'ip_host'
  | 'shortener'
  | 'free_hosting'
  | 'dynamic_dns'
  | 'url_model'
  | 'campaign_shape'
  | 'lure_phrase'
  | 'sender_ip_phone'
  | 'sender_international'
  | 'sender_spoof'
  | 'official_domain'
  | 'allowlisted'
  | 'message_model'
  | 'callback_number'
  | 'input_truncated';

export interface Reason {
  code: ReasonCode;
  /** Contribution to the score (0–100 scale, may be negative for benign evidence). */
  weight: number;
  ja: string;
  en: string;
  /** Brand id when the reason concerns a brand. */
  brand?: string;
  /** Defanged indicator the reason is about (never a live link). */
  subject?: string;
}

export interface CheckResult {
  verdict: Verdict;
  /** 0–100. */
  score: number;
  reasons: Reason[];
}
