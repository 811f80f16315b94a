import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { withCommunity } from '../../test/helpers/koban.js';
import type { Principal } from '../auth/service.js';
import { normalizeIndicator } from '../core/indicators/index.js';
import type { IndicatorType } from '../core/indicators/types.js';
import { canSee, type Marking, type Sensitivity, type Tlp } from '../sharing/policy.js';
import { rankSuggestions, type Seen, type SourceAttribution, sharedItems } from './suggestion-scoring.js';
import type { SuggestionTarget } from './suggestions.js';

/**
 * Random communities, markings, flags and attributions: every suggestion must equal a brute-force
 * model built only from what the viewer may see — visible reports (for a campaign: its visible
 * members), visible live flags, visible attributions — so no invisible report, flag or attribution
 * ever shapes an answer, not even a confidence. Campaign membership is the stored one (a campaign
 * target is a stored campaign, as for attributions).
 */
const ORGS = 3;
const EARLY = '2026-01-01T00:00:00.000Z';
const LATE = '2026-03-01T00:00:00.000Z';
// Phones glue campaigns; the IPs glue only within 14 days (two share a /24); the URLs share a site.
const VALUES: { type: IndicatorType; raw: string }[] = [
  { type: 'phone', raw: '050-3333-0001' },
  { type: 'phone', raw: '050-3333-0002' },
  { type: 'ipv4', raw: '203.0.113.7' },
  { type: 'ipv4', raw: '203.0.113.8' },
  { type: 'ipv4', raw: '198.51.100.9' },
  { type: 'url', raw: 'https://kit.github.io/a' },
  { type: 'url', raw: 'https://kit.github.io/b' },
];
const canonical = VALUES.map(({ type, raw }) => {
  const r = normalizeIndicator(type, raw);
  if (!r.ok) throw new Error(raw);
  return { type, value: r.indicator.value };
});

