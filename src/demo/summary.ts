import type { Koban } from '../app/container.js';
import type { Principal } from '../auth/service.js';
import type { GraphView } from '../correlation/graph.js';
import { KobanError } from '../errors/catalogue.js';
import type { Organization } from '../orgs/service.js';
import { findDemoOrgs, findDemoReports, localPrincipal } from './local.js';
import {
  ACTOR_ID,
  DEMO_FLAGS,
  DEMO_ORGS,
  DEMO_REPORTS,
  type DemoAudience,
  type DemoOrgKey,
  type DemoReportRef,
} from './scenario.js';

/** The partner whose view the summary contrasts with the centre's: it is no recipient of the RED case. */
export const DEMO_PARTNER: DemoOrgKey = 'carrier';

export interface CampaignSight {
  size: number;
  organizations: number;
  links: number;
  /** Demo reports of this campaign the viewer does not see. */
  hidden: DemoReportRef[];
}

export interface DemoSummary {
  status: 'seeded' | 'already_seeded';
  seededAt: string;
  /** Only when the demo initialized the store: the centre's admin key, shown this once. */
  initialized?: { orgId: string; adminKey: string };
  /** `apiKey` is null when no key was minted in this run (already seeded, without --new-keys). */
  organizations: { key: DemoAudience; id: string; name: string; kind: string; apiKey: string | null }[];
  reports: { ref: DemoReportRef; id: string; by: DemoOrgKey; kind: string; tlp: string; campaign: string }[];
  campaign: {
    id: string | null;
    asCentre: CampaignSight;
    asPartner: CampaignSight & { partner: DemoOrgKey };
    attribution: {
      actorId: string;
      actor: string;
      confidence: number;
      layer: string;
      decision: string;
    } | null;
  };
  otherCampaign: { id: string | null; size: number };
  infrastructure: { value: string; category: string; service: string; flaggedBy: DemoAudience }[];
}

interface DescribeInput {
  status: DemoSummary['status'];
  seededAt: string;
  centre: Organization;
  keys?: Record<DemoAudience, string>;
  initialized?: { orgId: string; apiKey: string };
}

/**
 * What the demo shows, read back from the store (not from the seeding run) so that a second run
 * describes the same data. Views are computed as the centre and as the partner would get them.
 */
export async function describeDemo(koban: Koban, input: DescribeInput): Promise<DemoSummary> {
  const orgs = await findDemoOrgs(koban);
  const reportIds = await findDemoReports(koban, orgs);
  const reader = (orgId: string) => localPrincipal(koban, orgId, ['reports:read', 'indicators:read']);
  const centre = await reader(input.centre.id);
  const partnerOrg = orgs[DEMO_PARTNER];
  const main = DEMO_REPORTS.filter((r) => r.campaign === 'main');
  const start = reportIds.sms;
  const centreView = start ? await koban.graph.campaign(centre, start) : null;
  const partnerView =
    start && partnerOrg ? await koban.graph.campaign(await reader(partnerOrg.id), start) : null;
  const otherStart = reportIds.otherSms;
  const otherView = otherStart ? await koban.graph.campaign(centre, otherStart) : null;
  const attribution = centreView?.attributions.find((a) => a.actor.id === ACTOR_ID) ?? null;
  const sight = (view: GraphView | null): CampaignSight => {
    const seen = new Set(view?.reports.map((r) => r.id));
    return {
      size: view?.size ?? 0,
      organizations: new Set(view?.reports.map((r) => r.reporter.orgId)).size,
      links: view?.links.length ?? 0,
      hidden: main.filter((r) => !seen.has(reportIds[r.ref] ?? '')).map((r) => r.ref),
    };
  };
  const orgIdOf: Record<string, DemoAudience> = { [input.centre.id]: 'centre' };
  for (const [key, org] of Object.entries(orgs)) orgIdOf[org.id] = key as DemoOrgKey;
  return {
    status: input.status,
    seededAt: input.seededAt,
    ...(input.initialized
      ? { initialized: { orgId: input.initialized.orgId, adminKey: input.initialized.apiKey } }
      : {}),
    organizations: [
      {
        key: 'centre',
        id: input.centre.id,
        name: input.centre.name,
        kind: input.centre.kind,
        apiKey: input.keys?.centre ?? null,
      },
      ...DEMO_ORGS.flatMap((o) => {
        const org = orgs[o.key];
        return org
          ? [{ key: o.key, id: org.id, name: org.name, kind: org.kind, apiKey: input.keys?.[o.key] ?? null }]
          : [];
      }),
    ],
    reports: DEMO_REPORTS.flatMap((r) => {
      const id = reportIds[r.ref];
      return id
        ? [{ ref: r.ref, id, by: r.by, kind: r.input.kind, tlp: r.input.tlp, campaign: r.campaign }]
        : [];
    }),
    campaign: {
      id: centreView?.campaignId ?? null,
      asCentre: sight(centreView),
      asPartner: { partner: DEMO_PARTNER, ...sight(partnerView) },
      attribution: attribution
        ? {
            actorId: attribution.actor.id,
            actor: attribution.actor.name,
            confidence: attribution.confidence,
            layer: attribution.layer,
            decision: attribution.decision,
          }
        : null,
    },
    otherCampaign: { id: otherView?.campaignId ?? null, size: otherView?.size ?? 0 },
    infrastructure: await flagsOf(koban, centre, orgIdOf),
  };
}

async function flagsOf(koban: Koban, centre: Principal, orgIdOf: Record<string, DemoAudience>) {
  const out: DemoSummary['infrastructure'] = [];
  for (const flag of DEMO_FLAGS) {
    const view = await koban.indicators.lookup(centre, flag.value).catch((error: unknown) => {
      if (error instanceof KobanError && error.code === 'not_found') return null;
      throw error;
    });
    for (const f of view?.infrastructure ?? []) {
      const by = orgIdOf[f.flaggedBy.orgId];
      if (by)
        out.push({ value: flag.value, category: f.category, service: f.service.name ?? '', flaggedBy: by });
    }
  }
  return out;
}
