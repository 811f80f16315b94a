import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Koban } from '../src/app/container.js';
import { buildHttpServer } from '../src/http/server.js';
import type { IngestedStore } from './ingest.js';

export interface LatencyResult {
  endpoint: string;
  requests: number;
  p50ms: number;
  p99ms: number;
  maxms: number;
  okRatio: number;
}

function get(agent: Agent, port: number, path: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, agent, headers: { authorization: `Bearer ${key}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

/** Sequential keep-alive requests over real loopback HTTP, after a warm-up. */
export async function measureLatency(
  store: IngestedStore,
  readerKey: string,
  rounds = 2_000,
): Promise<LatencyResult[]> {
  return measureEndpoints(
    store.koban,
    readerKey,
    [
      [
        'GET /v1/reports/{id}',
        (i) => `/v1/reports/${store.sampleReportIds[i % store.sampleReportIds.length]}`,
      ],
      [
        'GET /v1/indicators?value=',
        (i) =>
          `/v1/indicators?value=${encodeURIComponent(store.sampleValues[i % store.sampleValues.length] ?? '')}`,
      ],
    ],
    rounds,
  );
}

/** p50/p99 of each endpoint (a path per request number) over one keep-alive connection. */
export async function measureEndpoints(
  koban: Koban,
  key: string,
  endpoints: [string, (i: number) => string][],
  rounds = 2_000,
): Promise<LatencyResult[]> {
  const app = await buildHttpServer(koban);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const results: LatencyResult[] = [];
  try {
    for (const [name, path] of endpoints) {
      for (let i = 0; i < 200; i++) await get(agent, port, path(i + 7), key);
      const times: number[] = [];
      let ok = 0;
      for (let i = 0; i < rounds; i++) {
        const t0 = process.hrtime.bigint();
        const status = await get(agent, port, path(i), key);
        times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        if (status === 200) ok++;
      }
      times.sort((a, b) => a - b);
      results.push({
        endpoint: name,
        requests: rounds,
        p50ms: percentile(times, 50),
        p99ms: percentile(times, 99),
        maxms: times[times.length - 1] ?? 0,
        okRatio: ok / rounds,
      });
    }
  } finally {
    agent.destroy();
    await app.close();
  }
  return results;
}
