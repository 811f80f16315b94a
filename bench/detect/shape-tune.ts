/**
 * `node dist/bench/detect/shape-tune.js`: tunes the campaign-shape memory (window, domains needed,
 * host-template prefix) on 2024 only. Recall is rolling: each 2024 URL is checked against the
 * JPCERT/CC reports dated strictly before it, never its own domain, with a URL model trained on
 * months before 2024. False positives: the memory holds every 2024 report (worst case) and checks
 * the validation split of popular domains (not the evaluation's held-out 20%) bare and with the
 * validation and generated paths. 2025 is never read here.
 */
import { BrandIndex } from '../../src/core/detect/brand-index.js';
import { CampaignShapes, type ShapeKind } from '../../src/core/detect/campaign-shapes.js';
import { createUrlChecker } from '../../src/core/detect/checkers.js';
import { DEFAULT_BRANDS } from '../../src/core/detect/default-brands.js';
import { featureHash } from '../../src/core/detect/linear-model.js';
import { domainParts, type UrlParts, urlParts } from '../../src/core/detect/url-parts.js';
import { hasSharedData, loadJpcert, loadTopDomains, type PhishingUrl } from './data.js';
import { benignSplit, benignUrlVariants, trainUrlModel } from './train.js';
import { VALIDATION_BENIGN_PATHS } from './validation-paths.js';

const TUNE_FROM = Date.UTC(2024, 0, 1) - 9 * 3_600_000;
const TUNE_TO = Date.UTC(2025, 0, 1) - 9 * 3_600_000;
const KINDS: readonly ShapeKind[] = ['path', 'first_segment', 'query_template', 'host_template'];

/** Best other-domain count per kind for one URL (0 when the kind did not match). */
type Counts = Record<ShapeKind, number>;

function countsOf(shapes: CampaignShapes, parts: UrlParts): Counts {
  const c: Counts = {
    path: 0,
    first_segment: 0,
    query_template: 0,
    host_template: 0,
  };
  for (const m of shapes.matchAll(parts)) c[m.kind] = Math.max(c[m.kind], m.otherDomains);
  return c;
}

function hits(c: Counts, minDomains: number, minHost: number, kinds: readonly ShapeKind[]): boolean {
  for (const k of kinds) if (c[k] >= (k === 'host_template' ? minHost : minDomains)) return true;
  return false;
}

/** Rolling pass over the tuning year: counts per URL with the memory of strictly earlier reports. */
function rolling(all: readonly PhishingUrl[], windowDays: number, hostPrefix: number) {
  const shapes = new CampaignShapes({
    windowDays,
    minDomains: 1,
    minHostDomains: 1,
    hostPrefix,
  });
  const out: { url: string; counts: Counts }[] = [];
  let fed = 0;
  for (const p of all) {
    if (p.reportedAtMs < TUNE_FROM - windowDays * 86_400_000) {
      fed++;
      continue;
    }
    if (p.reportedAtMs >= TUNE_TO) break;
    while (fed < all.length && (all[fed] as PhishingUrl).reportedAtMs < p.reportedAtMs) {
      const e = all[fed] as PhishingUrl;
      shapes.add(e.url, e.reportedAtMs);
      fed++;
    }
    shapes.expireBefore(p.reportedAtMs - windowDays * 86_400_000);
    if (p.reportedAtMs < TUNE_FROM) continue;
    const r = urlParts(p.url);
    if (r.ok) out.push({ url: p.url, counts: countsOf(shapes, r.parts) });
  }
  return out;
}

function benignCounts(shapes: CampaignShapes, domains: readonly string[]) {
  const bare: Counts[] = [];
  const withPaths: Counts[] = [];
  for (const d of domains) {
    const a = domainParts(d);
    const b = urlParts(`https://${d}/`);
    const w = urlParts(`https://www.${d}/`);
    if (a.ok && b.ok && w.ok) {
      const ca = countsOf(shapes, a.parts);
      const cb = countsOf(shapes, b.parts);
      const cw = countsOf(shapes, w.parts);
      const c = { ...ca };
      for (const k of KINDS) c[k] = Math.max(ca[k], cb[k], cw[k]);
      bare.push(c);
    }
    const h = featureHash(`val:${d}`);
    const urls = [
      ...benignUrlVariants(d).slice(2),
      `https://${d}${VALIDATION_BENIGN_PATHS[h % VALIDATION_BENIGN_PATHS.length]}`,
      `https://www.${d}${VALIDATION_BENIGN_PATHS[(h >>> 8) % VALIDATION_BENIGN_PATHS.length]}`,
    ];
    for (const u of urls) {
      const r = urlParts(u);
      if (r.ok) withPaths.push(countsOf(shapes, r.parts));
    }
  }
  return { bare, withPaths };
}

