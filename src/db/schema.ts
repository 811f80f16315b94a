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
  koban_meta: MetaTable;
}
