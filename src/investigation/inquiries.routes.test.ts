import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import { starterCatalogue } from './starter-catalogue.js';

type Org = { orgId: string; key: string };
let t: TestKoban;
let police: Org;
let otherPolice: Org;
let hosting: Org;
let otherProvider: Org;
let carrier: Org;
let bank: Org;
let clock = Date.parse('2026-12-01T03:00:00Z');
let reportId: string;
let hiddenReportId: string;

const req = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', key: string, url: string, payload?: object) =>
  t.app.inject({ method, url, headers: bearer(key), ...(payload ? { payload } : {}) });
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

beforeAll(async () => {
  t = await startTestKoban({}, { now: () => new Date(clock) });
  const investigator = {
    investigationAccess: true,
    scopes: ['investigation:read', 'investigation:write', 'reports:read'],
  };
  police = await createOrgWithKey(t, 'Prefectural Police', 'police', investigator);
  otherPolice = await createOrgWithKey(t, 'Other Police', 'police', investigator);
  hosting = await createOrgWithKey(t, 'Hosting KK', 'hosting', { scopes: ['inquiries:answer'] });
  otherProvider = await createOrgWithKey(t, 'Other ISP', 'hosting', { scopes: ['inquiries:answer'] });
  carrier = await createOrgWithKey(t, 'Carrier', 'carrier');
  bank = await createOrgWithKey(t, 'Bank', 'bank');
  // Link the generic hosting provider to the hosting organization, so inquiries are delivered in Koban.
  const provider = {
    ...starterCatalogue().providers.find((p) => p.id === 'jp-hosting')!,
    organizationId: hosting.orgId,
  };
  const linked = await req('PUT', t.adminKey, '/v1/investigation/catalogue/providers/jp-hosting', provider);
  expect(linked.statusCode, linked.body).toBe(201);
  const report = (tlp: string, ip: string, extra: object = {}) => ({
    kind: 'phishing_site',
    tlp,
    description: 'phishing',
    observedAt: '2026-11-20T09:30:00+09:00',
    details: { url: 'https://sagawa-xq.top/login', ip },
    ...extra,
  });
  const r1 = await req('POST', carrier.key, '/v1/reports', report('GREEN', '203.0.113.10'));
  expect(r1.statusCode, r1.body).toBe(201);
  reportId = r1.json().id;
  const r2 = await req('POST', bank.key, '/v1/reports', report('RED', '198.51.100.77'));
  hiddenReportId = r2.json().id;
});
afterAll(() => t.close());

describe('preservation deadlines', () => {
  it('lists who keeps which logs for a report, with JST deadlines, nearest first', async () => {
    const r = await req(
      'GET',
      police.key,
      `/v1/investigation/leads?subjectType=report&subjectId=${reportId}`,
    );
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().today).toBe('2026-12-01');
    const ip = r.json().items.find((i: { key: string }) => i.key === 'ipv4:203.0.113.10');
    const web = ip.leads.find(
      (l: { providerId: string; logId: string }) => l.providerId === 'jp-hosting' && l.logId === 'web-access',
    );
    // 20 Nov (JST) + 30 days − 7 days margin.
    expect(web).toMatchObject({
      deadline: '2026-12-13',
      daysLeft: 12,
      uncertain: true,
      organizationId: hosting.orgId,
    });
    expect(r.json().items[0].leads[0].daysLeft).toBeGreaterThanOrEqual(0);
  });

  it('never shows a report the caller may not see (404 and absent from the queue)', async () => {
    const hidden = await req(
      'GET',
      police.key,
      `/v1/investigation/leads?subjectType=report&subjectId=${hiddenReportId}`,
    );
    expect(hidden.statusCode).toBe(404);
    const queue = await req('GET', police.key, '/v1/investigation/deadlines?horizonDays=30');
    expect(queue.statusCode, queue.body).toBe(200);
    const reports = new Set(queue.json().items.map((e: { reportId: string }) => e.reportId));
    expect(reports).toEqual(new Set([reportId]));
    const days = queue.json().items.map((e: { lead: { daysLeft: number } }) => e.lead.daysLeft);
    expect(days).toEqual([...days].sort((a, b) => a - b));
    // The bank reported the RED one: it sees its own.
    const own = await req('GET', t.adminKey, '/v1/investigation/deadlines');
    expect(own.statusCode).toBe(200);
  });

  it('records T-7/T-3/T-1 notices once per threshold', async () => {
    clock = Date.parse('2026-12-07T01:00:00Z'); // 6 days before 13 Dec
    expect(await t.koban.investigation.notices.scanOnce()).toBeGreaterThan(0);
    expect(await t.koban.investigation.notices.scanOnce()).toBe(0);
    const list = await req('GET', police.key, '/v1/investigation/notices');
    const web = list
      .json()
      .items.filter(
        (n: { logId: string; indicatorKey: string }) =>
          n.logId === 'web-access' && n.indicatorKey === 'ipv4:203.0.113.10',
      );
    expect(web.map((n: { daysBefore: number }) => n.daysBefore)).toEqual([7]);
    clock = Date.parse('2026-12-11T16:00:00Z'); // 12 Dec JST: one day left
    await t.koban.investigation.notices.scanOnce();
    const later = await req('GET', police.key, '/v1/investigation/notices');
    const days = later
      .json()
      .items.filter(
        (n: { logId: string; indicatorKey: string }) =>
          n.logId === 'web-access' && n.indicatorKey === 'ipv4:203.0.113.10',
      )
      .map((n: { daysBefore: number }) => n.daysBefore);
    expect(days.sort()).toEqual([1, 7]);
    clock = Date.parse('2026-12-01T03:00:00Z');
  });
});

