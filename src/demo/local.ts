import type { Koban } from '../app/container.js';
import type { Scope } from '../auth/keys.js';
import type { Principal } from '../auth/service.js';
import type { Organization } from '../orgs/service.js';
import { DEMO_ORGS, DEMO_REPORTS, type DemoOrgKey, type DemoReportRef } from './scenario.js';

/**
 * Audit key id of work the demo does as the store's operator. `koban demo`, like `koban init`,
 * runs on the store itself: whoever can open the store is its operator and needs no API key. The
 * operator principal only creates the demo organizations and their keys (and reads the summary);
 * everything else is done with the keys it mints, so the audit log shows each partner acting with
 * its own key.
 */
export const LOCAL_OPERATOR_KEY_ID = 'local:koban-demo';

/** A principal for an organization without an API key; only the local operator path uses it. */
export async function localPrincipal(
  koban: Koban,
  orgId: string,
  scopes: readonly Scope[],
): Promise<Principal> {
  return {
    keyId: LOCAL_OPERATOR_KEY_ID,
    orgId,
    scopes: new Set(scopes),
    viewer: await koban.auth.viewerFor(orgId),
  };
}

/** Demo organizations are recognized by name, so an interrupted run reuses the ones it created. */
export async function findDemoOrgs(koban: Koban): Promise<Partial<Record<DemoOrgKey, Organization>>> {
  const byName = new Map((await koban.orgs.list()).map((o) => [o.name, o]));
  const out: Partial<Record<DemoOrgKey, Organization>> = {};
  for (const o of DEMO_ORGS) {
    const found = byName.get(o.name);
    if (found) out[o.key] = found;
  }
  return out;
}

/** The stored demo reports, found by their reporter and externalId (unique per organization). */
export async function findDemoReports(
  koban: Koban,
  orgs: Partial<Record<DemoOrgKey, Organization>>,
): Promise<Partial<Record<DemoReportRef, string>>> {
  const rows = await koban.database.db
    .selectFrom('reports')
    .select(['id', 'org_id', 'external_id'])
    .where(
      'external_id',
      'in',
      DEMO_REPORTS.map((r) => r.input.externalId),
    )
    .execute();
  const out: Partial<Record<DemoReportRef, string>> = {};
  for (const report of DEMO_REPORTS) {
    const orgId = orgs[report.by]?.id;
    const row = rows.find((r) => r.org_id === orgId && r.external_id === report.input.externalId);
    if (row) out[report.ref] = row.id;
  }
  return out;
}
