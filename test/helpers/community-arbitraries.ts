/**
 * fast-check arbitraries of a random sharing community for access-control property tests: reports
 * with random TLP, investigation sensitivity, named recipients and sharing groups (only markings
 * the API accepts), plus grants and group memberships of the organizations.
 */
import fc from 'fast-check';
import type { Tlp } from '../../src/sharing/policy.js';

export const TLP_ARB = fc.constantFrom<Tlp>('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED');

export function communityArbitraries(options: { orgs: number; groups: number; maxReports: number }) {
  const { orgs, groups, maxReports } = options;
  const report = fc
    .record({
      reporter: fc.nat(orgs - 1),
      tlp: TLP_ARB,
      investigation: fc.boolean(),
      recipients: fc.uniqueArray(fc.nat(orgs - 1), { maxLength: 2 }),
      groups: fc.uniqueArray(fc.nat(groups - 1), { maxLength: 2 }),
    })
    .map((r) => ({
      ...r,
      // Only markings the API accepts: AMBER+STRICT has no audience, RED has no groups.
      recipients: r.tlp === 'AMBER+STRICT' ? [] : r.recipients.filter((x) => x !== r.reporter),
      groups: r.tlp === 'AMBER+STRICT' || r.tlp === 'RED' ? [] : r.groups,
    }));
  const world = fc.record({
    grants: fc.array(fc.boolean(), { minLength: orgs, maxLength: orgs }),
    // membership[g] = orgs in group g
    membership: fc.array(fc.uniqueArray(fc.nat(orgs - 1), { maxLength: orgs }), {
      minLength: groups,
      maxLength: groups,
    }),
    reports: fc.array(report, { minLength: 1, maxLength: maxReports }),
  });
  return { report, world };
}
