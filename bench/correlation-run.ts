import { cpus, totalmem } from 'node:os';
import { correlationBench } from './correlation.js';

/** npm run bench:correlation [-- --reports N] (default 1,000,000 reports, 3,000,000 indicators). */
const args = process.argv.slice(2);
const reports = Number(args[args.indexOf('--reports') + 1]) || 1_000_000;
const machine = `${cpus().length}× ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
console.log(
  `# Koban correlation benchmark ${new Date().toISOString()}\nmachine: ${machine}\nreports: ${reports}\n`,
);
const r = await correlationBench(reports);
console.log(
  `ingest: ${r.reports.toLocaleString()} reports / ${r.indicators.toLocaleString()} indicators in ${r.ingestSeconds.toFixed(1)} s (${Math.round(r.reports / r.ingestSeconds).toLocaleString()} reports/s)`,
);
console.log(
  `correlation: ${r.correlateSeconds.toFixed(1)} s = ${Math.round(r.reportsPerSecond).toLocaleString()} reports/s`,
);
console.log(`rows: ${JSON.stringify(r.rows)}; file ${r.fileMiB.toFixed(0)} MiB`);
console.log(
  `campaigns: ${r.campaigns.toLocaleString()}, largest ${r.largestCampaign.toLocaleString()} reports`,
);
for (const l of r.latency)
  console.log(
    `${l.endpoint}: p50 ${l.p50ms.toFixed(2)} ms, p99 ${l.p99ms.toFixed(2)} ms, max ${l.maxms.toFixed(1)} ms over ${l.requests} requests (${(l.okRatio * 100).toFixed(1)}% 200)`,
  );
console.log(`process max RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
