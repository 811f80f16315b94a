import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { communityArbitraries } from '../../test/helpers/community-arbitraries.js';
import { withCommunity } from '../../test/helpers/koban.js';
import { canSee, type Marking } from '../sharing/policy.js';

/**
 * Random communities and markings: the blocklists, the CSV and the MISP feed hold exactly the
 * values of the reports a brute-force `canSee` allows, and a hidden report's MISP event is 404.
 */
const ORGS = 3;
const GROUPS = 2;

const { world: worldArb } = communityArbitraries({ orgs: ORGS, groups: GROUPS, maxReports: 8 });

const lines = (text: string) => new Set(text.split('\n').filter((l) => l !== ''));

describe('interop access control (property-based)', () => {
  it('blocklists, CSV and the MISP feed expose exactly what canSee allows', async () => {
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
              const body = {
                kind: 'abuse',
                tlp: r.tlp,
                sensitivity: r.investigation ? 'investigation' : 'normal',
                recipients: r.recipients.map((x) => orgIds[x]!),
                sharingGroups: r.groups.filter((g) => isMember(r.reporter, g)).map((g) => groupIds[g]!),
                description: `r${n}`,
                details: {
                  category: 'phishing',
                  url: `https://u${n}.example.com/x`,
                  sourceIp: `198.51.100.${n + 1}`,
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
              const visible = reportIds.flatMap((_id, i) => (canSee(p.viewer, markings[i]!) ? [i] : []));
              expect(lines(await koban.interop.blocklist(p, 'domains'))).toEqual(
                new Set(visible.map((i) => `u${i}.example.com`)),
              );
              expect(lines(await koban.interop.blocklist(p, 'ips'))).toEqual(
                new Set(visible.map((i) => `198.51.100.${i + 1}`)),
              );
              const zone = await koban.interop.rpz(p);
              for (const [i] of reportIds.entries())
                expect(zone.includes(`\nu${i}.example.com CNAME .`)).toBe(visible.includes(i));
              const csvIds = new Set(
                (await koban.interop.indicatorsCsv(p))
                  .split('\r\n')
                  .slice(1, -1)
                  .map((l) => l.split(',')[3]),
              );
              expect(csvIds).toEqual(new Set(visible.map((i) => reportIds[i])));
              const manifest = await koban.interop.mispManifest(p);
              expect(new Set(Object.keys(manifest))).toEqual(new Set(visible.map((i) => reportIds[i])));
              expect(await koban.interop.mispHashes(p)).toSatisfy((h: string) =>
                reportIds.every((id, i) => h.includes(id) === visible.includes(i)),
              );
              for (const [i, id] of reportIds.entries()) {
                const event = koban.interop.mispEvent(p, id);
                if (visible.includes(i)) await expect(event).resolves.toMatchObject({ Event: { uuid: id } });
                else await expect(event).rejects.toMatchObject({ status: 404 });
              }
            }
          },
        );
      }),
      { numRuns: 12 },
    );
  }, 90_000);
});
