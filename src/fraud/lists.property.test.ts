import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withCommunity } from '../../test/helpers/koban.js';
import type { Principal } from '../auth/service.js';
import { normalizePhone } from '../core/indicators/index.js';
import { canSee, type Marking, type Sensitivity, type Tlp } from '../sharing/policy.js';
import { loadOrgLists } from './lists.js';

/**
 * Random communities and markings: an organization's `shared:` fraud lists must hold exactly the
 * values of the reports it may see (canSee), so no RED, named-recipient or investigation report
 * ever influences another organization's fraud decisions.
 */
const ORGS = 3;
const VALUES = 4;
const phone = (n: number) => `090-1111-000${n}`;

const reportArb = fc
  .record({
    reporter: fc.nat(ORGS - 1),
    tlp: fc.constantFrom<Tlp>('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'),
    sensitivity: fc.constantFrom<Sensitivity>('normal', 'investigation'),
    recipients: fc.uniqueArray(fc.nat(ORGS - 1), { maxLength: 2 }),
    phones: fc.uniqueArray(fc.nat(VALUES - 1), { minLength: 1, maxLength: 2 }),
  })
  .map((r) => ({
    ...r,
    recipients: r.tlp === 'AMBER+STRICT' ? [] : r.recipients.filter((x) => x !== r.reporter),
  }));

describe('fraud shared lists follow the sharing policy (property-based)', () => {
  it('shared:phone holds exactly the phones of reports the organization may see', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(reportArb, { minLength: 1, maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: ORGS, maxLength: ORGS }),
        async (reports, investigators) => {
          await withCommunity(
            investigators.map((investigationAccess) => ({ investigationAccess })),
            undefined,
            async ({ koban, orgIds, principal }) => {
              const principals: Principal[] = [];
              for (let i = 0; i < ORGS; i++) principals.push(await principal(i));
              const markings: Marking[] = [];
              for (const r of reports) {
                const recipients = r.recipients.map((x) => orgIds[x] as string);
                const [res] = await koban.intake.submit(principals[r.reporter] as Principal, [
                  {
                    kind: 'other',
                    tlp: r.tlp,
                    sensitivity: r.sensitivity,
                    recipients,
                    description: '',
                    details: {},
                    indicators: r.phones.map((p) => ({ type: 'phone', value: phone(p) })),
                  },
                ]);
                if (res?.status !== 'created') throw new Error(JSON.stringify(res));
                markings.push({
                  orgId: orgIds[r.reporter] as string,
                  tlp: r.tlp,
                  sensitivity: r.sensitivity,
                  recipients,
                  sharingGroups: [],
                });
              }
              for (let v = 0; v < ORGS; v++) {
                const viewer = (principals[v] as Principal).viewer;
                const lists = await loadOrgLists(koban.database.db, viewer);
                for (let p = 0; p < VALUES; p++) {
                  const e164 = (normalizePhone(phone(p)) as { ok: true; indicator: { value: string } })
                    .indicator.value;
                  const expected = reports.some(
                    (r, i) => r.phones.includes(p) && canSee(viewer, markings[i] as Marking),
                  );
                  expect(lists.has('shared:phone', e164), `org ${v} phone ${p}`).toBe(expected);
                }
              }
            },
          );
        },
      ),
      { numRuns: 15 },
    );
  }, 90_000);
});
