import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { communityArbitraries } from '../../test/helpers/community-arbitraries.js';
import { withCommunity } from '../../test/helpers/koban.js';
import type { Koban } from '../app/container.js';
import type { Principal } from '../auth/service.js';
import { stixId } from '../correlation/stix-primitives.js';
import { canSee, type Marking } from '../sharing/policy.js';
import { groupCollectionId, OWN_COLLECTION_ID, VISIBLE_COLLECTION_ID } from './collections.js';
import { parseQuery } from './query.js';

/**
 * Random communities and markings: every TAXII collection holds exactly the objects of the reports
 * a brute-force `canSee` allows (narrowed to the collection's scope), in every version mode, and a
 * hidden report's object answers 404 like a missing one.
 */
const ORGS = 3;
const GROUPS = 2;

const { world: worldArb } = communityArbitraries({ orgs: ORGS, groups: GROUPS, maxReports: 8 });

/** Report of each object served, in order; `shared`: the reports whose version of the shared domain was served. */
async function collectionStream(koban: Koban, p: Principal, collection: string, version: string) {
  const reports: string[] = [];
  const shared: string[] = [];
  let next: string | undefined;
  do {
    const query = parseQuery(
      { 'match[version]': version, limit: '3', ...(next ? { next } : {}) },
      { allowIdAndType: true },
    );
    const page = await koban.taxii.page(p, collection, query);
    for (const e of page.entries) {
      if (e.key.report === '') continue;
      reports.push(e.key.report);
      if (e.object.type === 'domain-name' && e.object.value === 'shared.example.net')
        shared.push(e.key.report);
    }
    next = page.next;
  } while (next);
  return { reports, shared };
}

async function reportIdsIn(koban: Koban, p: Principal, collection: string, version: string) {
  return (await collectionStream(koban, p, collection, version)).reports;
}

/** Every report holds the shared domain: `last` serves it at the latest holder in scope, `first` at the earliest. */
async function expectSharedDomainAtExtremes(koban: Koban, p: Principal, collection: string) {
  const all = await collectionStream(koban, p, collection, 'all');
  const holders = [...new Set(all.reports)];
  const last = await collectionStream(koban, p, collection, 'last');
  const first = await collectionStream(koban, p, collection, 'first');
  expect(last.shared).toEqual(holders.length > 0 ? [holders.at(-1)] : []);
  expect(first.shared).toEqual(holders.length > 0 ? [holders[0]] : []);
}

describe('TAXII access control (property-based)', () => {
  it('collections expose exactly the objects of reports canSee allows, and hidden ids are 404', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async (world) => {
        await withCommunity(
          world.grants.map((investigationAccess) => ({ investigationAccess })),
          ['reports:read', 'reports:write', 'indicators:read', 'groups:manage'],
          async ({ koban, orgIds, principal }) => {
            const groupIds: string[] = [];
            for (let g = 0; g < GROUPS; g++) {
              const owner = g % ORGS;
              const members = (world.membership[g] ?? []).filter((m) => m !== owner).map((m) => orgIds[m]!);
              groupIds.push(
                (await koban.groups.create(await principal(owner), { name: `g${g}`, members })).id,
              );
            }
            const isMember = (org: number, g: number) =>
              g % ORGS === org || (world.membership[g] ?? []).includes(org);
            const markings: Marking[] = [];
            const reportIds: string[] = [];
            for (const [n, r] of world.reports.entries()) {
              const usable = r.groups.filter((g) => isMember(r.reporter, g));
              const body = {
                kind: 'abuse',
                tlp: r.tlp,
                sensitivity: r.investigation ? 'investigation' : 'normal',
                recipients: r.recipients.map((x) => orgIds[x]!),
                sharingGroups: usable.map((g) => groupIds[g]!),
                description: `r${n}`,
                details: {
                  category: 'phishing',
                  url: `https://unique${n}.example.com/x`,
                  domain: 'shared.example.net',
                },
              };
              const [result] = await koban.intake.submit(await principal(r.reporter), [body]);
              if (result?.status !== 'created') throw new Error(`submit failed: ${JSON.stringify(result)}`);
              reportIds.push(result.id);
              markings.push({
                orgId: orgIds[r.reporter]!,
                tlp: r.tlp,
                sensitivity: r.investigation ? 'investigation' : 'normal',
                recipients: body.recipients,
                sharingGroups: body.sharingGroups,
              });
            }
            for (let v = 0; v < ORGS; v++) {
              const p = await principal(v);
              const visible = reportIds.filter((_, i) => canSee(p.viewer, markings[i]!));
              const all = await reportIdsIn(koban, p, VISIBLE_COLLECTION_ID, 'all');
              expect(new Set(all)).toEqual(new Set(visible));
              // last: one version per observable, so the shared domain appears once if any holder is visible
              const last = await reportIdsIn(koban, p, VISIBLE_COLLECTION_ID, 'last');
              expect(new Set(last)).toEqual(new Set(visible));
              expect(last.length).toBe(all.length - Math.max(0, visible.length - 1));
              // The version kept is the latest (earliest) one the viewer may see in that collection,
              // whatever hidden holders exist after (before) it.
              await expectSharedDomainAtExtremes(koban, p, VISIBLE_COLLECTION_ID);
              await expectSharedDomainAtExtremes(koban, p, OWN_COLLECTION_ID);
              const own = reportIds.filter((_, i) => markings[i]!.orgId === orgIds[v]);
              expect(new Set(await reportIdsIn(koban, p, OWN_COLLECTION_ID, 'all'))).toEqual(new Set(own));
              for (let g = 0; g < GROUPS; g++) {
                if (!isMember(v, g)) continue;
                const inGroup = visible.filter((id) =>
                  markings[reportIds.indexOf(id)]!.sharingGroups.includes(groupIds[g]!),
                );
                const listed = await reportIdsIn(koban, p, groupCollectionId(groupIds[g]!), 'all');
                expect(new Set(listed)).toEqual(new Set(inGroup));
                await expectSharedDomainAtExtremes(koban, p, groupCollectionId(groupIds[g]!));
              }
              for (const hidden of reportIds.filter((id) => !visible.includes(id))) {
                const lookup = koban.taxii.objectPage(
                  p,
                  VISIBLE_COLLECTION_ID,
                  stixId('report', hidden),
                  parseQuery({}, { allowIdAndType: false }),
                );
                await expect(lookup).rejects.toMatchObject({ status: 404 });
              }
            }
          },
        );
      }),
      { numRuns: 12 },
    );
  }, 90_000);
});
