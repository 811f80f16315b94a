import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';

// The shared MISP example (../shared/data) is used when present; unit tests must not need it.
const EXAMPLE_FILE = new URL('../../../shared/data/misp/event-example.json', import.meta.url);
const hasExample = existsSync(EXAMPLE_FILE);
const example = hasExample
  ? (JSON.parse(readFileSync(EXAMPLE_FILE, 'utf8')) as { Event: Record<string, unknown> })
  : undefined;
/** A small event of our own for the tests that only need some valid MISP event. */
const ownEvent = {
  Event: {
    uuid: '5f0c2a4e-1b6d-4c1e-9a8b-0f1e2d3c4b5a',
    info: 'smishing campaign (test fixture)',
    distribution: '3',
    Attribute: [{ type: 'url', value: 'https://sagawa-xq.top/abc', to_ids: true }],
  },
};

const smishing = {
  kind: 'smishing',
  tlp: 'GREEN',
  description: '不在通知を装ったSMS',
  details: {
    sender: '+8190-1234-5678',
    body: '【佐川急便】お荷物のお届けにあがりましたが不在の為持ち帰りました。hxxps://sagawa-xq[.]top/abc',
  },
  indicators: [
    { type: 'eth', value: '0x52908400098527886E0F7030069857D2E4169EE7', role: 'wallet' },
    { type: 'sha256', value: 'a'.repeat(64) },
  ],
};
const redAbuse = {
  kind: 'abuse',
  tlp: 'RED',
  description: 'internal only',
  details: { category: 'phishing', url: 'https://red-secret.example.net/login', sourceIp: '203.0.113.9' },
};

