import { setTimeout as sleep } from 'node:timers/promises';
import type { Koban } from '../app/container.js';
import { SCOPES, type Scope } from '../auth/keys.js';
import type { Principal } from '../auth/service.js';
import { KobanError } from '../errors/catalogue.js';
import type { Organization } from '../orgs/service.js';
import { findDemoOrgs, localPrincipal } from './local.js';
import {
  BUNDLE_SOURCE,
  CENTRE_SCOPES,
  DEMO_ATTRIBUTION,
  DEMO_BUNDLE,
  DEMO_FLAGS,
  DEMO_ORGS,
  DEMO_REPORTS,
  type DemoAudience,
  type DemoOrgKey,
  type DemoReportRef,
} from './scenario.js';
import { type DemoSummary, describeDemo } from './summary.js';

export type { DemoSummary } from './summary.js';

/** Set in `koban_meta` as the very last step, so an interrupted run is completed by the next one. */
export const SEEDED_MARKER = 'demo_seeded_at';

export interface SeedOptions {
  /** Name of the analyst centre when the demo has to initialize the store. */
  centreName?: string;
  /** On an already seeded store: mint a fresh key for the centre and every demo organization. */
  newKeys?: boolean;
  /** How long to wait for correlation, which another process (the server) may be running. */
  correlationTimeoutMs?: number;
}

type Keys = Record<DemoAudience, string>;

/**
 * Loads the demo data set through the services, as the partners themselves would: organizations
 * and keys, reports, the STIX bundle, correlation, an infrastructure flag and an attribution.
 * Idempotent: every step reuses what is there, and a fully seeded store is left as it is.
 */
export async function seedDemo(koban: Koban, options: SeedOptions = {}): Promise<DemoSummary> {
  const initialized = await initializeIfNeeded(koban, options.centreName ?? 'Koban Analyst Centre');
  const centre = await findCentre(koban);
  const operator = initialized
    ? await koban.auth.authenticate(`Bearer ${initialized.apiKey}`)
    : await localPrincipal(koban, centre.id, SCOPES);
  const seededAt = await readMarker(koban);
  if (seededAt && !options.newKeys)
    return describeDemo(koban, { status: 'already_seeded', seededAt, centre });

  const orgs = await ensureOrgs(koban, operator);
  const ids: Record<DemoAudience, string> = { centre: centre.id, ...mapValues(orgs, (o) => o.id) };
  const keys = await mintKeys(koban, operator, ids);
  if (seededAt) return describeDemo(koban, { status: 'already_seeded', seededAt, centre, keys });

  const as = async (who: DemoAudience) => koban.auth.authenticate(`Bearer ${keys[who]}`);
  const reportIds = await submitReports(koban, as, ids);
  const imported = await koban.knowledge.importBundle(await as('centre'), DEMO_BUNDLE, BUNDLE_SOURCE);
  if (imported.summary.invalid > 0)
    throw new Error(`demo bundle rejected: ${JSON.stringify(imported.results)}`);
  await correlate(koban, Object.values(reportIds), options.correlationTimeoutMs ?? 30_000);
  await flagInfrastructure(koban, as, reportIds);
  await attribute(koban, await as(DEMO_ATTRIBUTION.by), reportIds);
  const at = new Date().toISOString();
  await koban.database.db
    .insertInto('koban_meta')
    .values({ key: SEEDED_MARKER, value: at })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return describeDemo(koban, {
    status: 'seeded',
    seededAt: at,
    centre,
    keys,
    ...(initialized ? { initialized } : {}),
  });
}

async function initializeIfNeeded(koban: Koban, name: string) {
  try {
    const init = await koban.orgs.initialize(name);
    return { orgId: init.organization.id, apiKey: init.apiKey };
  } catch (error) {
    if (error instanceof KobanError && error.code === 'already_initialized') return null;
    throw error;
  }
}

/** The centre created by `initialize`: the oldest analyst centre (ids are time-ordered). */
async function findCentre(koban: Koban): Promise<Organization> {
  const centre = (await koban.orgs.list()).find((o) => o.kind === 'analyst_centre');
  if (!centre) throw new Error('the store is initialized but has no analyst centre organization');
  return centre;
}

async function readMarker(koban: Koban): Promise<string | null> {
  const row = await koban.database.db
    .selectFrom('koban_meta')
    .select('value')
    .where('key', '=', SEEDED_MARKER)
    .executeTakeFirst();
  return row?.value ?? null;
}

async function ensureOrgs(koban: Koban, operator: Principal): Promise<Record<DemoOrgKey, Organization>> {
  const found = await findDemoOrgs(koban);
  for (const o of DEMO_ORGS) {
    found[o.key] ??= await koban.orgs.create(operator, { name: o.name, kind: o.kind });
  }
  return found as Record<DemoOrgKey, Organization>;
}

