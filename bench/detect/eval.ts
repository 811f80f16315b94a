/**
 * `npm run eval:detect`: precision, recall and false-positive rates of the protection checks on
 * ../shared/data. Phishing recall is measured with a URL model retrained here on months before
 * 2025 and tested on 2025 (the shipped model has seen them), with no blocklist loaded; false positives on the held-out 20% of popular domains, also
 * with no allowlist, so neither list can flatter the result.
 */

import { BrandIndex } from '../../src/core/detect/brand-index.js';
import { buildContext, createSmsChecker, createUrlChecker } from '../../src/core/detect/checkers.js';
import { DEFAULT_BRANDS } from '../../src/core/detect/default-brands.js';
import { featureHash, LinearModel } from '../../src/core/detect/linear-model.js';
import { modelScore, type UrlCheckContext, UrlModelScorer } from '../../src/core/detect/url-check.js';
import { urlFeatures } from '../../src/core/detect/url-features.js';
import { domainParts, urlParts } from '../../src/core/detect/url-parts.js';
import { evalBenignUrls } from './benign-paths.js';
import {
  hasSharedData,
  isHeldOut,
  loadJpcert,
  loadOpenPhish,
  loadSms,
  loadTopDomains,
  type SmsLabel,
} from './data.js';
import { evalCampaignShapes } from './shape-eval.js';
import { EVAL_FROM_MONTH, trainUrlModel } from './train.js';

function pct(n: number, d: number): string {
  return d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(2)}%`;
}

/** Recall at the score above which at most `rate` of the benign scores lie (ties count as flagged). */
function recallAt(pos: readonly number[], neg: readonly number[], rate: number): string {
  const sorted = [...neg].sort((a, b) => b - a);
  const cut = sorted[Math.floor(sorted.length * rate)] ?? 1;
  const hit = pos.filter((p) => p > cut).length;
  return `${pct(hit, pos.length)} at ${(rate * 100).toFixed(1)}%`;
}

/**
 * The split model's probability alone (no lists, brands or lookalikes), against two benign sets:
 * bare popular domains (as domain and as https://domain/) and the same domains with real-looking
 * paths. Features that only notice "has a path" score well on the first and badly on the second.
 */
function modelRoc(ctx: UrlCheckContext, phishingUrls: readonly string[], benign: readonly string[]) {
  const p = (parts: Parameters<typeof modelScore>[1]) => modelScore(ctx, parts).p;
  const pos: number[] = [];
  for (const u of phishingUrls) {
    const r = urlParts(u);
    if (r.ok) pos.push(p(r.parts));
  }
  const bare: number[] = [];
  const withPaths: number[] = [];
  for (const d of benign) {
    const a = domainParts(d);
    const b = urlParts(`https://${d}/`);
    if (a.ok && b.ok) bare.push(Math.max(p(a.parts), p(b.parts)));
    for (const u of evalBenignUrls(d, featureHash(`eval:${d}`))) {
      const r = urlParts(u);
      if (r.ok) withPaths.push(p(r.parts));
    }
  }
  for (const [name, neg] of [
    ['bare popular domains', bare],
    ['popular domains with paths', withPaths],
  ] as const)
    console.log(
      `Model ROC vs ${name} (${neg.length}): recall ${[0.005, 0.01, 0.02].map((r) => recallAt(pos, neg, r)).join(', ')}`,
    );
}

/**
 * µs per URL for the model's part of a check: features alone (no-op sink), and features plus the
 * linear and hidden-layer sums (modelScore). URLs are parsed beforehand; median of 9 passes.
 */
function timeModel(ctx: UrlCheckContext, urls: readonly string[]) {
  const parts = urls.map((u) => urlParts(u)).flatMap((r) => (r.ok ? [r.parts] : []));
  const scorer = new UrlModelScorer(ctx.model);
  const withScorer = { ...ctx, urlScorer: scorer };
  let sink = 0;
  const noop = (h: number) => {
    sink ^= h;
  };
  const median = (run: () => void) => {
    const times: number[] = [];
    for (let k = 0; k < 9; k++) {
      const t = performance.now();
      run();
      times.push(((performance.now() - t) * 1000) / parts.length);
    }
    return times.sort((a, b) => a - b)[4] as number;
  };
  const features = median(() => {
    for (const p of parts) urlFeatures(p, ctx.brands, noop, scorer.labelLm);
  });
  const model = median(() => {
    for (const p of parts) sink += modelScore(withScorer, p).p;
  });
  console.log(
    `URL model time (${parts.length} URLs, median of 9): features ${features.toFixed(2)} µs/URL, features + model ${model.toFixed(2)} µs/URL${sink === 0.5 ? ' ' : ''}`,
  );
}

