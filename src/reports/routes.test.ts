import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';

const smishing = (extra: Record<string, unknown> = {}) => ({
  kind: 'smishing',
  tlp: 'GREEN',
  description: '不在通知を装ったSMS',
  details: {
    sender: '+8190-1234-5678',
    body: '【佐川急便】お荷物のお届けにあがりましたが不在の為持ち帰りました。hxxps://sagawa-xq[.]top/abc',
    receivedAt: '2026-11-20T09:30:00+09:00',
    carrier: 'docomo',
  },
  ...extra,
});

describe('reports over HTTP', () => {
  let t: TestKoban;
  let bank: { orgId: string; key: string };
  let carrier: { orgId: string; key: string };

  beforeAll(async () => {
    t = await startTestKoban();
    bank = await createOrgWithKey(t, 'Example Bank', 'bank');
    carrier = await createOrgWithKey(t, 'Example Carrier', 'carrier');
  });
  afterAll(() => t.close());

  it('stores a smishing report and returns the normalized indicators with roles', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: bearer(carrier.key),
      payload: smishing(),
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(res.headers.location).toBe(`/v1/reports/${body.id}`);
    expect(body.indicators).toEqual(
      expect.arrayContaining([
        { type: 'phone', value: '+819012345678', role: 'sender' },
        { type: 'url', value: 'https://sagawa-xq.top/abc', role: 'landing_url' },
        { type: 'domain', value: 'sagawa-xq.top', role: 'landing_domain' },
      ]),
    );
    const read = await t.app.inject({
      method: 'GET',
      url: `/v1/reports/${body.id}`,
      headers: bearer(bank.key),
    });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      id: body.id,
      kind: 'smishing',
      tlp: 'GREEN',
      reporter: { orgId: carrier.orgId },
    });
    expect(read.json().externalId).toBeUndefined();
    expect(read.json().observedAt).toBe('2026-11-20T00:30:00.000Z');
  });

  it('is idempotent on externalId', async () => {
    const payload = smishing({ externalId: 'carrier-case-1' });
    const first = await t.app.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: bearer(carrier.key),
      payload,
    });
    const again = await t.app.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: bearer(carrier.key),
      payload,
    });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: first.json().id, status: 'duplicate' });
    expect(again.json().indicators).toHaveLength(first.json().indicators.length);
    // another organization may use the same externalId independently
    const other = await t.app.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: bearer(bank.key),
      payload,
    });
    expect(other.statusCode).toBe(201);
  });

  it('answers bad input with problem+json naming the field, and writes nothing', async () => {
    const count = async () =>
      (
        await t.app.inject({ method: 'GET', url: '/v1/reports?limit=500', headers: bearer(carrier.key) })
      ).json().items.length;
    const before = await count();
    const cases: [unknown, string][] = [
      [{ ...smishing(), extra: 1 }, '/extra'],
      [{ ...smishing(), tlp: 'PURPLE' }, '/tlp'],
      [{ ...smishing(), details: { sender: 'x' } }, '/details/body'],
      [{ ...smishing(), details: { ...smishing().details, receivedAt: 'yesterday' } }, '/details/receivedAt'],
      [{ ...smishing(), details: { ...smishing().details, colour: 'red' } }, '/details/colour'],
      [
        {
          kind: 'fraud_case',
          tlp: 'AMBER',
          description: '',
          details: { fraudType: 'account_linking', ip: '999.1.1.1' },
        },
        '/details/ip',
      ],
      [
        { kind: 'fraud_case', tlp: 'AMBER', description: '', details: { fraudType: 'other', amount: '100' } },
        '/details/amount',
      ],
      [{ ...smishing(), tlp: 'RED', sharingGroups: ['x'] }, '/sharingGroups'],
      [{ ...smishing(), recipients: ['no-such-org'] }, '/recipients/0'],
    ];
    for (const [payload, field] of cases) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/v1/reports',
        headers: bearer(carrier.key),
        payload: payload as object,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = res.json();
      expect(problem).toMatchObject({
        status: 400,
        code: 'validation_failed',
        type: 'urn:koban:problem:validation_failed',
      });
      expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await count()).toBe(before);
  });

  it('rejects malformed JSON, wrong content types and oversized bodies with 4xx', async () => {
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: { ...bearer(carrier.key), 'content-type': 'application/json' },
      payload: '{"kind": "smishing",',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('malformed_json');
    const text = await t.app.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: { ...bearer(carrier.key), 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(text.statusCode).toBe(415);
    expect(text.json().code).toBe('unsupported_media_type');
    const huge = await t.app.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: bearer(carrier.key),
      payload: { ...smishing(), description: 'x'.repeat(2 * 1024 * 1024) },
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('payload_too_large');
  });

  it('takes batches with per-item results; one bad item never loses the others', async () => {
    const items = [
      smishing({ externalId: 'b-1' }),
      { kind: 'smishing', tlp: 'GREEN' },
      'not an object',
      {
        kind: 'fraud_case',
        tlp: 'AMBER',
        description: 'PayPay連携不正',
        externalId: 'b-3',
        details: {
          fraudType: 'account_linking',
          paymentService: 'ExamplePay',
          amount: 120000,
          deviceFingerprint: 'A1B2C3D4E5F6',
          ip: '203.0.113.7',
          bankAccounts: ['0009-123-1234567', { bankCode: '0005', branchCode: '001', number: '7654321' }],
        },
      },
      smishing({ externalId: 'b-1' }),
    ];
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/reports:batch',
      headers: bearer(bank.key),
      payload: { items },
    });
    expect(res.statusCode).toBe(200);
    const { summary, results } = res.json();
    expect(summary).toEqual({ created: 2, duplicate: 1, invalid: 2 });
    expect(results.map((r: { status: string }) => r.status)).toEqual([
      'created',
      'invalid',
      'invalid',
      'created',
      'duplicate',
    ]);
    expect(results[4].id).toBe(results[0].id);
    expect(results[1].errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['/description', '/details']),
    );
    expect(results[3].indicators).toEqual(
      expect.arrayContaining([
        { type: 'bank_account', value: '0009-123-1234567', role: 'mule_account' },
        { type: 'bank_account', value: '0005-001-7654321', role: 'mule_account' },
        { type: 'ipv4', value: '203.0.113.7', role: 'source_ip' },
      ]),
    );
  });

  it('pages lists with opaque cursors and filters', async () => {
    const seen: string[] = [];
    let url = '/v1/reports?limit=2&kind=smishing';
    for (;;) {
      const page = (await t.app.inject({ method: 'GET', url, headers: bearer(bank.key) })).json();
      seen.push(...page.items.map((i: { id: string; kind: string }) => i.kind));
      if (!page.nextCursor) break;
      url = `/v1/reports?limit=2&kind=smishing&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen)).toEqual(new Set(['smishing']));
    const bad = await t.app.inject({
      method: 'GET',
      url: '/v1/reports?cursor=garbage',
      headers: bearer(bank.key),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('invalid_cursor');
    const badLimit = await t.app.inject({
      method: 'GET',
      url: '/v1/reports?limit=0',
      headers: bearer(bank.key),
    });
    expect(badLimit.statusCode).toBe(400);
    expect(badLimit.json().errors[0].field).toMatch(/limit/);
  });

  it('finds an indicator by any spelling', async () => {
    for (const spelling of [
      'hxxps://sagawa-xq[.]top/abc',
      'HTTPS://SAGAWA-XQ.TOP/abc',
      'ｈｔｔｐｓ：／／ｓａｇａｗａ－ｘｑ．ｔｏｐ／ａｂｃ',
    ]) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/v1/indicators?value=${encodeURIComponent(spelling)}`,
        headers: bearer(bank.key),
      });
      expect(res.statusCode, spelling).toBe(200);
      expect(res.json()).toMatchObject({
        type: 'url',
        value: 'https://sagawa-xq.top/abc',
        key: 'url:https://sagawa-xq.top/abc',
      });
    }
    const phone = await t.app.inject({
      method: 'GET',
      url: `/v1/indicators?value=${encodeURIComponent('090-1234-5678')}`,
      headers: bearer(bank.key),
    });
    expect(phone.statusCode).toBe(200);
    expect(phone.json()).toMatchObject({ type: 'phone', value: '+819012345678' });
    expect(phone.json().sightings[0]).toMatchObject({ role: 'sender', reportKind: 'smishing' });
    const garbage = await t.app.inject({
      method: 'GET',
      url: '/v1/indicators?value=%20%20',
      headers: bearer(bank.key),
    });
    expect(garbage.statusCode).toBe(400);
  });
});
