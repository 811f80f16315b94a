import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdvisoryScenario, CHECKLIST, seedAdvisoryScenario } from '../../test/helpers/advisories.js';
import { bearer, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import type { AdvisoryContent } from './types.js';

let t: TestKoban;
let s: AdvisoryScenario;
const call = (key: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: bearer(key), ...(payload ? { payload } : {}) });
const approval = (version: number) => ({
  version,
  checklist: CHECKLIST,
  justification: '被害拡大防止のため公表が必要。被害者情報は除去済み。',
});

beforeAll(async () => {
  t = await startTestKoban();
  s = await seedAdvisoryScenario(t);
});
afterAll(async () => t.close());

async function newDraft(): Promise<{ id: string; content: AdvisoryContent }> {
  const r = await call(s.author, 'POST', '/v1/advisories', {
    source: { campaignId: s.campaignId },
    audience: 'public',
  });
  expect(r.statusCode, r.body).toBe(201);
  return { id: r.json().id, content: r.json().version.content };
}
const step = (key: string, id: string, action: string, body: object) =>
  call(key, 'POST', `/v1/advisories/${id}/${action}`, body);
const editBody = (baseVersion: number, content: AdvisoryContent, summary: string) => ({
  baseVersion,
  content: {
    ja: { ...content.ja, summary },
    en: content.en,
    indicators: content.indicators.map((i) => `${i.type}:${i.value}`),
  },
});
const publicPage = (id: string) => t.app.inject({ method: 'GET', url: `/v1/public/advisories/${id}` });

describe('approval workflow', () => {
  it('never lets an author approve: not with the approve scope, not with another key of the same member', async () => {
    const { id } = await newDraft();
    expect((await step(s.author, id, 'submit', { version: 1 })).statusCode).toBe(200);
    const own = await step(s.author, id, 'approve', approval(1));
    expect(own.statusCode).toBe(403);
    expect(own.json().code).toBe('self_approval');
    const sameMember = await step(s.authorOtherKey, id, 'approve', approval(1));
    expect(sameMember.json().code).toBe('self_approval');
    const noScope = await step(s.writerOnly, id, 'approve', approval(1));
    expect(noScope.json().code).toBe('forbidden');
    const outsider = await step(s.outsider.key, id, 'approve', approval(1));
    expect(outsider.statusCode).toBe(404);
    expect((await call(s.author, 'GET', `/v1/advisories/${id}`)).json().status).toBe('in_review');
  });

  it('requires every art. 47 checklist item and a justification, naming each missing field', async () => {
    const { id } = await newDraft();
    await step(s.author, id, 'submit', { version: 1 });
    const r = await step(s.approver, id, 'approve', {
      version: 1,
      checklist: { ...CHECKLIST, necessity: false, investigationNotHarmed: false },
      justification: 'ok',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().code).toBe('checklist_incomplete');
    expect(r.json().errors.map((e: { field: string }) => e.field)).toEqual([
      '/checklist/necessity',
      '/checklist/investigationNotHarmed',
      '/justification',
    ]);
    const missing = await step(s.approver, id, 'approve', {
      version: 1,
      checklist: { purpose: true },
      justification: 'x',
    });
    expect(missing.statusCode).toBe(400);
  });

  it('publishes only the approved version; an edit after approval needs a new approval', async () => {
    const { id, content } = await newDraft();
    expect((await step(s.author, id, 'publish', { version: 1 })).json().code).toBe('advisory_state');
    await step(s.author, id, 'submit', { version: 1 });
    expect((await step(s.author, id, 'publish', { version: 1 })).json().code).toBe('advisory_state');
    const approved = await step(s.approver, id, 'approve', approval(1));
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'approved',
      decisions: [{ version: 1, decision: 'approved' }],
    });
    const replay = await step(s.secondApprover, id, 'approve', approval(1));
    expect(replay.json().code).toBe('advisory_state');

    // Edited after approval: back to draft; the approval of version 1 does not carry over.
    const edited = await call(
      s.author,
      'PUT',
      `/v1/advisories/${id}/draft`,
      editBody(1, content, '承認後に書き換えた本文'),
    );
    expect(edited.json()).toMatchObject({ status: 'draft', currentVersion: 2 });
    expect((await step(s.author, id, 'publish', { version: 1 })).json().code).toBe('advisory_state');
    await step(s.author, id, 'submit', { version: 2 });
    expect((await step(s.author, id, 'publish', { version: 2 })).json().code).toBe('advisory_state');
    // Approving a version other than the current one is refused.
    expect((await step(s.approver, id, 'approve', approval(1))).json().code).toBe(
      'advisory_version_mismatch',
    );
    expect((await step(s.approver, id, 'approve', approval(2))).statusCode).toBe(200);
    const stale = await step(s.author, id, 'publish', { version: 1 });
    expect(stale.json().code).toBe('advisory_version_mismatch');
    expect((await publicPage(id)).statusCode).toBe(404);

    const published = await step(s.writerOnly, id, 'publish', { version: 2 });
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', publishedVersion: 2 });
    expect(published.json().decisions[1].usedAt).toEqual(expect.any(String));
    expect((await step(s.author, id, 'publish', { version: 2 })).json().code).toBe('advisory_state');
    expect(
      (await call(s.author, 'PUT', `/v1/advisories/${id}/draft`, editBody(2, content, 'x'))).statusCode,
    ).toBe(409);
    const page = await publicPage(id);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('承認後に書き換えた本文');
  });

  it('rejects with a reason; the author may revise and resubmit', async () => {
    const { id, content } = await newDraft();
    await step(s.author, id, 'submit', { version: 1 });
    expect((await step(s.approver, id, 'reject', { version: 1, reason: 'short' })).statusCode).toBe(400);
    const rejected = await step(s.approver, id, 'reject', {
      version: 1,
      reason: '捜査への影響を再確認してください',
    });
    expect(rejected.json()).toMatchObject({
      status: 'rejected',
      statusReason: '捜査への影響を再確認してください',
    });
    expect((await step(s.author, id, 'publish', { version: 1 })).json().code).toBe('advisory_state');
    const revised = await call(s.author, 'PUT', `/v1/advisories/${id}/draft`, editBody(1, content, '修正版'));
    expect(revised.json()).toMatchObject({ status: 'draft', currentVersion: 2, statusReason: null });
  });

  it('withdraws a published advisory: it leaves the public routes, and both steps are audited', async () => {
    const { id } = await newDraft();
    await step(s.author, id, 'submit', { version: 1 });
    await step(s.approver, id, 'approve', approval(1));
    await step(s.author, id, 'publish', { version: 1 });
    expect((await publicPage(id)).statusCode).toBe(200);
    expect((await step(s.author, id, 'withdraw', { reason: 'no' })).statusCode).toBe(400);
    const w = await step(s.approver, id, 'withdraw', { reason: '被害者から申し出があったため' });
    expect(w.json()).toMatchObject({ status: 'withdrawn' });
    expect((await publicPage(id)).statusCode).toBe(404);
    const feed = await t.app.inject({ method: 'GET', url: '/v1/public/advisories/feed.json' });
    expect(feed.body).not.toContain(id);
    const audit = await t.koban.database.db
      .selectFrom('audit_log')
      .select(['action', 'key_id'])
      .where('target_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'advisory.create',
      'advisory.submit',
      'advisory.approve',
      'advisory.publish',
      'advisory.withdraw',
    ]);
    const verify = await call(t.adminKey, 'GET', '/v1/audit/verify');
    expect(verify.json().ok).toBe(true);
  });
});
