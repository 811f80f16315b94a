/** Shapes of the API answers the console reads (see the server's OpenAPI at /docs). */

export interface Organization {
  id: string;
  name: string;
  kind: string;
}

export interface Me {
  keyId: string;
  scopes: string[];
  organization: Organization;
}

export interface Sighting {
  type: string;
  value: string;
  role: string;
}

export interface Report {
  id: string;
  kind: string;
  tlp: string;
  pap: string;
  sensitivity: string;
  title: string | null;
  description: string;
  details: unknown;
  observedAt: string | null;
  createdAt: string;
  reporter: { orgId: string };
  externalId?: string | null;
  indicators?: Sighting[];
}

export interface ReportPage {
  items: Report[];
  nextCursor: string | null;
}

export interface SubmitResult {
  id: string;
  status: 'created' | 'duplicate';
  indicators: Sighting[];
}

export interface IndicatorSighting {
  reportId: string;
  reportKind: string;
  tlp: string;
  role: string;
  observedAt: string;
  reporter: { orgId: string };
}

export interface InfrastructureFlag {
  id: string;
  category: string;
  service: { id: string | null; name: string | null };
  evidence: string;
  flaggedBy: { orgId: string };
  tlp: string;
  createdAt: string;
}

export interface IndicatorView {
  type: string;
  value: string;
  key: string;
  sightingCount: number;
  firstSeen: string | null;
  lastSeen: string | null;
  sightings: IndicatorSighting[];
  infrastructure: InfrastructureFlag[];
}

export interface CampaignView {
  campaignId: string | null;
  size: number;
  reports: {
    id: string;
    kind: string;
    tlp: string;
    reporter: { orgId: string };
    observedAt: string | null;
    hops: number;
  }[];
  truncated: boolean;
}