// Mostly visible data, so that most runs have something to suggest and hide.
const tlpArb = fc.constantFrom<Tlp>('GREEN', 'GREEN', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED');
const rarely = fc.constantFrom(false, false, false, true);
const reportArb = fc
  .record({
    reporter: fc.nat(ORGS - 1),
    tlp: tlpArb,
    recipients: fc.uniqueArray(fc.nat(ORGS - 1), { maxLength: 2 }),
    investigation: rarely,
    values: fc.uniqueArray(fc.nat(VALUES.length - 1), { minLength: 1, maxLength: 3 }),
    late: fc.boolean(),
  })
  .map((r) => ({
    ...r,
    recipients: r.tlp === 'AMBER+STRICT' ? [] : r.recipients.filter((x) => x !== r.reporter),
  }));
const flagArb = fc.record({
  by: fc.nat(ORGS - 1),
  value: fc.nat(4),
  tlp: tlpArb,
  investigation: rarely,
  revoked: rarely,
});
const attributionArb = fc.record({
  by: fc.nat(ORGS - 1),
  onCampaign: fc.boolean(),
  report: fc.nat(9),
  actor: fc.nat(1),
  confidence: fc.integer({ min: 0, max: 100 }),
  tlp: tlpArb,
  decision: fc.constantFrom('proposed', 'confirmed', 'confirmed', 'rejected'),
});

const ACTORS = [1, 2].map((n) => ({
  type: 'intrusion-set',
  spec_version: '2.1',
  id: `intrusion-set--00000000-0000-4000-8000-00000000000${n}`,
  created: '2024-01-01T00:00:00.000Z',
  modified: '2024-01-01T00:00:00.000Z',
  name: `Actor ${n}`,
}));

interface Made {
  id: string;
  org: string;
  tlp: string;
  decision: string;
  confidence: number;
  target: { type: 'campaign' | 'report'; id: string };
  actor: { id: string; type: string; name: string };
}

/**
 * Pinned: a source campaign whose invisible (RED) member carries the only same-site URL — the weak
 * item must not appear for outsiders, though the visible member's IP makes the source count.
 */
type Of<A> = A extends fc.Arbitrary<infer T> ? T : never;
const hiddenCorroboration: [Of<typeof reportArb>[], Of<typeof flagArb>[], Of<typeof attributionArb>[]] = [
  [
    { reporter: 0, tlp: 'GREEN', recipients: [], investigation: false, values: [0, 2], late: false },
    { reporter: 0, tlp: 'RED', recipients: [], investigation: false, values: [0, 6], late: false },
    { reporter: 1, tlp: 'GREEN', recipients: [], investigation: false, values: [2, 5], late: true },
  ],
  [{ by: 0, value: 1, tlp: 'GREEN', investigation: false, revoked: true }],
  [
    { by: 0, onCampaign: true, report: 0, actor: 0, confidence: 80, tlp: 'GREEN', decision: 'confirmed' },
    { by: 1, onCampaign: false, report: 2, actor: 1, confidence: 80, tlp: 'GREEN', decision: 'confirmed' },
  ],
];

describe('attribution suggestions access control (property-based)', () => {
  it('equal a model computed only from what the viewer may see', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(reportArb, { minLength: 3, maxLength: 8 }),
        fc.array(flagArb, { minLength: 1, maxLength: 5 }),
        fc.array(attributionArb, { minLength: 2, maxLength: 6 }),
        async (reports, flags, attributions) => {
          await withCommunity(
            [{}, {}, { investigationAccess: true }],
            ['reports:read', 'reports:write', 'attribution:write', 'infrastructure:write', 'knowledge:write'],
            async ({ koban, orgIds, principal }) => {
              const principals: Principal[] = [];
              for (let i = 0; i < ORGS; i++) principals.push(await principal(i));
              const at = (p: number) => principals[p] as Principal;
              const org = (p: number) => orgIds[p] as string;
              await koban.knowledge.importBundle(
                at(0),
                { type: 'bundle', id: 'bundle--1', objects: ACTORS },
                't',
              );
              const ids: string[] = [];
              const markings: Marking[] = [];
              const seen: Seen[][] = [];
              for (const r of reports) {
                const recipients = r.recipients.map(org);
                const sensitivity: Sensitivity = r.investigation ? 'investigation' : 'normal';
                const observedAt = r.late ? LATE : EARLY;
                const [res] = await koban.intake.submit(at(r.reporter), [
                  {
                    kind: 'other',
                    tlp: r.tlp,
                    recipients,
                    sensitivity,
                    observedAt,
                    description: '',
                    details: {},
                    indicators: r.values.map((v) => ({ type: VALUES[v]?.type, value: VALUES[v]?.raw })),
                  },
                ]);
                if (res?.status !== 'created') throw new Error(JSON.stringify(res));
                ids.push(res.id);
                markings.push({
                  orgId: org(r.reporter),
                  tlp: r.tlp,
                  sensitivity,
                  recipients,
                  sharingGroups: [],
                });
                seen.push(
                  r.values.map((v) => ({ ...(canonical[v] as Seen), at: observedAt, reportId: res.id })),
                );
              }
              await koban.correlation.drain();
              const memberships = await koban.database.db
                .selectFrom('report_campaigns')
                .selectAll()
                .execute();
              const campaignOf = new Map(memberships.map((m) => [m.report_id, m.campaign_id]));

              const liveFlags: { key: string; marking: Marking }[] = [];
              for (const f of flags) {
                const { type, raw } = VALUES[f.value] as { type: IndicatorType; raw: string };
                const sensitivity: Sensitivity = f.investigation ? 'investigation' : 'normal';
                const made = await koban.flags.flag(at(f.by), {
                  value: raw,
                  type,
                  category: 'other',
                  serviceName: 's',
                  evidence: 'e',
                  tlp: f.tlp,
                  sensitivity,
                });
                if (f.revoked) await koban.flags.revoke(at(f.by), made.id);
                else
                  liveFlags.push({
                    key: `${made.indicator.type}:${made.indicator.value}`,
                    marking: { orgId: org(f.by), tlp: f.tlp, sensitivity, recipients: [], sharingGroups: [] },
                  });
              }

              const made: Made[] = [];
              for (const a of attributions) {
                const reportId = ids[a.report % ids.length] as string;
                const campaign = campaignOf.get(reportId);
                if (a.onCampaign && !campaign) continue;
                const target = a.onCampaign
                  ? { type: 'campaign' as const, id: campaign as string }
                  : { type: 'report' as const, id: reportId };
                const view = await koban.attributions
                  .propose(at(a.by), {
                    targetType: target.type,
                    targetId: target.id,
                    actorId: ACTORS[a.actor]?.id as string,
                    confidence: a.confidence,
                    layer: 'tactical',
                    evidence: [],
                    decision: a.decision as 'proposed',
                    tlp: a.tlp,
                  })
                  .catch(() => null); // the attributor cannot see the target
                if (view) made.push({ ...view, org: org(a.by), target } as Made);
              }

              const targets: SuggestionTarget[] = [
                ...ids.map((id) => ({ type: 'report' as const, id })),
                ...[...new Set(campaignOf.values())].map((id) => ({ type: 'campaign' as const, id })),
              ];
              for (const viewer of principals) {
                const sees = (m: Marking) => canSee(viewer.viewer, m);
                const visibleOf = (t: { type: string; id: string }) =>
                  ids.filter(
                    (id, i) =>
                      sees(markings[i] as Marking) &&
                      (t.type === 'report' ? id === t.id : campaignOf.get(id) === t.id),
                  );
                const seenOf = (reportIds: string[]) =>
                  seen.filter((_, i) => reportIds.includes(ids[i] as string)).flat();
                const attributionSeen = (a: Made) =>
                  sees({
                    orgId: a.org,
                    tlp: a.tlp as Tlp,
                    sensitivity: 'normal',
                    recipients: [],
                    sharingGroups: [],
                  });
                const facts = {
                  flagged: new Set(liveFlags.filter((f) => sees(f.marking)).map((f) => f.key)),
                  overCorrelating: new Set<string>(),
                };
                for (const target of targets) {
                  const inTarget = visibleOf(target);
                  if (inTarget.length === 0) {
                    await expect(koban.suggestions.suggest(viewer, target)).rejects.toMatchObject({
                      code: 'not_found',
                    });
                    continue;
                  }
                  const sources: SourceAttribution[] = [];
                  for (const a of made) {
                    if (!attributionSeen(a) || a.decision === 'rejected') continue;
                    const inSource = visibleOf(a.target);
                    if (inSource.length === 0 || inSource.some((id) => inTarget.includes(id))) continue;
                    const items = sharedItems(seenOf(inTarget), seenOf(inSource), facts);
                    // A source campaign is named as the viewer sees it: its earliest visible report.
                    const named =
                      a.target.type === 'campaign'
                        ? { type: 'campaign' as const, id: [...inSource].sort()[0] as string }
                        : a.target;
                    sources.push({ attributionId: a.id, ...a, target: named, items });
                  }
                  const already = new Set(
                    made
                      .filter((a) => a.target.type === target.type && a.target.id === target.id)
                      .filter((a) => attributionSeen(a) && a.decision !== 'rejected')
                      .map((a) => a.actor.id),
                  );
                  const expected = rankSuggestions(sources, already).map(({ sources: _, ...s }) => s);
                  expect(await koban.suggestions.suggest(viewer, target)).toEqual(expected);
                }
              }
            },
          );
        },
      ),
      { examples: [hiddenCorroboration], numRuns: process.env.KOBAN_TEST_DATABASE_URL ? 15 : 50 },
    );
  }, 240_000);
});
