/**
 * Property: whatever sequence of edits, submissions, approvals, rejections, publications and
 * withdrawals anyone sends through the API, a published version always has an approval of its
 * exact content by someone who wrote no version of the advisory, and each approval publishes once.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdvisoryScenario, CHECKLIST, seedAdvisoryScenario } from '../../test/helpers/advisories.js';
import { bearer, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import type { AdvisoryContent } from './types.js';

let t: TestKoban;
let s: AdvisoryScenario;

beforeAll(async () => {
  t = await startTestKoban();
  s = await seedAdvisoryScenario(t);
});
afterAll(async () => t.close());

const ACTORS = ['author', 'authorOtherKey', 'approver', 'secondApprover', 'writerOnly'] as const;
type ActorName = (typeof ACTORS)[number];
const keyIdOf = (token: string) => token.slice(4, 16);

type Action =
  | { kind: 'edit'; actor: ActorName; stale: boolean }
  | { kind: 'submit' | 'publish' | 'reject'; actor: ActorName; stale: boolean }
  | { kind: 'approve'; actor: ActorName; stale: boolean; complete: boolean }
  | { kind: 'withdraw'; actor: ActorName }
  /** Submit, approve (by anyone) and publish in a row, so that random runs do reach publication. */
  | { kind: 'fastTrack'; approver: ActorName };

const actor = fc.constantFrom(...ACTORS);
// Mostly the current version; sometimes the previous one (a stale or replayed request).
const stale = fc.constantFrom(false, false, false, true);
const action: fc.Arbitrary<Action> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('edit' as const), actor, stale }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('submit' as const), actor, stale }), weight: 3 },
  {
    arbitrary: fc.record({ kind: fc.constant('approve' as const), actor, stale, complete: fc.boolean() }),
    weight: 4,
  },
  { arbitrary: fc.record({ kind: fc.constant('reject' as const), actor, stale }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('publish' as const), actor, stale }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('withdraw' as const), actor }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('fastTrack' as const), approver: actor }), weight: 3 },
);

async function perform(id: string, a: Action): Promise<number> {
  if (a.kind === 'fastTrack') {
    const steps: Action[] = [
      { kind: 'submit', actor: 'author', stale: false },
      { kind: 'approve', actor: a.approver, stale: false, complete: true },
      { kind: 'publish', actor: 'writerOnly', stale: false },
    ];
    let last = 0;
    for (const step of steps) last = await perform(id, step);
    return last;
  }
  const key = s[a.actor];
  const current = (
    await t.app.inject({ method: 'GET', url: `/v1/advisories/${id}`, headers: bearer(s.author) })
  ).json();
  const version = 'stale' in a && a.stale ? Math.max(1, current.currentVersion - 1) : current.currentVersion;
  const post = (path: string, payload: object) =>
    t.app.inject({ method: 'POST', url: `/v1/advisories/${id}/${path}`, headers: bearer(key), payload });
  switch (a.kind) {
    case 'edit': {
      const content = current.version.content as AdvisoryContent;
      const r = await t.app.inject({
        method: 'PUT',
        url: `/v1/advisories/${id}/draft`,
        headers: bearer(key),
        payload: {
          baseVersion: version,
          content: {
            ja: { ...content.ja, summary: `${content.ja.summary}+` },
            en: content.en,
            indicators: content.indicators.map((i) => `${i.type}:${i.value}`),
          },
        },
      });
      return r.statusCode;
    }
    case 'approve':
      return (
        await post('approve', {
          version,
          checklist: a.complete ? CHECKLIST : { ...CHECKLIST, harmsConsidered: false },
          justification: '公益上の必要があり、被害者情報は除去済み',
        })
      ).statusCode;
    case 'reject':
      return (await post('reject', { version, reason: '表現を見直してください（理由）' })).statusCode;
    case 'withdraw':
      return (await post('withdraw', { reason: '公表の必要がなくなったため' })).statusCode;
    default:
      return (await post(a.kind, { version })).statusCode;
  }
}

async function checkInvariant(id: string): Promise<string | null> {
  const db = t.koban.database.db;
  const row = await db.selectFrom('advisories').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  if (row.published_version === null)
    return row.status === 'published' ? 'published without a version' : null;
  const [version, approval, authors] = await Promise.all([
    db
      .selectFrom('advisory_versions')
      .selectAll()
      .where('advisory_id', '=', id)
      .where('version', '=', row.published_version)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('advisory_decisions')
      .selectAll()
      .where('id', '=', row.published_approval_id ?? '')
      .executeTakeFirst(),
    db
      .selectFrom('advisory_versions')
      .select(['created_by_key', 'created_by_member'])
      .where('advisory_id', '=', id)
      .execute(),
  ]);
  if (!approval) return 'no approval recorded for the publication';
  if (approval.decision !== 'approved' || approval.version !== row.published_version) return 'wrong approval';
  if (approval.content_hash !== version.content_hash) return 'approval of other content';
  if (approval.used_at === null) return 'approval not marked used';
  if (authors.some((a) => a.created_by_key === approval.decided_by_key)) return 'approved by an author key';
  if (approval.decided_by_member && authors.some((a) => a.created_by_member === approval.decided_by_member)) {
    return 'approved by an author member';
  }
  if (![s.approver, s.secondApprover].map(keyIdOf).includes(approval.decided_by_key))
    return 'approver lacks scope';
  const used = await db
    .selectFrom('advisory_decisions')
    .select('id')
    .where('advisory_id', '=', id)
    .where('used_at', 'is not', null)
    .execute();
  return used.length === 1 ? null : 'more than one approval used';
}

describe('approval workflow (property)', () => {
  it('no sequence of actions publishes a version without a matching approval by another approver', async () => {
    let publications = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 12 }), async (actions) => {
        const created = await t.app.inject({
          method: 'POST',
          url: '/v1/advisories',
          headers: bearer(s.author),
          payload: { source: { campaignId: s.campaignId }, audience: 'public' },
        });
        const id = created.json().id as string;
        for (const a of actions) {
          const status = await perform(id, a);
          expect(status, JSON.stringify(a)).toBeLessThan(500);
          const problem = await checkInvariant(id);
          expect(problem, JSON.stringify(actions)).toBeNull();
        }
        const final = await t.koban.database.db
          .selectFrom('advisories')
          .select('published_version')
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        if (final.published_version !== null) publications++;
      }),
      { numRuns: 40 },
    );
    // The generator must reach publication for the property to mean anything.
    expect(publications).toBeGreaterThan(5);
  });
});