async function mintKeys(koban: Koban, operator: Principal, ids: Record<DemoAudience, string>): Promise<Keys> {
  const scopes: Record<DemoAudience, Scope[]> = {
    centre: CENTRE_SCOPES,
    ...Object.fromEntries(DEMO_ORGS.map((o) => [o.key, o.scopes])),
  } as Record<DemoAudience, Scope[]>;
  const keys: Partial<Keys> = {};
  for (const who of Object.keys(ids) as DemoAudience[]) {
    const created = await koban.orgs.createKey(operator, ids[who], {
      name: 'koban demo',
      scopes: scopes[who],
    });
    keys[who] = created.apiKey;
  }
  return keys as Keys;
}

async function submitReports(
  koban: Koban,
  as: (who: DemoAudience) => Promise<Principal>,
  ids: Record<DemoAudience, string>,
): Promise<Record<DemoReportRef, string>> {
  const out: Partial<Record<DemoReportRef, string>> = {};
  // In scenario order, one partner at a time: the reports arrive as they would in practice.
  for (const report of DEMO_REPORTS) {
    const item = {
      ...report.input,
      ...(report.recipients ? { recipients: report.recipients.map((r) => ids[r]) } : {}),
    };
    const [result] = await koban.intake.submit(await as(report.by), [item]);
    if (!result || result.status === 'invalid')
      throw new Error(`demo report ${report.ref} rejected: ${JSON.stringify(result)}`);
    out[report.ref] = result.id;
  }
  return out as Record<DemoReportRef, string>;
}

/**
 * Waits until every demo report is correlated. Draining here is not always enough: a running server
 * drains too, and on PostgreSQL only one node holds the correlation lock at a time.
 */
async function correlate(koban: Koban, reportIds: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await koban.correlation.drain();
    const pending = await koban.database.db
      .selectFrom('correlation_queue')
      .select('report_id')
      .where('report_id', 'in', reportIds)
      .execute();
    if (pending.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(
        `correlation did not finish within ${timeoutMs} ms (${pending.length} reports pending)`,
      );
    await sleep(200);
  }
}

async function flagInfrastructure(
  koban: Koban,
  as: (who: DemoAudience) => Promise<Principal>,
  reportIds: Record<DemoReportRef, string>,
): Promise<void> {
  for (const flag of DEMO_FLAGS) {
    const principal = await as(flag.by);
    // Unknown to this caller (404) means: not flagged yet.
    const existing = await koban.indicators.lookup(principal, flag.value).catch((error: unknown) => {
      if (error instanceof KobanError && error.code === 'not_found') return null;
      throw error;
    });
    const already = existing?.infrastructure.some(
      (f) => f.flaggedBy.orgId === principal.orgId && f.category === flag.category,
    );
    if (already) continue;
    await koban.flags.flag(principal, {
      value: flag.value,
      category: flag.category,
      serviceId: flag.serviceId,
      serviceName: flag.serviceName,
      evidence: flag.evidence,
      evidenceReports: flag.evidenceReports.map((r) => reportIds[r]),
      tlp: flag.tlp,
    });
  }
}

async function attribute(
  koban: Koban,
  centre: Principal,
  reportIds: Record<DemoReportRef, string>,
): Promise<void> {
  const a = DEMO_ATTRIBUTION;
  const view = await koban.graph.campaign(centre, reportIds[a.campaignOf]);
  if (!view.campaignId) throw new Error('the demo reports did not form a campaign');
  const existing = (await koban.attributions.forTarget(centre, 'campaign', view.campaignId)).find(
    (x) => x.actor.id === a.actorId && x.attributedBy.orgId === centre.orgId,
  );
  const proposal =
    existing ??
    (await koban.attributions.propose(centre, {
      targetType: 'campaign',
      targetId: view.campaignId,
      actorId: a.actorId,
      confidence: a.proposed.confidence,
      layer: a.proposed.layer,
      tlp: a.tlp,
      evidence: a.evidence.map((e) =>
        e.kind === 'report' ? { kind: 'report', ref: reportIds[e.report] } : e,
      ),
    }));
  if (proposal.decision !== a.decided.decision) {
    await koban.attributions.decide(centre, proposal.id, {
      decision: a.decided.decision,
      confidence: a.decided.confidence,
      layer: a.decided.layer,
      note: a.decided.note,
    });
  }
}

function mapValues<K extends string, V, W>(record: Record<K, V>, f: (v: V) => W): Record<K, W> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v as V)])) as Record<K, W>;
}
