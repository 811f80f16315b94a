/**
 * Shapes of the API answers the campaign, protection and fraud pages read (see the OpenAPI at
 * /docs: src/correlation, src/attribution, src/protection, src/fraud). Kept apart from types.ts so
 * the two console workstreams do not edit one file.
 */

export interface GraphLink {
  from: string;
  to: string;
  /** The shared linking key, `type:value` (`regdomain:sagawa-xq.top`, `phone:+81…`). */
  key: string;
  fromRole: string;
  toRole: string;
}

export interface GraphReport {
  id: string;
  kind: string;
  tlp: string;
  reporter: { orgId: string };
  observedAt: string | null;
  hops: number;
}

export interface Evidence {
  kind: 'report' | 'indicator' | 'url' | 'note';
  ref: string;
}

export interface AttributionView {
  id: string;
  target: { type: string; id: string };
  actor: { id: string; type: string; name: string };
  confidence: number;
  layer: string;
  evidence: Evidence[];
  decision: string;
  attributedBy: { orgId: string };
  tlp: string;
  createdAt: string;
  updatedAt: string;
}

export interface CampaignGraphView {
  campaignId: string | null;
  attributions: AttributionView[];
  size: number;
  reports: GraphReport[];
  links: GraphLink[];
  truncated: boolean;
}

export interface DashboardCampaigns {
  campaigns: { campaignId: string; size: number; growth: { day: string; reports: number }[] }[];
}

export type Verdict = 'block' | 'warn' | 'allow';

export interface CheckReason {
  code: string;
  weight: number;
  ja: string;
  en: string;
  brand?: string;
  /** Defanged by the server. */
  subject?: string;
}

export interface UrlCheckResult {
  verdict: Verdict;
  score: number;
  reasons: CheckReason[];
  subject: string;
  registrableDomain: string | null;
}

export interface SmsCheckResult {
  verdict: Verdict;
  score: number;
  reasons: CheckReason[];
  links: { url: string; verdict: Verdict; score: number }[];
  brands: string[];
}

export interface Brand {
  id: string;
  orgId: string | null;
  builtIn: boolean;
  overridesBuiltIn: boolean;
  namesJa: string[];
  namesEn: string[];
  officialDomains: string[];
  officialSenders: string[];
  hostTokens: string[];
  sector: string;
  version: number;
}

export interface LookalikeAlert {
  id: string;
  brand: string;
  /** Defanged by the server. */
  domain: string;
  registrableDomain: string | null;
  kind: string;
  distance: number;
  source: string;
  firstSeen: string;
  lastSeen: string;
  count: number;
  status: string;
}

export type RuleSetStatus = 'draft' | 'shadow' | 'active' | 'retired';

export interface RuleSetSummary {
  setId: string;
  version: string;
  status: RuleSetStatus;
  createdAt: string;
  createdBy: string | null;
  statusChangedAt: string;
  rules: number;
}

export interface RuleSetVersion extends RuleSetSummary {
  ruleSet: unknown;
}

export interface FraudCase {
  id: string;
  eventId: string;
  accountId: string;
  decision: string;
  score: number;
  status: string;
  openedAt: string;
  decidedAt: string | null;
  note: string | null;
}

interface Rate {
  count: number;
  rate: number | null;
}

interface Quality {
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface BacktestRuleHits {
  ruleId: string;
  hits: number;
  fraud: number;
  legitimate: number;
  unlabelled: number;
  precision: number | null;
}

export interface BacktestResult {
  ruleSet: { id: string; version: string; rules: number };
  events: number;
  labels: { fraud: number; legitimate: number; unlabelled: number };
  alerts: { anyAlert: Rate; holdOrDeny: Rate };
  detection: { anyAlert: Quality; holdOrDeny: Quality };
  rules: BacktestRuleHits[];
}

export interface JournalBacktest {
  from: string;
  to: string;
  events: number;
  truncated: boolean;
  candidate: BacktestResult;
  active: BacktestResult;
}
