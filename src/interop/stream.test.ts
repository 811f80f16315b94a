import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrgWithKey, startTestKoban, type TestKoban } from '../../test/helpers/koban.js';

interface SseEvent {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
}

/** A streaming fetch read of an SSE response, parsed into events and comments as they arrive. */
async function openStream(base: string, key: string, headers: Record<string, string> = {}, query = '') {
  const controller = new AbortController();
  const response = await fetch(`${base}/v1/interop/stream${query}`, {
    headers: { ...bearer(key), ...headers },
    signal: controller.signal,
  });
  const received: SseEvent[] = [];
  let ended = false;
  let buffer = '';
  const pump = (async () => {
    if (!response.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let at = buffer.indexOf('\n\n');
        while (at >= 0) {
          const block = buffer.slice(0, at);
          buffer = buffer.slice(at + 2);
          const event: SseEvent = {};
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) event.comment = line.slice(1).trim();
            else if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('data: ')) event.data = line.slice(6);
          }
          received.push(event);
          at = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted by the test
    }
    ended = true;
  })();
  const waitFor = async (test: () => boolean, ms = 5_000) => {
    const until = Date.now() + ms;
    while (!test()) {
      if (Date.now() > until) throw new Error(`timed out; received ${JSON.stringify(received)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const reports = () => received.filter((e) => e.event === 'report').map((e) => JSON.parse(e.data ?? '{}'));
  return {
    response,
    received,
    reports,
    waitFor,
    hasEnded: () => ended,
    close: async () => {
      controller.abort();
      await pump;
    },
  };
}

const report = (tlp: string, url: string) => ({
  kind: 'phishing_site',
  tlp,
  description: `phishing ${tlp}`,
  details: { url },
});

describe('live stream (SSE)', () => {
  let t: TestKoban;
  let base: string;
  let bank: { orgId: string; key: string };
  let carrier: { orgId: string; key: string };
  const submit = async (body: object) => {
    const r = await t.app.inject({
      method: 'POST',
      url: '/v1/reports',
      headers: bearer(bank.key),
      payload: body,
    });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as string;
  };

  beforeAll(async () => {
    t = await startTestKoban();
    bank = await createOrgWithKey(t, 'Example Bank', 'bank');
    carrier = await createOrgWithKey(t, 'Example Carrier', 'carrier');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => t.close());

  it('sends new visible reports with indicators, never a RED one of another org, and heartbeats', async () => {
    const stream = await openStream(base, carrier.key, {}, '?heartbeat=1');
    expect(stream.response.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await stream.waitFor(() => stream.received.some((e) => e.comment === 'connected'));
    const redId = await submit(report('RED', 'https://red.example.net/a'));
    const greenId = await submit(report('GREEN', 'https://green.example.net/a'));
    await stream.waitFor(() => stream.reports().some((r) => r.id === greenId));
    await stream.waitFor(() => stream.received.some((e) => e.comment === 'heartbeat'), 3_000);
    const ids = stream.reports().map((r) => r.id);
    expect(ids).not.toContain(redId);
    const green = stream.reports().find((r) => r.id === greenId);
    expect(green.tlp).toBe('GREEN');
    expect(green.indicators).toContainEqual({
      type: 'url',
      value: 'https://green.example.net/a',
      role: 'phishing_url',
    });
    await stream.close();
  });

  it('resumes after Last-Event-ID with what was missed, then continues live', async () => {
    const first = await openStream(base, carrier.key);
    await first.waitFor(() => first.received.some((e) => e.comment === 'connected'));
    const seenId = await submit(report('GREEN', 'https://seen.example.net/a'));
    await first.waitFor(() => first.reports().some((r) => r.id === seenId));
    const lastEventId =
      first.received.find((e) => e.event === 'report' && e.data?.includes(seenId))?.id ?? '';
    await first.close();
    const missedId = await submit(report('AMBER', 'https://missed.example.net/a'));
    await submit(report('RED', 'https://missed-red.example.net/a'));
    const second = await openStream(base, carrier.key, { 'last-event-id': lastEventId });
    await second.waitFor(() => second.reports().some((r) => r.id === missedId));
    const liveId = await submit(report('CLEAR', 'https://live.example.net/a'));
    await second.waitFor(() => second.reports().some((r) => r.id === liveId));
    expect(second.reports().map((r) => r.id)).toEqual([missedId, liveId]);
    await second.close();
  });

  it('rejects a forged Last-Event-ID and a key without reports:read before streaming', async () => {
    const forged = await fetch(`${base}/v1/interop/stream`, {
      headers: { ...bearer(carrier.key), 'last-event-id': 'abc.def' },
    });
    expect(forged.status).toBe(400);
    expect(((await forged.json()) as { code: string }).code).toBe('invalid_cursor');
    const writer = await createOrgWithKey(t, 'Writer', 'bank', { scopes: ['reports:write'] });
    const noScope = await fetch(`${base}/v1/interop/stream`, { headers: bearer(writer.key) });
    expect(noScope.status).toBe(403);
    await noScope.body?.cancel();
  });
});

describe('live stream shutdown', () => {
  it('ends open streams cleanly when the server closes', async () => {
    const t = await startTestKoban();
    const org = await createOrgWithKey(t, 'Example Bank', 'bank');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const stream = await openStream(base, org.key);
    await stream.waitFor(() => stream.received.some((e) => e.comment === 'connected'));
    const started = Date.now();
    await t.close();
    await stream.waitFor(() => stream.hasEnded(), 3_000);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