describe('MISP feed export and import', () => {
  let t: TestKoban;
  let bank: { orgId: string; key: string };
  let carrier: { orgId: string; key: string };
  let greenId: string;
  let redId: string;

  beforeAll(async () => {
    t = await startTestKoban();
    bank = await createOrgWithKey(t, 'Example Bank', 'bank');
    carrier = await createOrgWithKey(t, 'Example Carrier', 'carrier');
    const post = async (body: object) => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/v1/reports',
        headers: bearer(bank.key),
        payload: body,
      });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as string;
    };
    greenId = await post(smishing);
    redId = await post(redAbuse);
  });
  afterAll(() => t.close());

  const get = (url: string, key: string) => t.app.inject({ method: 'GET', url, headers: bearer(key) });

  it('lists only visible reports in the manifest and answers 404 for a hidden event', async () => {
    const own = (await get('/v1/interop/misp/manifest.json', bank.key)).json();
    expect(Object.keys(own).sort()).toEqual([greenId, redId].sort());
    const other = await get('/v1/interop/misp/manifest.json', carrier.key);
    expect(other.statusCode).toBe(200);
    expect(Object.keys(other.json())).toEqual([greenId]);
    expect(other.json()[greenId]).toMatchObject({
      Orgc: { name: 'Example Bank' },
      Tag: [{ name: 'tlp:green' }, expect.anything()],
    });
    expect((await get(`/v1/interop/misp/${redId}.json`, carrier.key)).statusCode).toBe(404);
    expect((await get('/v1/interop/misp/nothing.json', carrier.key)).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/v1/interop/misp/manifest.json' })).statusCode).toBe(
      401,
    );
  });

  it('exports one event per report with typed attributes, to_ids by role, TLP tag and distribution', async () => {
    const r = await get(`/v1/interop/misp/${greenId}.json`, carrier.key);
    expect(r.statusCode).toBe(200);
    const event = r.json().Event;
    expect(event).toMatchObject({ uuid: greenId, distribution: '1', published: true });
    expect(event.Tag).toContainEqual({ name: 'tlp:green' });
    const byType = (type: string) => event.Attribute.filter((a: { type: string }) => a.type === type);
    expect(byType('phone-number')).toMatchObject([{ value: '+819012345678', to_ids: true }]);
    expect(byType('url')).toMatchObject([{ value: 'https://sagawa-xq.top/abc', to_ids: true }]);
    expect(byType('sha256')).toMatchObject([{ value: 'a'.repeat(64), to_ids: true }]);
    expect(byType('text').map((a: { comment: string }) => a.comment.split(' ')[0])).toContain('koban:eth');
    const red = (await get(`/v1/interop/misp/${redId}.json`, bank.key)).json().Event;
    expect(red).toMatchObject({ distribution: '0', Tag: expect.arrayContaining([{ name: 'tlp:red' }]) });
    expect(red.Attribute.find((a: { value: string }) => a.value === '203.0.113.9')).toMatchObject({
      type: 'ip-src',
    });
    const hashes = await get('/v1/interop/misp/hashes.csv', carrier.key);
    expect(hashes.headers['content-type']).toMatch(/^text\/csv/);
    expect(hashes.body).toContain(`,${greenId}\n`);
    expect(hashes.body).not.toContain(redId);
  });

  it('round trip: a re-imported export holds the same indicators, and importing again is a duplicate', async () => {
    const exported = (await get(`/v1/interop/misp/${greenId}.json`, carrier.key)).json();
    const imported = await t.app.inject({
      method: 'POST',
      url: '/v1/interop/misp/events',
      headers: bearer(carrier.key),
      payload: exported,
    });
    expect(imported.statusCode, imported.body).toBe(200);
    const [result] = imported.json().results;
    expect(result).toMatchObject({ status: 'created', uuid: greenId });
    expect(result.attributes.every((a: { status: string }) => a.status === 'imported')).toBe(true);
    const keysOf = async (id: string) => {
      const body = (await get(`/v1/interop/misp/${id}.json`, carrier.key)).json().Event;
      return new Set(body.Attribute.map((a: { type: string; value: string }) => `${a.type}:${a.value}`));
    };
    expect(await keysOf(result.reportId)).toEqual(await keysOf(greenId));
    const report = (await get(`/v1/reports/${result.reportId}`, carrier.key)).json();
    expect(report.tlp).toBe('GREEN');
    const again = await t.app.inject({
      method: 'POST',
      url: '/v1/interop/misp/events',
      headers: bearer(carrier.key),
      payload: [exported],
    });
    expect(again.json().results[0]).toMatchObject({ status: 'duplicate', reportId: result.reportId });
  });

  it.skipIf(!hasExample)(
    'imports the shared example event: md5 attributes become indicators, the rest is reported per attribute',
    async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: '/v1/interop/misp/events',
        headers: bearer(carrier.key),
        payload: example,
      });
      expect(r.statusCode, r.body).toBe(200);
      const [result] = r.json().results;
      expect(result.status).toBe('created');
      const count = (status: string) =>
        result.attributes.filter((a: { status: string }) => a.status === status).length;
      expect(count('imported')).toBe(27);
      expect(count('unsupported')).toBe(11);
      expect(result.attributes.find((a: { type: string }) => a.type === 'regkey')).toMatchObject({
        status: 'unsupported',
        field: expect.stringMatching(/^\/Attribute\/\d+$/),
      });
      const report = (await get(`/v1/reports/${result.reportId}`, carrier.key)).json();
      // No TLP tag, distribution 3 "all communities": GREEN.
      expect(report).toMatchObject({ tlp: 'GREEN', kind: 'other' });
    },
  );

  it('maps TLP tags over distribution, and reports bad attributes and events one by one', async () => {
    const events = [
      {
        Event: {
          uuid: '11111111-2222-4333-8444-555555555555',
          info: 'tagged',
          distribution: '3',
          Tag: [{ name: 'tlp:amber' }, { name: 'TLP:RED' }],
          Attribute: [
            { type: 'ip-dst', value: 'not-an-ip', to_ids: true },
            { type: 'domain', value: 'bad-domain.example.org', to_ids: true },
            { type: 'domain|ip', value: 'x.example.org|198.51.100.7', to_ids: false },
            'not an attribute',
          ],
        },
      },
      { Event: { info: 'no uuid', Attribute: [{ type: 'url', value: 'https://a.example.org/' }] } },
      {
        uuid: '11111111-2222-4333-8444-666666666666',
        distribution: '0',
        Attribute: [{ type: 'filename', value: 'a.exe' }],
      },
      42,
    ];
    const r = await t.app.inject({
      method: 'POST',
      url: '/v1/interop/misp/events',
      headers: bearer(carrier.key),
      payload: events,
    });
    expect(r.statusCode, r.body).toBe(200);
    const [tagged, noUuid, nothingUsable, notEvent] = r.json().results;
    expect(tagged.status).toBe('created');
    expect(tagged.attributes.map((a: { status: string }) => a.status)).toEqual([
      'invalid',
      'imported',
      'imported',
      'invalid',
    ]);
    expect((await get(`/v1/reports/${tagged.reportId}`, carrier.key)).json().tlp).toBe('RED');
    expect(noUuid).toMatchObject({ status: 'invalid', errors: [{ field: '/uuid' }] });
    expect(nothingUsable).toMatchObject({ status: 'invalid', errors: [{ field: '/Attribute' }] });
    expect(nothingUsable.attributes).toMatchObject([{ status: 'unsupported', type: 'filename' }]);
    expect(notEvent).toMatchObject({ status: 'invalid', errors: [{ field: '/' }] });
  });

  it('rejects wrong media types, malformed JSON and oversized bodies with clear 4xx', async () => {
    const post = (headers: Record<string, string>, payload: string) =>
      t.app.inject({
        method: 'POST',
        url: '/v1/interop/misp/events',
        headers: { ...bearer(carrier.key), ...headers },
        payload,
      });
    const text = await post({ 'content-type': 'text/plain' }, '{}');
    expect(text.statusCode).toBe(415);
    expect(text.json().code).toBe('unsupported_media_type');
    const broken = await post({ 'content-type': 'application/json' }, '{"Event": {');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('malformed_json');
    const empty = await post({ 'content-type': 'application/json' }, '[]');
    expect(empty.statusCode).toBe(400);
    const huge = await post(
      { 'content-type': 'application/json' },
      JSON.stringify({ info: 'x'.repeat(33 * 1024 * 1024) }),
    );
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('payload_too_large');
    const readOnly = await createOrgWithKey(t, 'Reader', 'bank', { scopes: ['reports:read'] });
    const forbidden = await t.app.inject({
      method: 'POST',
      url: '/v1/interop/misp/events',
      headers: bearer(readOnly.key),
      payload: ownEvent,
    });
    expect(forbidden.statusCode).toBe(403);
  });
});