function evalUrls() {
  const t = performance.now();
  const split = trainUrlModel(new BrandIndex(DEFAULT_BRANDS), { before: EVAL_FROM_MONTH });
  console.log(
    `(trained the split URL model in ${((performance.now() - t) / 1000).toFixed(1)} s: phishing before ${EVAL_FROM_MONTH} only)`,
  );
  const splitContext = buildContext({ urlModel: { ...split.serialized, thresholds: split.thresholds } });
  const checker = createUrlChecker({}, splitContext);
  const shipped = createUrlChecker();
  const jpcert = loadJpcert();
  const phishing = jpcert.filter((p) => p.month >= EVAL_FROM_MONTH);
  let flagged = 0;
  let blocked = 0;
  let parsed = 0;
  const byBrand = new Map<string, { n: number; hit: number }>();
  const misses: string[] = [];
  for (const p of phishing) {
    const r = checker.checkUrl(p.url);
    if (!('verdict' in r)) continue;
    parsed++;
    const hit = r.verdict !== 'allow';
    if (hit) flagged++;
    if (r.verdict === 'block') blocked++;
    else if (!hit && misses.length < 25) misses.push(`${r.subject} (${p.brand}, score ${r.score})`);
    const b = byBrand.get(p.brand) ?? { n: 0, hit: 0 };
    b.n++;
    if (hit) b.hit++;
    byBrand.set(p.brand, b);
  }
  const benign = loadTopDomains().filter((d) => isHeldOut(d));
  let fpDomain = 0;
  let fpUrl = 0;
  let fpBlock = 0;
  const fps: string[] = [];
  for (const d of benign) {
    const a = checker.checkDomain(d);
    const b = checker.checkUrl(`https://${d}/`);
    const hitA = 'verdict' in a && a.verdict !== 'allow';
    const hitB = 'verdict' in b && b.verdict !== 'allow';
    if (hitA) fpDomain++;
    if (hitB) fpUrl++;
    if (('verdict' in a && a.verdict === 'block') || ('verdict' in b && b.verdict === 'block')) fpBlock++;
    if ((hitA || hitB) && fps.length < 40)
      fps.push(
        `${d} (${'score' in a ? a.score : '?'}: ${'reasons' in a ? a.reasons.map((x) => x.code).join(',') : ''})`,
      );
  }
  let fpPath = 0;
  let fpPathBlock = 0;
  let nPath = 0;
  const pathFps: string[] = [];
  for (const d of benign) {
    for (const u of evalBenignUrls(d, featureHash(`eval:${d}`))) {
      const r = checker.checkUrl(u);
      if (!('verdict' in r)) continue;
      nPath++;
      if (r.verdict !== 'allow') {
        fpPath++;
        if (pathFps.length < 20) pathFps.push(`${u} (${r.score}: ${r.reasons.map((x) => x.code).join(',')})`);
      }
      if (r.verdict === 'block') fpPathBlock++;
    }
  }
  let shippedFp = 0;
  for (const d of benign) {
    const a = shipped.checkDomain(d);
    const b = shipped.checkUrl(`https://${d}/`);
    if (('verdict' in a && a.verdict !== 'allow') || ('verdict' in b && b.verdict !== 'allow')) shippedFp++;
  }
  const openphish = loadOpenPhish();
  let opFlagged = 0;
  for (const p of openphish) {
    const r = checker.checkUrl(p.url);
    if ('verdict' in r && r.verdict !== 'allow') opFlagged++;
  }
  console.log('\n## URL check (no blocklist, no allowlist)');
  console.log(
    `JPCERT/CC ${EVAL_FROM_MONTH}+ (unseen months): ${parsed} URLs, recall (warn or block) ${pct(flagged, parsed)}, blocked ${pct(blocked, parsed)}`,
  );
  console.log(
    `Popular domains, held-out 20%: ${benign.length}; flagged as domain ${pct(fpDomain, benign.length)}, as https URL ${pct(fpUrl, benign.length)}, blocked ${pct(fpBlock, benign.length)}`,
  );
  console.log(
    `Popular domains with real-looking paths (bench/detect/benign-paths.ts): ${nPath} URLs; flagged ${pct(fpPath, nPath)}, blocked ${pct(fpPathBlock, nPath)}`,
  );
  const splitCtx: UrlCheckContext = {
    brands: new BrandIndex(DEFAULT_BRANDS),
    model: LinearModel.fromSerialized(split.serialized),
    modelThresholds: split.thresholds,
  };
  modelRoc(
    splitCtx,
    phishing.map((p) => p.url),
    benign,
  );
  timeModel(splitCtx, [
    ...phishing.map((p) => p.url),
    ...benign.flatMap((d) => [`https://${d}/`, ...evalBenignUrls(d, featureHash(`eval:${d}`))]),
  ]);
  const precision = flagged / (flagged + fpUrl * (parsed / Math.max(1, benign.length)));
  console.log(`Precision at equal class sizes: ${(100 * precision).toFixed(2)}%`);
  console.log(
    `Shipped model (all months through 2025-06): popular domains flagged as domain or URL ${pct(shippedFp, benign.length)}`,
  );
  console.log(
    `OpenPhish 2025 (in training, non-Japanese brands mostly): recall ${pct(opFlagged, openphish.length)}`,
  );
  console.log('Recall per brand (top 25 by volume):');
  for (const [brand, v] of [...byBrand].sort((a, b) => b[1].n - a[1].n).slice(0, 25)) {
    console.log(`  ${brand.padEnd(28)} ${String(v.n).padStart(5)}  ${pct(v.hit, v.n)}`);
  }
  console.log('Sample misses:', misses.slice(0, 15));
  console.log('Sample false positives:', fps.slice(0, 20));
  console.log('Sample false positives with paths:', pathFps);
  evalCampaignShapes(splitContext, jpcert, EVAL_FROM_MONTH, benign);
}