describe('inquiries', () => {
  let id: string;

  it('only police organizations draft; unknown providers and foreign indicators are named', async () => {
    const body = { subjectType: 'report', subjectId: reportId, providerId: 'jp-hosting' };
    const notPolice = await req('POST', t.adminKey, '/v1/investigation/inquiries', body);
    expect(notPolice.statusCode).toBe(403);
    const unknown = await req('POST', police.key, '/v1/investigation/inquiries', {
      ...body,
      providerId: 'nope',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe('/providerId');
    const foreign = await req('POST', police.key, '/v1/investigation/inquiries', {
      ...body,
      indicatorKeys: ['ipv4:198.51.100.77'],
    });
    expect(foreign.json().errors[0].field).toBe('/indicatorKeys/0');
    const hidden = await req('POST', police.key, '/v1/investigation/inquiries', {
      ...body,
      subjectId: hiddenReportId,
    });
    expect(hidden.statusCode).toBe(404);
  });

  it('drafts a 捜査関係事項照会書 with redacted reason, then edits, sends and tracks it', async () => {
    const r = await req('POST', police.key, '/v1/investigation/inquiries', {
      subjectType: 'report',
      subjectId: reportId,
      providerId: 'jp-hosting',
      indicatorKeys: ['ipv4:203.0.113.10'],
      reason: '被害者 山田太郎（090-1111-2222）の被害',
      answerDue: '2026-12-20',
    });
    expect(r.statusCode, r.body).toBe(201);
    const draft = r.json();
    id = draft.id;
    expect(draft.status).toBe('draft');
    for (const part of [
      '捜査関係事項照会書',
      '照会先',
      '1 照会事項',
      '2 照会理由',
      '3 回答期限',
      '2026年12月20日',
      '203.0.113.10',
    ])
      expect(draft.body).toContain(part);
    expect(draft.body).not.toContain('090-1111-2222');
    expect(draft.body).not.toContain('山田');
    // Not yet visible to the provider.
    expect((await req('GET', hosting.key, `/v1/investigation/inquiries/${id}`)).statusCode).toBe(404);
    const edited = await req('PATCH', police.key, `/v1/investigation/inquiries/${id}`, {
      body: `${draft.body}\n<script>alert(1)</script>`,
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const sent = await req('POST', police.key, `/v1/investigation/inquiries/${id}/send`);
    expect(sent.json()).toMatchObject({ status: 'sent', providerOrgId: hosting.orgId, overdue: false });
    expect(
      (await req('PATCH', police.key, `/v1/investigation/inquiries/${id}`, { body: 'x' })).statusCode,
    ).toBe(409);
  });

  it('delivers only to the addressed provider; other organizations get 404', async () => {
    const inbox = await req('GET', hosting.key, '/v1/investigation/inbox');
    expect(inbox.json().items.map((i: { id: string }) => i.id)).toEqual([id]);
    expect((await req('GET', otherProvider.key, '/v1/investigation/inbox')).json().items).toEqual([]);
    for (const key of [otherProvider.key, otherPolice.key])
      expect((await req('GET', key, `/v1/investigation/inquiries/${id}`)).statusCode).toBe(404);
    expect(
      (await req('POST', otherProvider.key, `/v1/investigation/inquiries/${id}/acknowledge`)).statusCode,
    ).toBe(404);
    expect((await req('GET', police.key, '/v1/investigation/inbox')).statusCode).toBe(403);
  });

  it('turns overdue after the answer date and shows up in reminders', async () => {
    clock = Date.parse('2026-12-20T16:00:00Z'); // 21 Dec JST
    const r = await req('GET', police.key, `/v1/investigation/inquiries/${id}`);
    expect(r.json()).toMatchObject({ status: 'sent', overdue: true });
    const reminders = await req('GET', hosting.key, '/v1/investigation/reminders');
    expect(reminders.json().items).toEqual([expect.objectContaining({ box: 'inbox', daysLeft: -1 })]);
    clock = Date.parse('2026-12-02T03:00:00Z');
  });

  it('accepts attachments whose bytes match their type and refuses the rest', async () => {
    const ack = await req('POST', hosting.key, `/v1/investigation/inquiries/${id}/acknowledge`);
    expect(ack.json().status).toBe('acknowledged');
    const upload = (contentType: string, bytes: Buffer, fileName = 'log.png') =>
      req('POST', hosting.key, `/v1/investigation/inquiries/${id}/attachments`, {
        fileName,
        contentType,
        contentBase64: bytes.toString('base64'),
      });
    const ok = await upload('image/png', PNG);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().sha256).toMatch(/^[0-9a-f]{64}$/);
    const lie = await upload(
      'application/pdf',
      Buffer.from('<html><script>alert(1)</script></html>'),
      'answer.pdf',
    );
    expect(lie.statusCode).toBe(415);
    expect(lie.json().code).toBe('attachment_type_mismatch');
    const html = await upload('text/plain', Buffer.from('<!doctype html><script>x</script>'), 'a.txt');
    expect(html.statusCode).toBe(415);
    const exe = await upload('application/zip', Buffer.from('MZ\x90\x00binary'), 'a.zip');
    expect(exe.statusCode).toBe(415);
    const huge = await upload('text/csv', Buffer.alloc(5 * 1024 * 1024 + 1, 0x41), 'big.csv');
    expect(huge.statusCode).toBe(413);
    const csv = await upload(
      'text/csv',
      Buffer.from('time,ip\n2026-11-20T09:30:00+09:00,203.0.113.10\n'),
      'access.csv',
    );
    expect(csv.statusCode).toBe(201);
    const got = await req('GET', police.key, `/v1/investigation/inquiries/${id}/attachments/${ok.json().id}`);
    expect(got.headers['content-disposition']).toContain('attachment');
    expect(Buffer.from(got.rawPayload).equals(PNG)).toBe(true);
  });

  it('is answered once, with metrics per provider', async () => {
    clock = Date.parse('2026-12-03T03:00:00Z');
    const ans = await req('POST', hosting.key, `/v1/investigation/inquiries/${id}/answer`, {
      outcome: 'answered',
      note: '添付のとおり',
    });
    expect(ans.json()).toMatchObject({ status: 'answered', overdue: false });
    expect(
      (await req('POST', hosting.key, `/v1/investigation/inquiries/${id}/answer`, { outcome: 'no_record' }))
        .statusCode,
    ).toBe(409);
    const metrics = await req('GET', police.key, '/v1/investigation/metrics');
    expect(metrics.json().items).toEqual([
      expect.objectContaining({
        providerId: 'jp-hosting',
        sent: 1,
        closed: 1,
        medianHoursToAnswer: 48,
        p90HoursToAnswer: 48,
      }),
    ]);
  });

  it('refuses to send to a provider without a Koban organization', async () => {
    const r = await req('POST', police.key, '/v1/investigation/inquiries', {
      subjectType: 'report',
      subjectId: reportId,
      providerId: 'registrar',
    });
    expect(r.statusCode, r.body).toBe(201);
    const sent = await req('POST', police.key, `/v1/investigation/inquiries/${r.json().id}/send`);
    expect(sent.statusCode).toBe(409);
  });

  it('prints inert HTML: hostile text escaped, no script allowed', async () => {
    const r = await req('GET', police.key, `/v1/investigation/inquiries/${id}/print`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('text/html');
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
    expect(r.body).not.toContain('<script>');
    expect(r.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
