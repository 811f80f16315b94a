import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';

interface Delivery {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A partner's receiver: records deliveries, answers with the queued statuses, then 200. */
async function startReceiver() {
  const deliveries: Delivery[] = [];
  const statuses: number[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString('utf8');
    });
    req.on('end', () => {
      const status = statuses.shift() ?? 200;
      if (status === 200) deliveries.push({ headers: req.headers, body });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, deliveries, statuses, close: () => new Promise((r) => server.close(r)) };
}

async function waitFor(test: () => boolean | Promise<boolean>, ms = 6_000) {
  const until = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('webhooks', () => {
  let t: TestKoban;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let bank: { orgId: string; key: string };
  let carrier: { orgId: string; key: string };
  const submit = async (tlp: string, url: string) => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: bearer(bank.key),
      payload: { kind: 'phishing_site', tlp, description: `phishing ${tlp}`, details: { url } },
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };
  const reportIdsDelivered = () => receiver.deliveries.map((d) => JSON.parse(d.body).report.id as string);

  beforeAll(async () => {
    // The receiver runs on this machine: loopback webhooks must be allowed explicitly.
    t = await startTestKoban({ KOBAN_WEBHOOKS_ALLOW_PRIVATE: 'true' });
    receiver = await startReceiver();
    bank = await createOrgWithKey(t, 'Example Bank', 'bank');
    carrier = await createOrgWithKey(t, 'Example Carrier', 'carrier', {
      scopes: ['reports:read', 'reports:write', 'keys:manage'],
    });
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('validates registrations', async () => {
    const post = (key: string, url: string) =>
      t.app.inject({ method: 'POST', url: '/v1/interop/webhooks', headers: bearer(key), payload: { url } });
    expect((await post(bank.key, receiver.url)).statusCode).toBe(403);
    expect((await post(carrier.key, 'ftp://example.com/x')).statusCode).toBe(400);
    expect((await post(carrier.key, 'https://user:pw@example.com/x')).statusCode).toBe(400);
  });

  it('delivers visible reports signed, retries a failure in order, and stops when removed', async () => {
    const registered = await t.app.inject({
      method: 'POST',
      url: '/v1/interop/webhooks',
      headers: bearer(carrier.key),
      payload: { url: receiver.url },
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const { id, secret } = registered.json() as { id: string; secret: string };
    const redId = await submit('RED', 'https://red.example.net/a');
    const greenId = await submit('GREEN', 'https://green.example.net/a');
    await waitFor(() => reportIdsDelivered().includes(greenId));
    expect(reportIdsDelivered()).not.toContain(redId);
    const [first] = receiver.deliveries;
    const expected = `sha256=${createHmac('sha256', secret).update(first!.body).digest('hex')}`;
    expect(first!.headers['x-koban-signature']).toBe(expected);
    expect(first!.headers['x-koban-event-id']).toBe(greenId);

    receiver.statuses.push(500);
    const retriedId = await submit('AMBER', 'https://retried.example.net/a');
    const state = async () =>
      (
        await t.app.inject({ method: 'GET', url: '/v1/interop/webhooks', headers: bearer(carrier.key) })
      ).json().items[0];
    await waitFor(async () => (await state()).attempts === 1);
    expect(await state()).toMatchObject({ id, lastError: 'HTTP 500' });
    expect(reportIdsDelivered()).not.toContain(retriedId);
    // The backoff is 5 s; make the retry due now instead of waiting for it.
    await t.koban.database.db
      .updateTable('interop_webhooks')
      .set({ next_attempt_at: new Date(0).toISOString() })
      .execute();
    await t.koban.interop.webhooks.runOnce();
    await waitFor(() => reportIdsDelivered().includes(retriedId));
    expect(reportIdsDelivered()).toEqual([greenId, retriedId]);
    expect(await state()).toMatchObject({ attempts: 0, lastError: null });

    const removed = await t.app.inject({
      method: 'DELETE',
      url: `/v1/interop/webhooks/${id}`,
      headers: bearer(carrier.key),
    });
    expect(removed.statusCode).toBe(204);
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/v1/interop/webhooks/${id}`,
      headers: bearer(carrier.key),
    });
    expect(again.statusCode).toBe(404);
    await submit('GREEN', 'https://after.example.net/a');
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.deliveries).toHaveLength(2);
  });
});
