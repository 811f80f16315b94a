/**
 * Table shapes shared by SQLite and PostgreSQL. Both engines store the same column types:
 * text ids, ISO-8601 UTC timestamps as text (they sort correctly), JSON as text and booleans as 0/1,
 * so one migration set and one query layer serve both.
 */

import type {
  FraudCaseTable,
  FraudContactTable,
  FraudEventTable,
  FraudListTable,
  FraudOutboxTable,
  FraudRuleSetTable,
  FraudSettingsTable,
} from './schema-fraud.js';
import type {
  AdvisoryDecisionTable,
  AdvisoryTable,
  AdvisoryVersionTable,
  InvestigationAttachmentTable,
  InvestigationInquiryTable,
  InvestigationNoticeTable,
  LogCatalogueVersionTable,
} from './schema-investigation.js';

import type {
  KnowledgeMergeTable,
  KnowledgeNameTable,
  KnowledgeObjectTable,
  KnowledgeRelationshipTable,
} from './schema-knowledge.js';
import type {
  LookalikeAlertTable,
  ProtectedBrandTable,
  ProtectionFeedEntryTable,
  ProtectionFeedTable,
  ProtectionStateTable,
} from './schema-protection.js';

export type * from './schema-fraud.js';
export type * from './schema-investigation.js';
export type * from './schema-knowledge.js';
export type * from './schema-protection.js';

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

/** Console sessions: the hash of a random cookie token, the key it was made from (migration 0017). */
export interface ConsoleSessionTable {
  token_hash: string;
  key_id: string;
  org_id: string;
  created_at: string;
  expires_at: string;
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
  console_sessions: ConsoleSessionTable;
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
  taxii_sources: TaxiiSourceTable;
  indicator_holder_range: IndicatorHolderRangeTable;
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

/** Earliest and latest holding report of each indicator (migration 0019, kept on write by the intake writers). */
export interface IndicatorHolderRangeTable {
  indicator_id: string;
  first_at: string;
  first_report: string;
  first_org: string;
  /** 1 when every partner may see that report (no visibility query needed). */
  first_open: number;
  last_at: string;
  last_report: string;
  last_org: string;
  last_open: number;
}

/** A remote TAXII collection polled by src/taxii-client (migration 0018); JSON columns are text. */
export interface TaxiiSourceTable {
  id: string;
  org_id: string;
  name: string;
  api_root_url: string;
  collection_id: string;
  auth_kind: string;
  auth_username: string | null;
  /** Password or bearer token: never leaves the process except toward the source. */
  auth_secret: string | null;
  poll_seconds: number;
  default_tlp: string;
  sharing_groups: string;
  scopes: string;
  enabled: number;
  created_at: string;
  updated_at: string;
  checkpoint_added_after: string | null;
  run_added_after: string | null;
  run_next: string | null;
  next_poll_at: string;
  attempts: number;
  lease_until: string | null;
  last_poll_at: string | null;
  last_success_at: string | null;
  last_error: string | null;
  imported_count: number;
  failed_count: number;
  last_failures: string;
}

/** A TAXII 2.1 status resource of one POST (src/taxii, migration 0014); `body` is the resource as JSON. */
export interface TaxiiStatusTable {
  id: string;
  org_id: string;
  created_at: string;
  body: string;
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
