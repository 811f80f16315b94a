import { cpus, totalmem } from 'node:os';
import pg from 'pg';
import { ingest, rawSqliteBaseline } from './ingest.js';
import { measureLatency } from './latency.js';

/**
 * npm run bench [-- --reports N] [-- --skip-pg]
 * Ingest N reports (default 100,000, ~1M indicators) into SQLite and PostgreSQL, then measure read latency.
 */
const args = process.argv.slice(2);
const reports = Number(args[args.indexOf('--reports') + 1]) || 100_000;
const pgUrl = process.env.KOBAN_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/koban_bench';

async function ensurePgDatabase(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = target.pathname.slice(1);
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const client = new pg.Client({ connectionString: adminUrl.toString() });
  try {
    await client.connect();
    await client.query(`drop database if exists ${name}`);
    await client.query(`create database ${name}`);
    return true;
  } catch (error) {
    console.error(`PostgreSQL unavailable (${(error as Error).message}); skipping`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const machine = `${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
console.log(`# Koban benchmark ${new Date().toISOString()}\nmachine: ${machine}\nreports: ${reports}\n`);

const engines: ('sqlite' | 'postgres')[] = ['sqlite'];
if (!args.includes('--skip-pg') && (await ensurePgDatabase(pgUrl))) engines.push('postgres');
const rates: { engine: string; indicatorsPerSecond: number }[] = [];

for (const engine of engines) {
  const result = await ingest(engine, reports, pgUrl);
  rates.push({ engine, indicatorsPerSecond: result.indicatorsPerSecond });
  console.log(
    `\n## ${engine}\ningest: ${result.reports.toLocaleString()} reports, ${result.indicators.toLocaleString()} indicators in ${result.seconds.toFixed(1)} s = ` +
      `${Math.round(result.indicatorsPerSecond).toLocaleString()} indicators/s, peak RSS during ingest ${result.peakRssMiB.toFixed(0)} MiB`,
  );
  for (const l of await measureLatency(result.store, result.store.readerKey)) {
    console.log(
      `${l.endpoint}: p50 ${l.p50ms.toFixed(2)} ms, p99 ${l.p99ms.toFixed(2)} ms, max ${l.maxms.toFixed(1)} ms over ${l.requests} requests (${(l.okRatio * 100).toFixed(1)}% 200)`,
    );
  }
  await result.store.cleanup();
}

// The baseline runs last so that its memory does not count in the ingest runs' RSS samples.
const baseline = rawSqliteBaseline(reports, 10);
console.log(
  `\n## baseline\nraw better-sqlite3 inserts, same layout: ${Math.round(baseline.rowsPerSecond).toLocaleString()} sightings/s (${baseline.seconds.toFixed(1)} s)`,
);
for (const r of rates)
  console.log(
    `${r.engine}: ${(r.indicatorsPerSecond / baseline.rowsPerSecond).toFixed(2)}× the raw baseline`,
  );
console.log(`process max RSS over the whole run: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
