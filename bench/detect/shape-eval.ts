/**
 * The campaign-shape memory in `npm run eval:detect`. Recall is rolling and honest: each 2025 URL
 * is checked with a memory holding only the JPCERT/CC reports dated strictly before it (within the
 * window; 2025 reports count once they are in the past), never its own domain. False positives:
 * the memory holds every 2024 and 2025 report at once (worst case) and checks the held-out popular
 * domains exactly as the main evaluation does, plus their `www.` home pages.
 */
import { CampaignShapes, DEFAULT_SHAPE_OPTIONS } from '../../src/core/detect/campaign-shapes.js';
import { createUrlChecker } from '../../src/core/detect/checkers.js';
import { featureHash } from '../../src/core/detect/linear-model.js';
import type { SmsCheckContext } from '../../src/core/detect/sms-check.js';
import { domainParts, type UrlParts, urlParts } from '../../src/core/detect/url-parts.js';
import { evalBenignUrls } from './benign-paths.js';
import type { PhishingUrl } from './data.js';

const DAY_MS = 86_400_000;

function pct(n: number, d: number): string {
  return d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(2)}%`;
}

function flagged(r: ReturnType<ReturnType<typeof createUrlChecker>['checkUrl']>): boolean {
  return 'verdict' in r && r.verdict !== 'allow';
}

export function evalCampaignShapes(
  base: SmsCheckContext,
  jpcert: readonly PhishingUrl[],
  fromMonth: string,
  benign: readonly string[],
): void {
  const all = jpcert
    .filter((p) => Number.isFinite(p.reportedAtMs))
    .sort((a, b) => a.reportedAtMs - b.reportedAtMs);
  const windowMs = DEFAULT_SHAPE_OPTIONS.windowDays * DAY_MS;
  const rollingShapes = new CampaignShapes();
  const without = createUrlChecker({}, base);
  const withShapes = createUrlChecker({}, { ...base, campaignShapes: rollingShapes });
  let n = 0;
  let hitWithout = 0;
  let hitWith = 0;
  let blockWith = 0;
  const byKind = new Map<string, number>();
  const gained: string[] = [];
  const misses: string[] = [];
  let fed = 0;
  let peak = { entries: 0, shapes: 0 };
  for (const p of all) {
    if (p.month < fromMonth) continue;
    // Reports dated strictly before this one, no older than the window.
    while (fed < all.length && (all[fed] as PhishingUrl).reportedAtMs < p.reportedAtMs) {
      const e = all[fed] as PhishingUrl;
      if (e.reportedAtMs >= p.reportedAtMs - windowMs) rollingShapes.add(e.url, e.reportedAtMs);
      fed++;
    }
    rollingShapes.expireBefore(p.reportedAtMs - windowMs);
    if (rollingShapes.size > peak.entries)
      peak = { entries: rollingShapes.size, shapes: rollingShapes.shapeCount };
    const a = without.checkUrl(p.url);
    if (!('verdict' in a)) continue;
    n++;
    const b = withShapes.checkUrl(p.url);
    if (flagged(a)) hitWithout++;
    if (flagged(b)) hitWith++;
    if ('verdict' in b && b.verdict === 'block') blockWith++;
    if (!flagged(a) && flagged(b) && 'reasons' in b) {
      const shape = b.reasons.find((r) => r.code === 'campaign_shape');
      const parsed = urlParts(p.url);
      const kind = (parsed.ok ? rollingShapes.match(parsed.parts)?.kind : undefined) ?? '?';
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
      if (gained.length < 10) gained.push(`${b.subject} — ${shape?.en ?? ''}`);
    }
    if (!flagged(b) && misses.length < 15 && 'subject' in b) misses.push(`${b.subject} (${p.brand})`);
  }
  console.log('\n## Campaign-shape memory (rolling, reports strictly before each URL, other domains only)');
  console.log(
    `JPCERT/CC ${fromMonth}+: ${n} URLs; recall without shapes ${pct(hitWithout, n)}, with shapes ${pct(hitWith, n)} (blocked ${pct(blockWith, n)}); gained by kind: ${[...byKind].map(([k, v]) => `${k} ${v}`).join(', ')}`,
  );
  console.log(
    `Rolling memory at its largest: ${peak.entries} (shape, domain) entries over ${peak.shapes} shapes (${DEFAULT_SHAPE_OPTIONS.windowDays}-day window)`,
  );
  console.log('Sample gains:', gained);
  console.log('Sample misses with shapes:', misses);

  // Worst case for false positives: every 2024 and 2025 report in memory at once.
  // Heap growth is only meaningful after a collection: `node --expose-gc` gives one.
  const gc = (globalThis as { gc?: () => void }).gc;
  const heap = () => {
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  const worstUrls = all.filter((p) => p.month >= '202401');
  const t0 = heap();
  const worst = new CampaignShapes({ windowDays: 10_000 });
  for (const p of worstUrls) worst.add(p.url, p.reportedAtMs);
  const heapMb = gc === undefined ? Number.NaN : (heap() - t0) / 1e6;
  const checker = createUrlChecker({}, { ...base, campaignShapes: worst });
  let fpBare = 0;
  let fpWww = 0;
  let fpPath = 0;
  let nPath = 0;
  let shapeBare = 0;
  let shapePath = 0;
  const samples: string[] = [];
  const hasShape = (r: ReturnType<typeof checker.checkUrl>) =>
    'reasons' in r && r.reasons.some((x) => x.code === 'campaign_shape');
  for (const d of benign) {
    const a = checker.checkDomain(d);
    const b = checker.checkUrl(`https://${d}/`);
    if (flagged(a) || flagged(b)) fpBare++;
    if (hasShape(a) || hasShape(b)) shapeBare++;
    if (flagged(checker.checkUrl(`https://www.${d}/`))) fpWww++;
    for (const u of evalBenignUrls(d, featureHash(`eval:${d}`))) {
      const r = checker.checkUrl(u);
      if (!('verdict' in r)) continue;
      nPath++;
      if (flagged(r)) fpPath++;
      if (hasShape(r)) {
        shapePath++;
        if (samples.length < 10)
          samples.push(`${r.subject}: ${r.reasons.find((x) => x.code === 'campaign_shape')?.en}`);
      }
    }
  }
  console.log(
    `Worst case (${worstUrls.length} reports of 2024–2025 at once: ${worst.size} shape entries, ${worst.shapeCount} shapes, ${Number.isNaN(heapMb) ? 'heap: run with --expose-gc' : `${heapMb.toFixed(1)} MB heap`}): popular domains flagged bare (domain or https URL) ${pct(fpBare, benign.length)} (shape reason on ${pct(shapeBare, benign.length)}); www home pages ${pct(fpWww, benign.length)}; with paths ${pct(fpPath, nPath)} (shape reason on ${pct(shapePath, nPath)})`,
  );
  console.log('Sample shape reasons on popular domains:', samples);
  timeLookups(worst, [
    ...all.filter((p) => p.month >= fromMonth).map((p) => p.url),
    ...benign.flatMap((d) => [`https://${d}/`, ...evalBenignUrls(d, featureHash(`eval:${d}`))]),
  ]);
}

/** µs per `match` with the worst-case memory, URLs parsed beforehand; median of 9 passes. */
function timeLookups(shapes: CampaignShapes, urls: readonly string[]): void {
  const parts: UrlParts[] = [];
  for (const u of urls) {
    const r = urlParts(u);
    if (r.ok) parts.push(r.parts);
  }
  const d = domainParts('example.com');
  if (d.ok) parts.push(d.parts);
  const times: number[] = [];
  let sink = 0;
  for (let k = 0; k < 9; k++) {
    const t = performance.now();
    for (const p of parts) sink += shapes.match(p)?.otherDomains ?? 0;
    times.push(((performance.now() - t) * 1000) / parts.length);
  }
  times.sort((a, b) => a - b);
  console.log(
    `Shape lookup time (${parts.length} URLs, median of 9): ${(times[4] as number).toFixed(2)} µs/URL${sink < 0 ? ' ' : ''}`,
  );
}
