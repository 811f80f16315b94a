/** Tables of real-time protection (migration 0010, `src/protection`). */

/** A brand a partner protects (src/protection); list fields are JSON arrays of strings. */
export interface ProtectedBrandTable {
  id: string;
  org_id: string;
  names_ja: string;
  names_en: string;
  official_domains: string;
  official_senders: string;
  host_tokens: string;
  sector: string;
  created_at: string;
  updated_at: string;
  version: number;
}

/** A domain that imitates a brand, seen in a report, a feed, a CT log or a watched list. */
export interface LookalikeAlertTable {
  id: string;
  brand_id: string;
  domain: string;
  registrable_domain: string | null;
  kind: string;
  distance: number;
  /** report | feed | ct | watch */
  source: string;
  source_ref: string | null;
  first_seen: string;
  last_seen: string;
  count: number;
  /** open | dismissed | confirmed */
  status: string;
}

/** An imported list of known-bad or newly registered names, shared under a TLP. */
export interface ProtectionFeedTable {
  id: string;
  org_id: string;
  name: string;
  /** blocklist: entries are known bad (checks) · new_domains: names to match against brands (alerts) */
  purpose: string;
  tlp: string;
  entry_count: number;
  created_at: string;
  updated_at: string;
}

export interface ProtectionFeedEntryTable {
  feed_id: string;
  /** url | host | domain | phone */
  kind: string;
  value: string;
}

/** Rows `brands` and `feeds`: `version` grows with every write of that kind. */
export interface ProtectionStateTable {
  id: string;
  version: number;
  updated_at: string | null;
}