function pct(n: number, d: number): string {
  return d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(2)}%`;
}

function main() {
  const all = loadJpcert()
    .filter((p) => Number.isFinite(p.reportedAtMs) && p.reportedAtMs < TUNE_TO)
    .sort((a, b) => a.reportedAtMs - b.reportedAtMs);
  const brands = new BrandIndex(DEFAULT_BRANDS);
  const split = trainUrlModel(brands, { before: '202401', phishing: all });
  const checker = createUrlChecker({ urlModel: { ...split.serialized, thresholds: split.thresholds } });
  const flagged = new Map<string, boolean>();
  for (const p of all) {
    if (p.reportedAtMs < TUNE_FROM || flagged.has(p.url)) continue;
    const r = checker.checkUrl(p.url);
    flagged.set(p.url, 'verdict' in r && r.verdict !== 'allow');
  }
  const domains = benignSplit(loadTopDomains()).calibration;
  const worst = new CampaignShapes({ windowDays: 400, minDomains: 1, minHostDomains: 1 });
  for (const p of all) if (p.reportedAtMs >= TUNE_FROM) worst.add(p.url, p.reportedAtMs);
  for (const hostPrefix of [4, 5, 6]) {
    const worstP = new CampaignShapes({
      windowDays: 400,
      minDomains: 1,
      minHostDomains: 1,
      hostPrefix,
    });
    for (const p of all) if (p.reportedAtMs >= TUNE_FROM) worstP.add(p.url, p.reportedAtMs);
    const fp = benignCounts(worstP, domains);
    for (const windowDays of [14, 30, 60]) {
      const rows = rolling(all, windowDays, hostPrefix);
      const base = rows.filter((r) => flagged.get(r.url) === true).length;
      console.log(
        `\nwindow ${windowDays} d, host prefix ${hostPrefix}: ${rows.length} URLs (2024), model-only recall ${pct(base, rows.length)}`,
      );
      for (const minDomains of [2, 3, 4, 5])
        for (const minHost of [3, 5, 8]) {
          const kinds = KINDS;
          const got = rows.filter(
            (r) => flagged.get(r.url) === true || hits(r.counts, minDomains, minHost, kinds),
          ).length;
          const per = KINDS.map(
            (k) =>
              `${k} +${rows.filter((r) => flagged.get(r.url) !== true && hits(r.counts, minDomains, minHost, [k])).length}`,
          ).join(' ');
          const fpBare = fp.bare.filter((c) => hits(c, minDomains, minHost, kinds)).length;
          const fpPath = fp.withPaths.filter((c) => hits(c, minDomains, minHost, kinds)).length;
          console.log(
            `  N=${minDomains} host N=${minHost}: recall ${pct(got, rows.length)} (${per}); FP bare ${pct(fpBare, fp.bare.length)}, with paths ${pct(fpPath, fp.withPaths.length)}`,
          );
        }
    }
  }
  // Which shapes would flag benign URLs, so the stoplist can be judged (tuning set only).
  const samples = new Map<string, number>();
  for (const d of domains)
    for (const u of benignUrlVariants(d)) {
      const r = urlParts(u);
      if (!r.ok) continue;
      for (const m of worst.matchAll(r.parts))
        if (m.otherDomains >= 3)
          samples.set(`${m.kind} ${m.shape}`, (samples.get(`${m.kind} ${m.shape}`) ?? 0) + 1);
    }
  console.log(
    '\nShapes matching tuning benign URLs (≥3 domains):',
    [...samples].sort((a, b) => b[1] - a[1]).slice(0, 40),
  );
}

if (hasSharedData()) main();
else console.log('shape-tune: ../shared/data not present.');
