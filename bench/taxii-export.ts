import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createKoban } from '../src/app/container.js';
import { loadConfig } from '../src/config.js';
import { buildHttpServer } from '../src/http/server.js';
import { VISIBLE_COLLECTION_ID } from '../src/taxii/collections.js';
import { TAXII_MEDIA_TYPE } from '../src/taxii/protocol.js';
import { prng } from './generate.js';

/**
 * npm run bench:taxii  (KOBAN_BENCH_TAXII_REPORTS=N, default 200,000 reports ≈ 1M objects;
 * KOBAN_BENCH_TAXII_LIMIT=page size, default 10,000; KOBAN_BENCH_TAXII_VERSION=all,last: the
 * versions to export, one after the other over the same data)
 * Ingests reports through the real intake into an SQLite file, then pages through the whole
 * "visible" collection over HTTP as a TAXII client would, and reports objects/s. Several versions
 * in one process give ratios that hold on a shared machine, where absolute times drift with load.
 */
const reports = Number(process.env.KOBAN_BENCH_TAXII_REPORTS ?? 200_000);
const limit = Number(process.env.KOBAN_BENCH_TAXII_LIMIT ?? 10_000);
/** `last` (what clients send by default), `first`, `all` (no latest-version decision), comma-separated. */
const versions = (process.env.KOBAN_BENCH_TAXII_VERSION ?? 'all,last').split(',');
const BATCH = 10_000;

const dir = mkdtempSync(join(tmpdir(), 'koban-taxii-bench-'));
const koban = await createKoban(loadConfig({ KOBAN_DATA_DIR: dir, KOBAN_RATE_LIMIT_PER_MINUTE: '10000000' }));
try {
  const init = await koban.orgs.initialize('bench centre');
  const admin = await koban.auth.authenticate(`Bearer ${init.apiKey}`);
  const writerOrg = await koban.orgs.create(admin, { name: 'writer', kind: 'carrier' });
  const readerOrg = await koban.orgs.create(admin, { name: 'reader', kind: 'bank' });
  const writer = await koban.auth.authenticate(
    `Bearer ${(await koban.orgs.createKey(admin, writerOrg.id, { name: 'w' })).apiKey}`,
  );
  const readerKey = (await koban.orgs.createKey(admin, readerOrg.id, { name: 'r' })).apiKey;
  const rand = prng(20261122);
  const tlps = ['GREEN', 'GREEN', 'AMBER', 'CLEAR'];
  // Two indicators per report (half from a shared pool): report + 2 indicators + 2 observables = 5 objects.
  const value = () => (rand() < 0.5 ? Math.floor(rand() * 20_000) : Math.floor(rand() * 1e9)).toString(36);
  const started = process.hrtime.bigint();
  for (let offset = 0; offset < reports; offset += BATCH) {
    const items = Array.from({ length: Math.min(BATCH, reports - offset) }, (_, i) => ({
      kind: 'abuse',
      tlp: tlps[(offset + i) % tlps.length],
      description: `bench report ${offset + i}`,
      details: { category: 'phishing' },
      indicators: [
        { type: 'domain', value: `bad-${value()}.example.top` },
        { type: 'ipv4', value: `198.51.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}` },
      ],
    }));
    const results = await koban.intake.submit(writer, items);
    const failed = results.find((r) => r.status === 'invalid');
    if (failed) throw new Error(`bench item failed: ${JSON.stringify(failed)}`);
  }
  const ingestSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  const app = await buildHttpServer(koban);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const headers = { authorization: `Bearer ${readerKey}`, accept: TAXII_MEDIA_TYPE };
  const runs: string[] = [];
  for (const version of versions) {
    let objects = 0;
    let pages = 0;
    let bytes = 0;
    let next: string | undefined;
    const pagingStarted = process.hrtime.bigint();
    do {
      const url = new URL(`/taxii2/api/collections/${VISIBLE_COLLECTION_ID}/objects/`, address);
      url.searchParams.set('limit', String(limit));
      url.searchParams.set('match[version]', version);
      if (next) url.searchParams.set('next', next);
      const response = await fetch(url, { headers });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`page ${pages}: ${response.status} ${text.slice(0, 300)}`);
      bytes += text.length;
      const page = JSON.parse(text) as { more: boolean; next?: string; objects?: unknown[] };
      objects += page.objects?.length ?? 0;
      pages++;
      next = page.more ? page.next : undefined;
    } while (next);
    const pagingSeconds = Number(process.hrtime.bigint() - pagingStarted) / 1e9;
    runs.push(
      `export: ${objects.toLocaleString()} objects in ${pages} pages of ≤ ${limit} (${(bytes / 2 ** 20).toFixed(0)} MiB JSON) in ${pagingSeconds.toFixed(1)} s = ${Math.round(objects / pagingSeconds).toLocaleString()} objects/s, match[version]=${version}`,
    );
  }
  await app.close();
  const machine = `${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
  console.log(`# TAXII export ${new Date().toISOString()}\nmachine: ${machine}`);
  console.log(
    `ingest: ${reports.toLocaleString()} reports in ${ingestSeconds.toFixed(1)} s (real intake, SQLite file)`,
  );
  for (const run of runs) console.log(run);
  console.log(
    `load average (1/5/15 min) at the end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(`process max RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
} finally {
  await koban.close();
  rmSync(dir, { recursive: true, force: true });
}
