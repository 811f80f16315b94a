import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createKoban } from '../src/app/container.js';
import type { Principal } from '../src/auth/service.js';
import { loadConfig } from '../src/config.js';
import { CampaignReportGenerator } from './campaign-generator.js';
import { type LatencyResult, measureEndpoints } from './latency.js';

export interface CorrelationBenchResult {
  reports: number;
  indicators: number;
  ingestSeconds: number;
  correlateSeconds: number;
  reportsPerSecond: number;
  rows: Record<string, number>;
  fileMiB: number;
  largestCampaign: number;
  campaigns: number;
  latency: LatencyResult[];
}

const BATCH = 10_000;

/**
 * Issue 3's correlation target on embedded SQLite: ingest `reports` reports with three indicators
 * each through the real intake (four partner organizations), then correlate them all
 * (`CorrelationProcessor.drain`) and time it alone; then campaign and 3-hop neighbourhood reads over
 * HTTP as a partner that sees all but the AMBER reports of others… (all GREEN/CLEAR/AMBER here).
 */
export async function correlationBench(reports: number): Promise<CorrelationBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'koban-corr-'));
  const koban = await createKoban(
    loadConfig({ KOBAN_DATA_DIR: dir, KOBAN_RATE_LIMIT_PER_MINUTE: '10000000' }),
  );
  try {
    const init = await koban.orgs.initialize('bench centre');
    const admin = await koban.auth.authenticate(`Bearer ${init.apiKey}`);
    const writers: Principal[] = [];
    for (const kind of ['carrier', 'bank', 'payment', 'volunteer'] as const) {
      const org = await koban.orgs.create(admin, { name: `writer ${kind}`, kind });
      const key = await koban.orgs.createKey(admin, org.id, { name: 'w' });
      writers.push(await koban.auth.authenticate(`Bearer ${key.apiKey}`));
    }
    const readerOrg = await koban.orgs.create(admin, { name: 'reader', kind: 'exchange' });
    const readerKey = (await koban.orgs.createKey(admin, readerOrg.id, { name: 'r' })).apiKey;

    const gen = new CampaignReportGenerator(reports);
    const samples: string[] = [];
    let indicators = 0;
    const ingestStart = process.hrtime.bigint();
    for (let offset = 0; offset < reports; offset += BATCH) {
      const writer = writers[(offset / BATCH) % writers.length] as Principal;
      const items = Array.from({ length: Math.min(BATCH, reports - offset) }, (_, i) =>
        gen.report(offset + i),
      );
      for (const r of await koban.intake.submit(writer, items)) {
        if (r.status !== 'created') throw new Error(`bench item failed: ${JSON.stringify(r)}`);
        indicators += r.indicators.length;
        if (samples.length < 2_000 && r.index % 97 === 0) samples.push(r.id);
      }
    }
    const ingestSeconds = Number(process.hrtime.bigint() - ingestStart) / 1e9;

    const correlateStart = process.hrtime.bigint();
    const processed = await koban.correlation.drain();
    const correlateSeconds = Number(process.hrtime.bigint() - correlateStart) / 1e9;
    if (processed !== reports) throw new Error(`correlated ${processed} of ${reports} reports`);

    const { db } = koban.database;
    const rows: Record<string, number> = {};
    for (const table of [
      'sightings',
      'correlation_postings',
      'correlation_keys',
      'report_campaigns',
    ] as const) {
      const r = await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      rows[table] = Number(r.n);
    }
    const sizes = await db
      .selectFrom('campaigns')
      .where('merged_into', 'is', null)
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('size').as('max')])
      .executeTakeFirstOrThrow();
    const file = join(dir, 'koban.sqlite');
    const fileMiB =
      (statSync(file).size + (statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0)) / 2 ** 20;

    const latency = await measureEndpoints(
      koban,
      readerKey,
      [
        ['GET /v1/reports/{id}/campaign', (i) => `/v1/reports/${samples[i % samples.length]}/campaign`],
        [
          'GET /v1/reports/{id}/neighbours?hops=3',
          (i) => `/v1/reports/${samples[(i * 7) % samples.length]}/neighbours?hops=3`,
        ],
      ],
      1_000,
    );
    return {
      reports,
      indicators,
      ingestSeconds,
      correlateSeconds,
      reportsPerSecond: reports / correlateSeconds,
      rows,
      fileMiB,
      largestCampaign: Number(sizes.max),
      campaigns: Number(sizes.n),
      latency,
    };
  } finally {
    await koban.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
