/** Tables of risk-based fraud decisions (migration 0011, `src/fraud`). */

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
