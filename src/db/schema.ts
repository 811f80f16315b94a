/**
 * Table shapes shared by SQLite and PostgreSQL. Both engines store the same column types:
 * text ids, ISO-8601 UTC timestamps as text (they sort correctly), JSON as text and booleans as 0/1,
 * so one migration set and one query layer serve both.
 */

export interface OrganizationTable {
  id: string;
  name: string;
  kind: string;
  investigation_access: number;
  created_at: string;
}

export interface MemberTable {
  id: string;
  org_id: string;
  name: string;
  email: string | null;
  role: string;
  created_at: string;
}

export interface ApiKeyTable {
  id: string;
  org_id: string;
  member_id: string | null;
  name: string;
  secret_hash: string;
  scopes: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface SharingGroupTable {
  id: string;
  name: string;
  description: string | null;
  owner_org_id: string;
  created_at: string;
}

export interface SharingGroupMemberTable {
  group_id: string;
  org_id: string;
  added_at: string;
}

export interface ReportTable {
  id: string;
  org_id: string;
  kind: string;
  tlp: string;
  pap: string;
  sensitivity: string;
  /** 1 when recipients or sharing groups narrow the audience; 0 means community-wide (for its TLP). */
  restricted: number;
  title: string | null;
  description: string;
  details: string;
  external_id: string | null;
  observed_at: string | null;
  created_at: string;
  created_by_key: string | null;
  /** Candidate correlation keys computed at intake (JSON [[key, role]…]); null for older rows. */
  link_keys?: string | null;
}

export interface ReportRecipientTable {
  report_id: string;
  org_id: string;
}

export interface ReportSharingGroupTable {
  report_id: string;
  group_id: string;
}

export interface IndicatorTable {
  id: string;
  type: string;
  value: string;
  attributes: string;
}

export interface SightingTable {
  indicator_id: string;
  report_id: string;
  role: string;
  observed_at: string;
}

export interface AuditLogTable {
  seq: number;
  at: string;
  org_id: string | null;
  key_id: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  details: string;
  prev_hash: string;
  hash: string;
}

/** Only keys that went over the correlation cap (see migration 0007); others are derived from postings. */
export interface CorrelationKeyTable {
  key: string;
  report_count: number;
  over_correlating: number;
  last_report_id: string;
  last_role: string;
  last_seen: string;
}

export interface CorrelationPostingTable {
  report_id: string;
  key: string;
  role: string;
  /** The report's time for IP keys (they link within a window); '' for every other key. */
  at: string;
}

export interface CampaignTable {
  id: string;
  size: number;
  created_at: string;
  updated_at: string;
  merged_into: string | null;
}

export interface ReportCampaignTable {
  report_id: string;
  campaign_id: string;
}

/** Reports waiting for correlation (written by intake, deleted by the correlator; migration 0009). */
export interface CorrelationQueueTable {
  report_id: string;
  at: string;
  link_keys: string | null;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface KobanDatabase {
  organizations: OrganizationTable;
  members: MemberTable;
  api_keys: ApiKeyTable;
  sharing_groups: SharingGroupTable;
  sharing_group_members: SharingGroupMemberTable;
  reports: ReportTable;
  report_recipients: ReportRecipientTable;
  report_sharing_groups: ReportSharingGroupTable;
  indicators: IndicatorTable;
  sightings: SightingTable;
  audit_log: AuditLogTable;
  correlation_keys: CorrelationKeyTable;
  correlation_postings: CorrelationPostingTable;
  correlation_queue: CorrelationQueueTable;
  campaigns: CampaignTable;
  report_campaigns: ReportCampaignTable;
  infrastructure_flags: InfrastructureFlagTable;
  attributions: AttributionTable;
  attribution_history: AttributionHistoryTable;
  koban_meta: MetaTable;
  knowledge_objects: KnowledgeObjectTable;
  knowledge_names: KnowledgeNameTable;
  knowledge_relationships: KnowledgeRelationshipTable;
  knowledge_merges: KnowledgeMergeTable;
  warninglists: WarninglistTable;
  warninglist_state: WarninglistStateTable;
  infrastructure_state: InfrastructureStateTable;
  protected_brands: ProtectedBrandTable;
  lookalike_alerts: LookalikeAlertTable;
  protection_feeds: ProtectionFeedTable;
  protection_feed_entries: ProtectionFeedEntryTable;
  protection_state: ProtectionStateTable;
  fraud_rule_sets: FraudRuleSetTable;
  fraud_events: FraudEventTable;
  fraud_cases: FraudCaseTable;
  fraud_outbox: FraudOutboxTable;
  fraud_contacts: FraudContactTable;
  fraud_settings: FraudSettingsTable;
  fraud_lists: FraudListTable;
  log_catalogue_versions: LogCatalogueVersionTable;
  investigation_notices: InvestigationNoticeTable;
  investigation_inquiries: InvestigationInquiryTable;
  investigation_attachments: InvestigationAttachmentTable;
  advisories: AdvisoryTable;
  advisory_versions: AdvisoryVersionTable;
  advisory_decisions: AdvisoryDecisionTable;
  taxii_status: TaxiiStatusTable;
  interop_webhooks: InteropWebhookTable;
}

/** A webhook of src/interop (migration 0015): the cursor is the last report delivered. */
export interface InteropWebhookTable {
  id: string;
  org_id: string;
  url: string;
  secret: string;
  created_at: string;
  cursor_at: string;
  cursor_id: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  last_delivered_at: string | null;
  lease_until: string | null;
}

/** A TAXII 2.1 status resource of one POST (src/taxii, migration 0014); `body` is the resource as JSON. */
export interface TaxiiStatusTable {
  id: string;
  org_id: string;
  created_at: string;
  body: string;
}

/** A STIX 2.1 object of the knowledge base (src/knowledge); `raw` is the object as imported. */
export interface KnowledgeObjectTable {
  id: string;
  type: string;
  name: string | null;
  /** JSON array of strings: `aliases` plus `x_mitre_aliases`. */
  aliases: string;
  /** JSON array: infrastructure_types, malware_types, tool_types or threat_actor_types. */
  subtypes: string;
  description: string | null;
  /** STIX timestamps normalized to nanosecond precision, so text order is time order. */
  created: string | null;
  modified: string | null;
  revoked: number;
  raw: string;
  source: string;
  imported_at: string;
  /** Set while an applied merge folds this object into another; lookups follow it. */
  merged_into:
    | string
    | null /** The organization whose import wrote this version (migration 0016); null before it. */;
  org_id: string | null;
  /** JSON array of the marking-definition ids the object refers to. */
  marking_refs: string;
}

/** Normalized (NFKC, lower-case) names and aliases, for search and alias merge proposals. */
export interface KnowledgeNameTable {
  object_id: string;
  name_key: string;
  type: string;
}

export interface KnowledgeRelationshipTable {
  id: string;
  source_ref: string;
  target_ref: string;
  relationship_type: string;
  description: string | null;
  created: string | null;
  modified: string | null;
  revoked: number;
  raw: string;
  source: string;
  imported_at: string;
  org_id: string | null;
  marking_refs: string;
}

export interface KnowledgeMergeTable {
  id: string;
  survivor_id: string;
  merged_id: string;
  reason: string;
  /** proposed | applied | reverted | rejected */
  status: string;
  matched_name: string | null;
  proposed_by: string | null;
  decided_by: string | null;
  created_at: string;
  decided_at: string | null;
  reverted_at: string | null;
  reverted_by: string | null;
}

export interface InfrastructureFlagTable {
  id: string;
  indicator_id: string;
  category: string;
  service_id: string | null;
  service_name: string | null;
  evidence: string;
  /** JSON array of report ids that support the flag. */
  evidence_reports: string;
  org_id: string;
  tlp: string;
  sensitivity: string;
  created_at: string;
  created_by_key: string;
  revoked_at: string | null;
}

export interface AttributionTable {
  id: string;
  target_type: string;
  target_id: string;
  actor_id: string;
  confidence: number;
  layer: string;
  /** JSON array of evidence references. */
  evidence: string;
  decision: string;
  org_id: string;
  tlp: string;
  created_at: string;
  updated_at: string;
}

export interface AttributionHistoryTable {
  id: string;
  attribution_id: string;
  at: string;
  org_id: string;
  key_id: string;
  change: string;
}

/** A MISP warninglist (src/warninglists). `entries` holds the usable entries only, as one JSON array. */
export interface WarninglistTable {
  id: string;
  name: string;
  description: string;
  version: number;
  /** string | substring | hostname | cidr | regex */
  type: string;
  /** JSON array of MISP attribute types, or null when the list declared none. */
  matching_attributes: string | null;
  entry_count: number;
  /** JSON array of strings. */
  entries: string;
  /** JSON array of parser warnings (skipped entries, unmapped attribute types). */
  warnings: string;
  /** sha256 of the list's content: a re-import of the same content is "unchanged". */
  content_hash: string;
  enabled: number;
  source: string;
  imported_at: string;
  updated_at: string;
}

/** One row (`id = 'current'`): `version` grows with every warninglist write. */
export interface WarninglistStateTable {
  id: string;
  version: number;
  updated_at: string | null;
}

/** One row (`id = 'current'`): `version` grows with every infrastructure flag create and revoke. */
export interface InfrastructureStateTable {
  id: string;
  version: number;
  updated_at: string | null;
}

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

/** One version of an organization's rule set (JSON body as uploaded, validated). */
export interface FraudRuleSetTable {
  org_id: string;
  set_id: string;
  version: string;
  body: string;
  /** draft | active | shadow | retired — at most one active set per organization. */
  status: string;
  created_at: string;
  created_by: string | null;
  status_changed_at: string;
}

/** The event journal: one row per distinct event id, with its decision. */
export interface FraudEventTable {
  org_id: string;
  event_id: string;
  seq: number;
  received_at: string;
  /** The clock the state applied the event with (epoch ms), for exact replay. */
  applied_now: number;
  occurred_at: string;
  type: string;
  account_id: string;
  /** Normalized event (JSON). */
  event: string;
  decision: string;
  score: number;
  /** The full verdict with reasons (JSON). */
  verdict: string;
  /** Verdicts of shadow rule sets (JSON array) or null. */
  shadow: string | null;
  /** fraud | legitimate once an analyst decided the case. */
  label: string | null;
}

export interface FraudCaseTable {
  id: string;
  org_id: string;
  event_id: string;
  account_id: string;
  decision: string;
  score: number;
  /** open | fraud | legitimate */
  status: string;
  opened_at: string;
  decided_at: string | null;
  decided_by: string | null;
  note: string | null;
  shared_report_id: string | null;
}

/** Notices to account holders, delivered at least once by the outbox worker. */
export interface FraudOutboxTable {
  id: string;
  org_id: string;
  event_id: string;
  /** account_link | hold | deny */
  kind: string;
  /** webhook | email */
  channel: string;
  target: string;
  payload: string;
  /** pending | sent | dead */
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface FraudContactTable {
  org_id: string;
  account_id: string;
  email: string | null;
  /** ja | en */
  locale: string;
  updated_at: string;
}

export interface FraudSettingsTable {
  org_id: string;
  webhook_url: string | null;
  webhook_secret: string | null;
  /** TLP of reports shared from confirmed fraud cases. */
  share_tlp: string;
  updated_at: string;
}

export interface FraudListTable {
  org_id: string;
  name: string;
  value: string;
  added_at: string;
}

/** One version of the log-source catalogue (src/investigation): the whole document as JSON. */
export interface LogCatalogueVersionTable {
  version: number;
  body: string;
  content_hash: string;
  /** What made this version: import, provider upsert/delete, starter. */
  change: string;
  created_at: string;
  org_id: string | null;
  key_id: string | null;
}

/** A preservation-deadline notice (T-7/T-3/T-1) for an investigator organization. */
export interface InvestigationNoticeTable {
  id: string;
  org_id: string;
  report_id: string;
  indicator_key: string;
  provider_id: string;
  log_id: string;
  /** JST calendar date YYYY-MM-DD by which the preservation request must go out. */
  deadline: string;
  days_before: number;
  created_at: string;
}

/** An inquiry (捜査関係事項照会) from an investigator organization to a provider. */
export interface InvestigationInquiryTable {
  id: string;
  org_id: string;
  provider_id: string;
  provider_org_id: string | null;
  catalogue_version: number;
  /** report | campaign | fraud_case */
  subject_type: string;
  subject_id: string;
  /** JSON array of the inquired indicators with their times and logs. */
  items: string;
  title: string;
  body: string;
  /** JST calendar date YYYY-MM-DD. */
  answer_due: string;
  /** draft | sent | acknowledged | answered | no_record */
  status: string;
  created_at: string;
  created_by: string;
  sent_at: string | null;
  acknowledged_at: string | null;
  answered_at: string | null;
  answer_note: string | null;
  updated_at: string;
}

export interface InvestigationAttachmentTable {
  id: string;
  inquiry_id: string;
  file_name: string;
  content_type: string;
  size: number;
  sha256: string;
  /** base64 of the bytes. */
  content: string;
  uploaded_at: string;
  uploaded_by: string;
}

/** An advisory drafted from a campaign or reports (migration 0013). */
export interface AdvisoryTable {
  id: string;
  org_id: string;
  /** public | sector | sme | elderly | children */
  audience: string;
  sector: string | null;
  /** JSON: `{campaignId}` or `{reportIds}` and the ids of the reports the draft used. */
  source: string;
  /** draft | in_review | approved | rejected | published | withdrawn */
  status: string;
  current_version: number;
  created_at: string;
  created_by_key: string;
  updated_at: string;
  published_version: number | null;
  published_at: string | null;
  published_approval_id: string | null;
  withdrawn_at: string | null;
  /** Why it was rejected or withdrawn. */
  status_reason: string | null;
}

export interface AdvisoryVersionTable {
  advisory_id: string;
  version: number;
  created_at: string;
  created_by_key: string;
  created_by_member: string | null;
  /** JSON content as drafted or edited (may hold personal data: never published). */
  written: string;
  /** JSON content after redaction: the only thing that can be published. */
  redacted: string;
  /** JSON: per text field, the diff segments of what redaction removed. */
  redactions: string;
  also_redact: string;
  /** sha256 of the canonical redacted content: an approval names this hash. */
  content_hash: string;
}

export interface AdvisoryDecisionTable {
  id: string;
  advisory_id: string;
  version: number;
  content_hash: string;
  /** approved | rejected */
  decision: string;
  decided_by_key: string;
  decided_by_member: string | null;
  /** JSON art. 47 checklist (approvals only). */
  checklist: string | null;
  justification: string;
  decided_at: string;
  /** When a publication used this approval (each approval publishes once). */
  used_at: string | null;
}
