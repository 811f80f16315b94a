import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { communityArbitraries } from '../../test/helpers/community-arbitraries.js';
import { withCommunity } from '../../test/helpers/koban.js';
import type { KobanError } from '../errors/catalogue.js';
import { canSee, type Marking } from './policy.js';

/**
 * Random communities of organizations, groups and markings: every read path must agree with
 * the pure policy, and a hidden report must be indistinguishable from a missing one.
 */
const ORGS = 4;
const GROUPS = 3;

const { world: worldArb } = communityArbitraries({ orgs: ORGS, groups: GROUPS, maxReports: 12 });

describe('access control (property-based)', () => {
  it('lists, reads, lookups and sightings reveal exactly what canSee allows', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async (world) => {
        await withCommunity(
          world.grants.map((investigationAccess) => ({ investigationAccess })),
          ['reports:read', 'reports:write', 'indicators:read', 'groups:manage'],
          async ({ koban, orgIds, principal }) => {
            const groupIds: string[] = [];
            for (let g = 0; g < GROUPS; g++) {
              const owner = g % ORGS;
              const members = (world.membership[g] ?? [])
                .filter((m) => m !== owner)
                .map((m) => orgIds[m] as string);
              const group = await koban.groups.create(await principal(owner), { name: `g${g}`, members });
              groupIds.push(group.id);
            }
            const markings: Marking[] = [];
            const reportIds: string[] = [];
            for (const [n, r] of world.reports.entries()) {
              // Reporters can only use groups they belong to.
              const usable = r.groups.filter(
                (g) => g % ORGS === r.reporter || (world.membership[g] ?? []).includes(r.reporter),
              );
              const body = {
                kind: 'smishing',
                tlp: r.tlp,
                sensitivity: r.investigation ? 'investigation' : 'normal',
                recipients: r.recipients.map((x) => orgIds[x]),
                sharingGroups: usable.map((g) => groupIds[g]),
                description: '',
                details: {
                  sender: 'SAGAWA',
                  body: `荷物 https://unique${n}.example.com/x https://shared.example.net/login`,
                },
              };
              const [result] = await koban.intake.submit(await principal(r.reporter), [body]);
              if (result?.status !== 'created') throw new Error(`submit failed: ${JSON.stringify(result)}`);
              reportIds.push(result.id);
              markings.push({
                orgId: orgIds[r.reporter] as string,
                tlp: r.tlp,
                sensitivity: r.investigation ? 'investigation' : 'normal',
                recipients: body.recipients as string[],
                sharingGroups: body.sharingGroups as string[],
              });
            }
            for (let v = 0; v < ORGS; v++) {
              const p = await principal(v);
              const expected = new Set(reportIds.filter((_, i) => canSee(p.viewer, markings[i] as Marking)));
              // list (paged in small pages, so cursor paging is exercised too)
              const listed: string[] = [];
              let cursor: string | undefined;
              do {
                const page = await koban.reports.list(p, { limit: 3, ...(cursor ? { cursor } : {}) });
                listed.push(...page.items.map((i) => i.id));
                cursor = page.nextCursor ?? undefined;
              } while (cursor);
              expect(new Set(listed)).toEqual(expected);
              expect(listed.length).toBe(expected.size);
              // search by indicator
              const bySearch = await koban.reports.list(p, { limit: 100, indicator: 'shared.example.net' });
              expect(new Set(bySearch.items.map((i) => i.id))).toEqual(expected);
              // single reads and per-report indicators
              for (const [i, id] of reportIds.entries()) {
                const visible = expected.has(id);
                const read = await koban.reports.get(p, id).then(
                  () => 'ok',
                  (e: KobanError) => `${e.code}:${e.message}`,
                );
                const missing = await koban.reports.get(p, '0190f000-0000-7000-8000-000000000000').then(
                  () => 'ok',
                  (e: KobanError) => `${e.code}:${e.message}`,
                );
                expect(read).toBe(visible ? 'ok' : missing);
                const lookup = await koban.indicators.lookup(p, `hxxps://unique${i}[.]example[.]com/x`).then(
                  (x) => x.sightings.map((s) => s.reportId),
                  (e: KobanError) => e.code,
                );
                expect(lookup).toEqual(visible ? [id] : 'not_found');
              }
              // counts and sightings over the shared indicator
              const shared = await koban.indicators.lookup(p, 'https://shared.example.net/login').then(
                (x) => ({ count: x.sightingCount, ids: new Set(x.sightings.map((s) => s.reportId)) }),
                () => ({ count: 0, ids: new Set<string>() }),
              );
              expect(shared.count).toBe(expected.size);
              expect(shared.ids).toEqual(expected);
            }
          },
        );
      }),
      { numRuns: process.env.KOBAN_TEST_DATABASE_URL ? 15 : 40 },
    );
  }, 120_000);
});
