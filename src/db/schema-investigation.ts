/** Tables of investigation support and advisories (migrations 0012–0013, `src/investigation`, `src/advisories`). */

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