function evalSms() {
  const checker = createSmsChecker();
  const held = loadSms().filter((s) => isHeldOut(s.text));
  const counts = new Map<string, { n: number; warn: number; block: number }>();
  const misses: string[] = [];
  const fps: string[] = [];
  for (const s of held) {
    const r = checker.check({ sender: s.sender, body: s.text });
    const key = `${s.corpus}/${s.label}`;
    const c = counts.get(key) ?? { n: 0, warn: 0, block: 0 };
    c.n++;
    if (r.verdict === 'warn') c.warn++;
    if (r.verdict === 'block') c.block++;
    counts.set(key, c);
    if (s.label === 'smishing' && r.verdict === 'allow' && misses.length < 12)
      misses.push(s.text.slice(0, 100));
    if (s.label === 'ham' && r.verdict !== 'allow' && fps.length < 12)
      fps.push(`${r.verdict} ${r.score} ${s.text.slice(0, 90)} [${r.reasons.map((x) => x.code).join(',')}]`);
  }
  console.log('\n## SMS check (held-out 20% of our part of each corpus)');
  const total = { tp: 0, fp: 0, fn: 0, hamN: 0, smN: 0, smHit: 0 };
  for (const [key, c] of [...counts].sort()) {
    console.log(
      `  ${key.padEnd(34)} n=${String(c.n).padStart(4)}  warn ${pct(c.warn, c.n).padStart(7)}  block ${pct(c.block, c.n).padStart(7)}  flagged ${pct(c.warn + c.block, c.n)}`,
    );
    const label = key.split('/')[1] as SmsLabel;
    if (label === 'ham') {
      total.fp += c.warn + c.block;
      total.hamN += c.n;
    } else {
      total.tp += c.warn + c.block;
      total.fn += c.n - c.warn - c.block;
      if (label === 'smishing') {
        total.smN += c.n;
        total.smHit += c.warn + c.block;
      }
    }
  }
  console.log(
    `Spam+smishing: precision ${pct(total.tp, total.tp + total.fp)}, recall ${pct(total.tp, total.tp + total.fn)}; smishing recall ${pct(total.smHit, total.smN)}; ham false-positive rate ${pct(total.fp, total.hamN)}`,
  );
  console.log('Sample missed smishing:', misses);
  console.log('Sample false positives:', fps);
}

if (!hasSharedData()) {
  console.log('eval:detect: ../shared/data not present; nothing to evaluate.');
} else {
  const t = performance.now();
  evalUrls();
  evalSms();
  console.log(`\n(eval took ${((performance.now() - t) / 1000).toFixed(1)} s)`);
}
