import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';

/**
 * Hostile input at the HTTP boundary: whatever arrives, the answer is a 2xx or a 4xx problem+json
 * naming a field or reason — never a 5xx, never a crash — and rejected requests write nothing.
 */
const anyJson = fc.jsonValue({ maxDepth: 4 });
const reportish = fc.record(
  {
    kind: fc.oneof(fc.constantFrom('smishing', 'phishing_site', 'fraud_case', 'abuse', 'other'), fc.string()),
    tlp: fc.oneof(fc.constantFrom('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'), fc.string()),
    description: fc.oneof(fc.string(), fc.integer()),
    details: fc.oneof(
      fc.dictionary(
        fc.constantFrom(
          'sender',
          'body',
          'url',
          'ip',
          'fraudType',
          'bankAccounts',
          'wallets',
          'amount',
          'receivedAt',
          'x',
        ),
        anyJson,
      ),
      anyJson,
    ),
    recipients: fc.array(fc.string(), { maxLength: 3 }),
    sharingGroups: fc.array(fc.string(), { maxLength: 3 }),
    externalId: fc.string(),
    indicators: fc.array(fc.record({ type: fc.string(), value: fc.string() }), { maxLength: 3 }),
  },
  { requiredKeys: [] },
);

describe('bad input (property-based)', () => {
  let t: TestKoban;
  let key: string;
  beforeAll(async () => {
    t = await startTestKoban();
    key = (await createOrgWithKey(t, 'Fuzzer', 'vendor')).key;
  });
  afterAll(() => t.close());

  const expectNo5xx = (res: {
    statusCode: number;
    headers: Record<string, unknown>;
    json: () => unknown;
  }) => {
    expect(res.statusCode).toBeLessThan(500);
    if (res.statusCode >= 400) {
      expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({
        status: res.statusCode,
        code: expect.any(String),
        detail: expect.any(String),
      });
    }
  };

  it('POST /v1/reports answers 2xx or 4xx problem+json for any body', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(reportish, anyJson), async (body) => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/v1/reports',
          headers: bearer(key),
          payload: JSON.stringify(body) ?? 'null',
        });
        expectNo5xx(res);
      }),
      { numRuns: 300 },
    );
  });

  it('free-form details never crash intake (found by this property test: an empty receivedAt in kind other)', async () => {
    const items = [{ kind: 'other', tlp: 'CLEAR', description: '', details: { receivedAt: '' } }, {}];
    const res = await t.app.inject({
      method: 'POST',
      url: '/v1/reports:batch',
      headers: bearer(key),
      payload: { items },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(['created', 'invalid']);
  });

  it('the batch endpoint gives every item its own result', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(reportish, anyJson), { minLength: 1, maxLength: 20 }),
        async (items) => {
          const res = await t.app.inject({
            method: 'POST',
            url: '/v1/reports:batch',
            headers: bearer(key),
            payload: { items },
          });
          expectNo5xx(res);
          if (res.statusCode === 200)
            expect((res.json() as { results: unknown[] }).results).toHaveLength(items.length);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects NUL characters anywhere, naming the field (PostgreSQL text cannot hold them)', async () => {
    const cases: [string, string, object | undefined, string][] = [
      [
        'POST',
        '/v1/reports',
        { kind: 'other', tlp: 'GREEN', description: 'a\u0000b', details: {} },
        '/description',
      ],
      [
        'POST',
        '/v1/reports',
        { kind: 'other', tlp: 'GREEN', description: '', details: { 'k\u0000': 1 } },
        '/details/k\\u0000',
      ],
      ['GET', '/v1/reports/a%00b', undefined, 'params:id'],
      ['GET', '/v1/reports?org=a%00b', undefined, 'query:org'],
      ['GET', '/v1/indicators?value=x%00.example.com', undefined, 'query:value'],
    ];
    for (const [method, url, payload, field] of cases) {
      const res = await t.app.inject({
        method: method as 'GET',
        url,
        headers: bearer(key),
        ...(payload ? { payload } : {}),
      });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().errors[0].field).toBe(field);
    }
  });

  it('query strings and raw bodies never cause a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        fc.string(),
        fc.string({ maxLength: 200 }),
        async (value, cursor, raw) => {
          for (const url of [
            `/v1/indicators?value=${encodeURIComponent(value)}`,
            `/v1/reports?cursor=${encodeURIComponent(cursor)}&indicator=${encodeURIComponent(value)}`,
            `/v1/reports/${encodeURIComponent(value)}`,
          ]) {
            expectNo5xx(await t.app.inject({ method: 'GET', url, headers: bearer(key) }));
          }
          expectNo5xx(
            await t.app.inject({
              method: 'POST',
              url: '/v1/reports',
              headers: { ...bearer(key), 'content-type': 'application/json' },
              payload: raw,
            }),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('malformed HTTP', () => {
  it('answers requests the HTTP parser rejects with problem+json', async () => {
    const { createConnection } = await import('node:net');
    const t = await startTestKoban();
    try {
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = t.app.server.address() as { port: number };
      const response = await new Promise<string>((resolve, reject) => {
        const socket = createConnection({ host: '127.0.0.1', port }, () => {
          socket.write(
            Buffer.from('GET /v1/indicators?value=ｈｘｘｐｓ HTTP/1.1\r\nHost: x\r\n\r\n', 'utf8'),
          );
        });
        let data = '';
        socket.on('data', (chunk) => {
          data += chunk.toString('utf8');
        });
        socket.on('end', () => resolve(data));
        socket.on('error', reject);
      });
      expect(response).toMatch(/^HTTP\/1\.1 400/);
      expect(response).toMatch(/content-type: application\/problem\+json/i);
      expect(response).toContain('"code":"bad_request"');
    } finally {
      await t.close();
    }
  });
});
