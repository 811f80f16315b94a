import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withCommunity } from '../../test/helpers/koban.js';
import type { Principal } from '../auth/service.js';
import { canSee, type Marking, type Tlp } from '../sharing/policy.js';

/**
 * Random communities, markings and shared indicators: every graph endpoint must equal a brute-force
 * walk over the reports the viewer may see — so no invisible report ever shapes an answer.
 */
const ORGS = 3;
const VALUES = 5;

const reportArb = fc
  .record({
    reporter: fc.nat(ORGS - 1),
    tlp: fc.constantFrom<Tlp>('GREEN', 'AMBER', 'AMBER+STRICT', 'RED'),
    recipients: fc.uniqueArray(fc.nat(ORGS - 1), { maxLength: 2 }),
    phones: fc.uniqueArray(fc.nat(VALUES - 1), { minLength: 0, maxLength: 2 }),
  })
  .map((r) => ({
    ...r,
    recipients: r.tlp === 'AMBER+STRICT' ? [] : r.recipients.filter((x) => x !== r.reporter),
  }));

const phone = (n: number) => `090-0000-000${n}`;

function modelWalk(
  start: number,
  visible: Set<number>,
  phones: number[][],
  maxHops = Number.POSITIVE_INFINITY,
): Map<number, number> {
  const depth = new Map([[start, 0]]);
  let frontier = [start];
  for (let hop = 1; hop <= maxHops && frontier.length > 0; hop++) {
    const next: number[] = [];
    for (const a of frontier) {
      for (const b of visible) {
        if (depth.has(b)) continue;
        if ((phones[a] ?? []).some((p) => (phones[b] ?? []).includes(p))) {
          depth.set(b, hop);
          next.push(b);
        }
      }
    }
    frontier = next;
  }
  return depth;
}

describe('campaign graph access control (property-based)', () => {
  it('campaign, neighbours and path equal a walk over visible reports only', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(reportArb, { minLength: 1, maxLength: 10 }),
        fc.nat(4),
        async (reports, hopsSeed) => {
          await withCommunity(
            Array.from({ length: ORGS }, () => ({})),
            undefined,
            async ({ koban, orgIds, principal }) => {
              const principals: Principal[] = [];
              for (let i = 0; i < ORGS; i++) principals.push(await principal(i));
              const ids: string[] = [];
              const markings: Marking[] = [];
              for (const r of reports) {
                const recipients = r.recipients.map((x) => orgIds[x] as string);
                const [res] = await koban.intake.submit(principals[r.reporter] as Principal, [
                  {
                    kind: 'other',
                    tlp: r.tlp,
                    recipients,
                    description: '',
                    details: {},
                    indicators: r.phones.map((p) => ({ type: 'phone', value: phone(p) })),
                  },
                ]);
                if (res?.status !== 'created') throw new Error(JSON.stringify(res));
                ids.push(res.id);
                markings.push({
                  orgId: orgIds[r.reporter] as string,
                  tlp: r.tlp,
                  sensitivity: 'normal',
                  recipients,
                  sharingGroups: [],
                });
              }
              await koban.correlation.drain();
              const hops = 1 + (hopsSeed % 3);
              for (const viewer of principals) {
                const visible = new Set(
                  ids.map((_, i) => i).filter((i) => canSee(viewer.viewer, markings[i] as Marking)),
                );
                for (let i = 0; i < ids.length; i++) {
                  const id = ids[i] as string;
                  if (!visible.has(i)) {
                    await expect(koban.graph.campaign(viewer, id)).rejects.toMatchObject({
                      code: 'not_found',
                    });
                    continue;
                  }
                  const phones = reports.map((r) => r.phones);
                  const whole = modelWalk(i, visible, phones);
                  const view = await koban.graph.campaign(viewer, id);
                  expect(new Set(view.reports.map((r) => r.id))).toEqual(
                    new Set([...whole.keys()].map((n) => ids[n])),
                  );
                  expect(view.size).toBe(whole.size);
                  // Named after the earliest visible report of the part the viewer sees: never shared
                  // by two parts joined only through a report the viewer may not see.
                  const members = [...whole.keys()].map((n) => ids[n] as string).sort();
                  expect(view.campaignId).toBe(members.length > 1 ? members[0] : null);
                  if (view.campaignId) {
                    const byId = await koban.graph.campaignById(viewer, view.campaignId);
                    expect(new Set(byId.reports.map((r) => r.id))).toEqual(new Set(members));
                  }
                  for (const link of view.links) {
                    expect(visible.has(ids.indexOf(link.from)) && visible.has(ids.indexOf(link.to))).toBe(
                      true,
                    );
                  }
                  const near = await koban.graph.neighbours(viewer, id, hops);
                  const model = modelWalk(i, visible, phones, hops);
                  expect(new Map(near.reports.map((r) => [r.id, r.hops]))).toEqual(
                    new Map([...model].map(([n, d]) => [ids[n], d])),
                  );
                  for (const j of visible) {
                    const path = await koban.graph.path(viewer, id, ids[j] as string);
                    const reachable = modelWalk(i, visible, phones, 6).get(j);
                    if (reachable === undefined) expect(path.links).toBeNull();
                    else expect(path.links?.length).toBe(reachable);
                  }
                }
              }
            },
          );
        },
      ),
      { numRuns: process.env.KOBAN_TEST_DATABASE_URL ? 10 : 25 },
    );
  }, 180_000);
});
