import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { createKoban, type Koban } from '../src/app/container.js';
import type { Principal } from '../src/auth/service.js';
import { loadConfig } from '../src/config.js';
import { prng, ReportGenerator } from './generate.js';

export interface IngestResult {
  engine: string;
  reports: number;
  indicators: number;
  seconds: number;
  indicatorsPerSecond: number;
  peakRssMiB: number;
}

export interface IngestedStore {
  koban: Koban;
  reader: Principal;
  readerKey: string;
  writerOrgId: string;
  sampleReportIds: string[];
  sampleValues: string[];
  cleanup(): Promise<void>;
}

const BATCH = 10_000;

/** Ingests `reports` synthetic reports through the real intake path (validation, normalization, audit). */
export async function ingest(
  engine: 'sqlite' | 'postgres',
  reports: number,
  pgUrl?: string,
): Promise<IngestResult & { store: IngestedStore }> {
  const dir = mkdtempSync(join(tmpdir(), 'koban-bench-'));
  const env: Record<string, string> = { KOBAN_DATA_DIR: dir, KOBAN_RATE_LIMIT_PER_MINUTE: '10000000' };
  if (engine === 'postgres' && pgUrl) env.KOBAN_DATABASE_URL = pgUrl;
  const koban = await createKoban(loadConfig(env));
  const init = await koban.orgs.initialize('bench centre');
  const admin = await koban.auth.authenticate(`Bearer ${init.apiKey}`);
  const writerOrg = await koban.orgs.create(admin, { name: 'writer', kind: 'carrier' });
  const readerOrg = await koban.orgs.create(admin, { name: 'reader', kind: 'bank' });
  const writerKey = await koban.orgs.createKey(admin, writerOrg.id, { name: 'w' });
  const readerKey = await koban.orgs.createKey(admin, readerOrg.id, { name: 'r' });
  const writer = await koban.auth.authenticate(`Bearer ${writerKey.apiKey}`);
  const reader = await koban.auth.authenticate(`Bearer ${readerKey.apiKey}`);

  const gen = new ReportGenerator();
  const sampleReportIds: string[] = [];
  const sampleValues: string[] = [];
  let indicators = 0;
  // Sampled during the ingest itself: the process-lifetime maxRSS would also count earlier runs.
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const started = process.hrtime.bigint();
  for (let offset = 0; offset < reports; offset += BATCH) {
    const items = Array.from({ length: Math.min(BATCH, reports - offset) }, (_, i) =>
      gen.report(offset + i, ['GREEN', 'GREEN', 'AMBER', 'CLEAR']),
    );
    const results = await koban.intake.submit(writer, items);
    for (const r of results) {
      if (r.status !== 'created') throw new Error(`bench item failed: ${JSON.stringify(r)}`);
      indicators += r.indicators.length;
      if (sampleReportIds.length < 5_000 && r.index % 17 === 0) {
        sampleReportIds.push(r.id);
        const first = r.indicators[r.index % r.indicators.length];
        if (first) sampleValues.push(first.value);
      }
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  return {
    engine,
    reports,
    indicators,
    seconds,
    indicatorsPerSecond: indicators / seconds,
    peakRssMiB: peakRss / 2 ** 20,
    store: {
      koban,
      reader,
      readerKey: readerKey.apiKey,
      writerOrgId: writerOrg.id,
      sampleReportIds,
      sampleValues,
      // PostgreSQL: the bench database is dropped and recreated at the start of every run.
      cleanup: async () => {
        await koban.close();
        rmSync(dir, { recursive: true, force: true });
      },
    },
  };
}

/**
 * Baseline in the same process: the same number of report, indicator and sighting rows, with the
 * same table layout, page size, hashed indicator ids, value reuse and transaction size, written with
 * raw prepared statements — but no validation, normalization, policy or audit. The floor for SQLite.
 */
export function rawSqliteBaseline(
  reports: number,
  indicatorsPerReport: number,
): { seconds: number; rowsPerSecond: number } {
  const dir = mkdtempSync(join(tmpdir(), 'koban-baseline-'));
  const db = new SQLite(join(dir, 'b.sqlite'));
  db.pragma('page_size = 32768');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('cache_size = -131072');
  db.exec(`create table reports (id text primary key, org_id text, kind text, details text, created_at text);
    create table indicators (id text primary key, type text, value text, attributes text);
    create table sightings (indicator_id text, report_id text, role text, observed_at text, primary key (report_id, indicator_id, role));
    create index sightings_indicator on sightings(indicator_id);`);
  const insR = db.prepare('insert into reports values (?, ?, ?, ?, ?)');
  const insI = db.prepare('insert into indicators values (?, ?, ?, ?) on conflict (id) do nothing');
  const insS = db.prepare('insert into sightings values (?, ?, ?, ?)');
  const rand = prng(7);
  const started = process.hrtime.bigint();
  const chunk = db.transaction((from: number, to: number) => {
    for (let r = from; r < to; r++) {
      const rid = `01a2${String(r).padStart(12, '0')}`;
      insR.run(rid, 'org', 'smishing', '{"sender":"x","body":"y"}', '2026-11-22T00:00:00.000Z');
      for (let i = 0; i < indicatorsPerReport; i++) {
        const n = rand() < 0.5 ? Math.floor(rand() * 20_000) : Math.floor(rand() * 1e9);
        const value = `v${n}.example.com`;
        const iid = createHash('sha256').update(`domain:${value}`).digest('hex').slice(0, 32);
        insI.run(iid, 'domain', value, '{}');
        insS.run(iid, rid, `r${i}`, '2026-11-22T00:00:00.000Z');
      }
    }
  });
  for (let r = 0; r < reports; r += 2000) chunk(r, Math.min(reports, r + 2000));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return { seconds, rowsPerSecond: (reports * indicatorsPerReport) / seconds };
}
