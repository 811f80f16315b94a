import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AdvisoryScenario,
  SCAM_NUMBER,
  SUSPECT,
  seedAdvisoryScenario,
  VICTIM,
  VICTIM_VALUES,
} from '../../test/helpers/advisories.js';
import { bearer, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';
import type { AdvisoryView } from './store.js';

let t: TestKoban;
let s: AdvisoryScenario;
const call = (key: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: bearer(key), ...(payload ? { payload } : {}) });

beforeAll(async () => {
  t = await startTestKoban();
  s = await seedAdvisoryScenario(t);
});
afterAll(async () => t.close());

describe('drafting an advisory from a campaign', () => {
  let advisory: AdvisoryView;

  beforeAll(async () => {
    const r = await call(s.author, 'POST', '/v1/advisories', {
      source: { campaignId: s.campaignId },
      audience: 'elderly',
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.headers.location).toBe(`/v1/advisories/${r.json().id}`);
    advisory = r.json();
  });

  it('uses only CLEAR/GREEN, non-investigation reports the analyst may see, and says what it left out', () => {
    expect(advisory).toMatchObject({ status: 'draft', audience: 'elderly', currentVersion: 1 });
    expect(new Set(advisory.source.usedReportIds)).toEqual(new Set([s.reportIds.sms1, s.reportIds.sms2]));
    expect(advisory.source.excluded).toEqual({ tlp: 1, investigation: 1 });
    const text = JSON.stringify(advisory);
    for (const hidden of ['AMBERSECRET', 'REDSECRET', SUSPECT, s.reportIds.red, '/panel', '/amber']) {
      expect(text).not.toContain(hidden);
    }
  });

  it('publishes the criminals’ senders and links (defanged), never the victim', () => {
    const { content } = advisory.version;
    expect(content.indicators.map((i: { display: string }) => i.display)).toEqual([
      '080-2222-3333',
      SCAM_NUMBER,
      'sagawa-xq[.]top',
      'hxxps[://]sagawa-xq[.]top/abc',
      'hxxps[://]sagawa-xq[.]top/re',
    ]);
    const text = JSON.stringify(content);
    for (const value of VICTIM_VALUES) expect(text).not.toContain(value);
    // Only the canonical `value` (for STIX patterns) keeps a live scheme; every text shows the defanged form.
    expect(JSON.stringify([content.ja, content.en])).not.toMatch(/https?:\/\//);
    expect(content.ja.title).toBe('【注意喚起】佐川急便を装うSMSにご注意ください');
    expect(content.ja.examples).toContain('【佐川急便】再配達はこちら hxxps[://]sagawa-xq[.]top/re');
    expect(content.ja.examples.join('\n')).toContain(
      '相談者：［氏名1］（72）、住所：［住所1］、電話［電話番号1］',
    );
    // Plain language for the elderly; the reporting lines are the editable defaults.
    expect(content.ja.advice[0]).toContain('それはサギです');
    expect(content.ja.reportTo).toContain('消費者ホットライン 188');
    expect(content.ja.reportTo[0]).toContain('#9110');
    expect(advisory.version.removed).toBeGreaterThanOrEqual(6);
  });

  it('returns the diff view: per field, the segments removed with kind and placeholder', async () => {
    const r = await call(s.approver, 'GET', `/v1/advisories/${advisory.id}/versions/1/redactions`);
    expect(r.statusCode, r.body).toBe(200);
    const view = r.json();
    expect(view.contentHash).toBe(advisory.version.contentHash);
    const field = view.fields.find((f: { field: string }) => f.field === '/ja/examples/2');
    expect(field.byKind).toMatchObject({ person_name: 2, postal_address: 1, phone: 1, bank_account: 1 });
    const removed = field.segments.filter((x: { type: string }) => x.type === 'removed');
    expect(removed[0]).toMatchObject({ text: VICTIM.name, kind: 'person_name', replacement: '［氏名1］' });
    // The segments rebuild the text as written, so the console can show it side by side.
    expect(field.segments.map((x: { text: string }) => x.text).join('')).toContain(VICTIM.address);
  });

  it('re-redacts every edit into a new version; indicators only from the draft’s candidates', async () => {
    const current = advisory.version.content;
    const edited = {
      ...current,
      ja: {
        ...current.ja,
        summary: `${current.ja.summary} 連絡先は ${VICTIM.phoneAscii}（鈴木 花子さん）。`,
      },
      indicators: current.indicators
        .slice(1, 3)
        .map((i: { type: string; value: string }) => `${i.type}:${i.value}`),
    };
    const bad = await call(s.author, 'PUT', `/v1/advisories/${advisory.id}/draft`, {
      baseVersion: 1,
      content: { ...edited, indicators: ['phone:+819011112222'] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ field: '/content/indicators/0', reason: expect.any(String) }]);

    const r = await call(s.author, 'PUT', `/v1/advisories/${advisory.id}/draft`, {
      baseVersion: 1,
      content: edited,
      alsoRedact: ['佐川急便'],
    });
    expect(r.statusCode, r.body).toBe(200);
    const v2 = r.json().version;
    expect(v2.version).toBe(2);
    expect(v2.content.indicators.map((i: { display: string }) => i.display)).toEqual([
      SCAM_NUMBER,
      'sagawa-xq[.]top',
    ]);
    expect(v2.content.ja.summary).not.toContain(VICTIM.phoneAscii);
    expect(v2.content.ja.summary).not.toContain('鈴木');
    expect(v2.content.ja.title).toContain('［捜査情報1］');
    expect(v2.contentHash).not.toBe(advisory.version.contentHash);

    const stale = await call(s.author, 'PUT', `/v1/advisories/${advisory.id}/draft`, {
      baseVersion: 1,
      content: edited,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('advisory_version_mismatch');
    const versions = await call(s.author, 'GET', `/v1/advisories/${advisory.id}/versions`);
    expect(versions.json().items.map((v: { version: number }) => v.version)).toEqual([1, 2]);
  });
});

describe('who may draft and read advisories', () => {
  it('needs advisories:write to draft and answers another organization with 404', async () => {
    const noScope = await call(s.approver, 'POST', '/v1/advisories', {
      source: { campaignId: s.campaignId },
      audience: 'public',
    });
    expect(noScope.statusCode).toBe(403);
    const created = await call(s.writerOnly, 'POST', '/v1/advisories', {
      source: { reportIds: [s.reportIds.sms2] },
      audience: 'sector',
      sector: 'banking',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().version.content.ja.advice[0]).toContain('窓口・ATM');
    for (const url of [
      `/v1/advisories/${created.json().id}`,
      `/v1/advisories/${created.json().id}/versions/1/redactions`,
    ]) {
      expect((await call(s.outsider.key, 'GET', url)).statusCode).toBe(404);
    }
    expect((await call(s.carrier.key, 'GET', `/v1/advisories/${created.json().id}`)).statusCode).toBe(403);
    const list = await call(s.outsider.key, 'GET', '/v1/advisories');
    expect(list.json().items).toEqual([]);
  });

  it('treats a report the analyst may not see like a missing one, with the field named', async () => {
    const r = await call(s.author, 'POST', '/v1/advisories', {
      source: { reportIds: [s.reportIds.sms1, s.reportIds.red] },
      audience: 'public',
    });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([{ field: '/source/reportIds/1', reason: 'no such report' }]);
    const onlyHidden = await call(s.author, 'POST', '/v1/advisories', {
      source: { reportIds: [s.reportIds.amber, s.reportIds.investigation] },
      audience: 'public',
    });
    expect(onlyHidden.statusCode).toBe(400);
    expect(onlyHidden.json().errors[0].field).toBe('/source');
    const sectorless = await call(s.author, 'POST', '/v1/advisories', {
      source: { reportIds: [s.reportIds.sms1] },
      audience: 'sector',
    });
    expect(sectorless.json().errors).toEqual([{ field: '/sector', reason: expect.any(String) }]);
  });
});
