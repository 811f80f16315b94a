import { describe, expect, it } from 'vitest';
import { batchUrl, remoteTarget, retryAfterMs } from './target.js';
import { ImportAbortedError, ImportUsageError } from './types.js';

type Answer = Response | Error;

function fakeServer(answers: Answer[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const sleeps: number[] = [];
  const fetchImpl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const next = answers.shift();
    if (!next) throw new Error('no more answers');
    if (next instanceof Error) throw next;
    return next;
  }) as unknown as typeof fetch;
  const sleep = async (ms: number) => {
    sleeps.push(ms);
  };
  return { calls, sleeps, options: { fetch: fetchImpl, sleep, backoffMs: 100 } };
}

const ok = (statuses: string[]) =>
  Response.json({
    summary: {},
    results: statuses.map((status, index) =>
      status === 'invalid'
        ? { index, status, errors: [{ field: '/kind', reason: 'bad' }] }
        : { index, status, id: 'r', indicators: [] },
    ),
  });
const networkError = () => Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });

describe('remote target', () => {
  it('posts {items} with the bearer key and maps per-item results', async () => {
    const s = fakeServer([ok(['created', 'duplicate', 'invalid'])]);
    const submit = remoteTarget('http://127.0.0.1:8080/', 'kbn_key', s.options);
    const outcomes = await submit([{ a: 1 }, { b: 2 }, { c: 3 }]);
    expect(outcomes).toEqual([
      { status: 'created' },
      { status: 'duplicate' },
      { status: 'invalid', errors: [{ field: '/kind', reason: 'bad' }] },
    ]);
    const call = s.calls[0]!;
    expect(call.url).toBe('http://127.0.0.1:8080/v1/reports:batch');
    expect((call.init.headers as Record<string, string>).authorization).toBe('Bearer kbn_key');
    expect(JSON.parse(call.init.body as string)).toEqual({ items: [{ a: 1 }, { b: 2 }, { c: 3 }] });
  });

  it('retries network errors, 5xx and 429 (honouring Retry-After) with the same body', async () => {
    const s = fakeServer([
      networkError(),
      new Response('oops', { status: 503 }),
      new Response('slow down', { status: 429, headers: { 'retry-after': '7' } }),
      ok(['created']),
    ]);
    const outcomes = await remoteTarget('http://h', 'k', s.options)([{ a: 1 }]);
    expect(outcomes).toEqual([{ status: 'created' }]);
    expect(s.calls).toHaveLength(4);
    expect(new Set(s.calls.map((c) => c.init.body)).size).toBe(1);
    expect(s.sleeps[2]).toBe(7000);
    expect(s.sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(s.sleeps[1]).toBeGreaterThanOrEqual(100);
  });

  it('gives up after 5 retries', async () => {
    const s = fakeServer(Array.from({ length: 6 }, () => networkError()));
    await expect(remoteTarget('http://h', 'k', s.options)([{ a: 1 }])).rejects.toThrow(ImportAbortedError);
    expect(s.calls).toHaveLength(6);
    const t = fakeServer(Array.from({ length: 6 }, () => new Response('down', { status: 502 })));
    await expect(remoteTarget('http://h', 'k', t.options)([{ a: 1 }])).rejects.toThrow(
      /HTTP 502.*gave up after 5 retries/,
    );
  });

  it('does not retry a rejected key or a refused chunk', async () => {
    const problem = (status: number, detail: string) =>
      new Response(JSON.stringify({ detail }), {
        status,
        headers: { 'content-type': 'application/problem+json' },
      });
    const s = fakeServer([problem(401, 'The API key is unknown')]);
    await expect(remoteTarget('http://h', 'k', s.options)([{}])).rejects.toThrow(ImportUsageError);
    const t = fakeServer([problem(413, 'too large')]);
    await expect(remoteTarget('http://h', 'k', t.options)([{}])).rejects.toThrow(/--chunk-size/);
    const u = fakeServer([problem(400, 'body/items must NOT have more than 5000 items')]);
    await expect(remoteTarget('http://h', 'k', u.options)([{}])).rejects.toThrow(/HTTP 400: body\/items/);
    expect(s.calls.length + t.calls.length + u.calls.length).toBe(3);
  });

  it('checks the server URL and reads Retry-After dates', () => {
    expect(batchUrl('https://koban.example/base/')).toBe('https://koban.example/base/v1/reports:batch');
    expect(() => batchUrl('ftp://x')).toThrow(ImportUsageError);
    expect(() => batchUrl('localhost:8080x')).toThrow(ImportUsageError);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('999999', now)).toBe(300_000);
  });
});
