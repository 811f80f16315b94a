/**
 * `npm run tune:detect`: the URL model on time splits, for choosing features and settings without
 * looking at the 2025 test months. The validation split trains on JPCERT/CC months before 2024-07
 * and scores 2024-H2 against the calibration part of the popular domains (never the held-out 20%)
 * with hand-written validation paths (validation-paths.ts). `--report` adds the honest splits
 * (2024-H1 after training before 2024, 2025-H1 after training before 2025) against the held-out
 * domains and the evaluation paths; `--only-report` runs just those. Training settings come from
 * train.ts (and its KOBAN_* variables); KOBAN_TUNE_MISSES=N prints N sampled misses (one in
 * KOBAN_TUNE_MISS_MOD, default 50) and every flagged benign URL with a path.
 */
import { BrandIndex } from '../../src/core/detect/brand-index.js';
import { createUrlChecker } from '../../src/core/detect/checkers.js';
import { DEFAULT_BRANDS } from '../../src/core/detect/default-brands.js';
import { featureHash, LinearModel } from '../../src/core/detect/linear-model.js';
import { modelScore, type UrlCheckContext } from '../../src/core/detect/url-check.js';
import { domainParts, urlParts } from '../../src/core/detect/url-parts.js';
import { evalBenignUrls } from './benign-paths.js';
import { hasSharedData, isHeldOut, loadJpcert, loadOpenPhish, loadTopDomains } from './data.js';
import { benignSplit, trainUrlModel } from './train.js';
import { validationBenignUrls } from './validation-paths.js';

interface SplitSpec {
  name: string;
  before: string;
  testTo: string;
  benign: 'calibration' | 'held-out';
}

const VALIDATION: SplitSpec = {
  name: 'validation',
  before: '202407',
  testTo: '202501',
  benign: 'calibration',
};
const REPORT: SplitSpec[] = [
  { name: 'honest 2024-H1', before: '202401', testTo: '202407', benign: 'held-out' },
  { name: 'honest 2025-H1', before: '202501', testTo: '202507', benign: 'held-out' },
];

function pct(n: number, d: number): string {
  return d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(2)}%`;
}

function recallAt(pos: readonly number[], neg: readonly number[], rate: number): number {
  const sorted = [...neg].sort((a, b) => b - a);
  const cut = sorted[Math.floor(sorted.length * rate)] ?? 1;
  return pos.filter((p) => p > cut).length / Math.max(1, pos.length);
}

function pathUrls(spec: SplitSpec, d: string): string[] {
  if (spec.benign === 'held-out') return evalBenignUrls(d, featureHash(`eval:${d}`));
  return validationBenignUrls(d, featureHash(`val:${d}`));
}

function runSplit(spec: SplitSpec, data: { phishing: ReturnType<typeof loadJpcert>; domains: string[] }) {
  const brands = new BrandIndex(DEFAULT_BRANDS);
  const t = performance.now();
  const m = trainUrlModel(brands, { before: spec.before, phishing: data.phishing, domains: data.domains });
  const trainS = (performance.now() - t) / 1000;
  const ctx: UrlCheckContext = {
    brands,
    model: LinearModel.fromSerialized(m.serialized),
    modelThresholds: m.thresholds,
  };
  const checker = createUrlChecker({ urlModel: { ...m.serialized, thresholds: m.thresholds } });
  const test = data.phishing.filter((p) => p.month >= spec.before && p.month < spec.testTo);
  const domains =
    spec.benign === 'held-out'
      ? data.domains.filter((d) => isHeldOut(d))
      : benignSplit(data.domains).calibration;
  const pos: number[] = [];
  const misses: string[] = [];
  const showMisses = Number(process.env.KOBAN_TUNE_MISSES ?? 0);
  let flagged = 0;
  let parsed = 0;
  for (const p of test) {
    const r = urlParts(p.url);
    if (!r.ok) continue;
    pos.push(modelScore(ctx, r.parts).p);
    const c = checker.checkUrl(p.url);
    if (!('verdict' in c)) continue;
    parsed++;
    if (c.verdict !== 'allow') flagged++;
    else if (
      featureHash(`miss:${p.url}`) % Number(process.env.KOBAN_TUNE_MISS_MOD ?? 50) === 0 &&
      misses.length < showMisses
    )
      misses.push(`${p.url} ${c.score}`);
  }
  if (misses.length > 0) console.log(misses.join('\n'));
  const bare: number[] = [];
  const withPaths: number[] = [];
  let fpBare = 0;
  let fpPath = 0;
  let fpWww = 0;
  for (const d of domains) {
    const a = domainParts(d);
    const b = urlParts(`https://${d}/`);
    if (a.ok && b.ok) bare.push(Math.max(modelScore(ctx, a.parts).p, modelScore(ctx, b.parts).p));
    const ca = checker.checkDomain(d);
    const cb = checker.checkUrl(`https://${d}/`);
    if (('verdict' in ca && ca.verdict !== 'allow') || ('verdict' in cb && cb.verdict !== 'allow')) fpBare++;
    // The home page under www is the commonest real link; the popular-domain list has neither.
    const cw = checker.checkUrl(`https://www.${d}/`);
    if ('verdict' in cw && cw.verdict !== 'allow') fpWww++;
    for (const u of pathUrls(spec, d)) {
      const r = urlParts(u);
      if (!r.ok) continue;
      withPaths.push(modelScore(ctx, r.parts).p);
      const c = checker.checkUrl(u);
      if ('verdict' in c && c.verdict !== 'allow') {
        fpPath++;
        if (showMisses > 0) console.log(`FP ${u} ${c.score}`);
      }
    }
  }
  const roc = (neg: number[]) =>
    [0.005, 0.01].map((r) => (100 * recallAt(pos, neg, r)).toFixed(2)).join(' / ');
  console.log(
    `${spec.name.padEnd(16)} train<${spec.before} test ${spec.before}..<${spec.testTo} (${parsed} URLs, ${domains.length} ${spec.benign} domains, trained ${trainS.toFixed(0)} s)\n` +
      `  checker: recall ${pct(flagged, parsed)}, bare domains flagged ${pct(fpBare, domains.length)}, www home pages ${pct(fpWww, domains.length)}, with paths flagged ${pct(fpPath, withPaths.length)}\n` +
      `  model ROC recall at 0.5 / 1 % benign: bare ${roc(bare)}; with paths ${roc(withPaths)}`,
  );
}

if (!hasSharedData()) {
  console.log('tune:detect: ../shared/data not present.');
} else {
  const data = { phishing: [...loadJpcert(), ...loadOpenPhish()], domains: loadTopDomains() };
  const specs = process.argv.includes('--report')
    ? [VALIDATION, ...REPORT]
    : process.argv.includes('--only-report')
      ? REPORT
      : [VALIDATION];
  for (const s of specs) runSplit(s, data);
}
