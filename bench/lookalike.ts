/**
 * Lookalike-domain benchmark: (a) generation time per brand, (b) the same domains through dnstwist
 * when it is installed (CLI wall time and in-process generation, per-class counts), (c) matcher
 * latency over 1,000,000 names against 1,000 brands. `npm run bench:lookalike`
 * (`--matcher-only`, `--generation-only` run one part).
 */

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { SAMPLE_BRANDS, SAMPLE_DOMAINS } from '../src/core/detect/lookalike/fixtures.js';
import { generateLookalikes } from '../src/core/detect/lookalike/generate.js';
import { createLookalikeMatcher } from '../src/core/detect/lookalike/matcher.js';
import type { ProtectedBrand } from '../src/core/detect/types.js';
import { prng } from './generate.js';

/** Per domain: median of this many batch means (odd), each batch long enough to amortize GC. */
const GEN_BATCHES = 15;
/** Minimum work per batch, so timer resolution and a single GC pause do not dominate. */
const GEN_BATCH_MS = 4;
/** dnstwist runs per domain (median), in-process. */
const DNSTWIST_RUNS = 7;
const NAMES = 1_000_000;
const BRANDS = 1_000;

/** Deterministic PRNG (mulberry32) so every run measures the same names. */
const rng = prng;

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const fmt = (n: number, digits = 2) => n.toLocaleString('en-US', { maximumFractionDigits: digits });

interface GenRow {
  domain: string;
  variants: number;
  /** Median over GEN_BATCHES of the mean time per call within a batch. */
  ms: number;
  /** Fastest batch mean: contention only adds time, so this is the most repeatable figure. */
  minMs: number;
  byClass: Map<string, number>;
}

/**
 * Every call generates from scratch: `generateLookalikes` keeps no cache (nothing survives a call
 * but the immutable tables built at module load). Warm-up first, so the JIT has optimized the code
 * (CPython has no JIT; dnstwist's median of runs gets its warm state too). Batches go round-robin
 * over the domains, so a burst of load from other processes on a shared machine hits one batch of
 * many domains rather than every batch of one domain.
 */
function benchGeneration(): GenRow[] {
  const warmUntil = performance.now() + 1_500;
  while (performance.now() < warmUntil) for (const d of SAMPLE_DOMAINS) generateLookalikes(d);
  const rounds = SAMPLE_DOMAINS.map((domain) => {
    const t = performance.now();
    for (let i = 0; i < 20; i++) generateLookalikes(domain);
    return Math.max(20, Math.ceil((GEN_BATCH_MS * 20) / (performance.now() - t)));
  });
  const batches = SAMPLE_DOMAINS.map((): number[] => []);
  for (let b = 0; b < GEN_BATCHES; b++) {
    SAMPLE_DOMAINS.forEach((domain, d) => {
      const n = rounds[d] as number;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < n; i++) generateLookalikes(domain);
      batches[d]?.push(Number(process.hrtime.bigint() - t0) / 1e6 / n);
    });
  }
  return SAMPLE_DOMAINS.map((domain, d) => {
    const result = generateLookalikes(domain);
    const byClass = new Map<string, number>();
    for (const r of result) byClass.set(r.fuzzer, (byClass.get(r.fuzzer) ?? 0) + 1);
    const times = batches[d] ?? [];
    return { domain, variants: result.length, ms: median(times), minMs: Math.min(...times), byClass };
  });
}

interface DnstwistRow {
  domain: string;
  /**
   * In-process `Fuzzer(domain)` + `generate()`, median of DNSTWIST_RUNS: its domain parsing, every
   * fuzzer, IDNA encoding and the FQDN regex check (as ours parses, generates, encodes and
   * validates). No interpreter start-up, no import, no DNS.
   */
  ms: number;
  /** Fastest in-process run. */
  minMs: number;
  /** `dnstwist --format list <domain>` wall time. */
  cliMs: number;
  counts: Record<string, number>;
}

const PY_SCRIPT = `
import json, sys, time, statistics, dnstwist
runs = int(sys.argv[1])
domains = sys.argv[2:]
times = {d: [] for d in domains}
out = {}
# Round-robin over the domains, like ours, so a burst of load hits one run of many domains.
for _ in range(runs):
    for d in domains:
        t0 = time.perf_counter()
        f = dnstwist.Fuzzer(d)
        f.generate()
        times[d].append((time.perf_counter() - t0) * 1000)
        counts = {}
        for p in f.domains:
            if p['fuzzer'] != '*original':
                counts[p['fuzzer']] = counts.get(p['fuzzer'], 0) + 1
        out[d] = {'ms': 0, 'min': 0, 'counts': counts}
for d in domains:
    out[d]['ms'] = statistics.median(times[d])
    out[d]['min'] = min(times[d])
print(json.dumps(out))
`;

function wallMs(cmd: string, args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr?.toString().slice(0, 200)}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** The interpreter dnstwist's own script runs with (a pyenv `python3` may not see the Debian module). */
function dnstwistPython(): string {
  const where = spawnSync('sh', ['-c', 'command -v dnstwist'], { encoding: 'utf8' }).stdout.trim();
  try {
    const shebang = /^#!\s*(\S+)/.exec(readFileSync(where, 'utf8').slice(0, 200))?.[1];
    if (shebang !== undefined && !shebang.endsWith('/env')) return shebang;
  } catch {
    // not a script (e.g. a pipx shim binary): fall back to whatever python3 is on PATH
  }
  return 'python3';
}

function benchDnstwist(): { rows: DnstwistRow[]; startupMs: number; version: string } | null {
  const probe = spawnSync('dnstwist', ['--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
  if (probe.error !== undefined || probe.status !== 0) return null;
  const version = /dnstwist (\S+)/.exec(probe.stdout.toString())?.[1] ?? '?';
  const startups = [0, 1, 2].map(() => wallMs('dnstwist', ['--help'])).sort((a, b) => a - b);
  const py = spawnSync(dnstwistPython(), ['-c', PY_SCRIPT, String(DNSTWIST_RUNS), ...SAMPLE_DOMAINS], {
    maxBuffer: 16 * 1024 * 1024,
  });
  if (py.status !== 0) throw new Error(`python dnstwist: ${py.stderr.toString().slice(0, 300)}`);
  const inProcess = JSON.parse(py.stdout.toString()) as Record<
    string,
    { ms: number; min: number; counts: Record<string, number> }
  >;
  const rows = SAMPLE_DOMAINS.map((domain) => ({
    domain,
    ms: inProcess[domain]?.ms ?? Number.NaN,
    minMs: inProcess[domain]?.min ?? Number.NaN,
    cliMs: wallMs('dnstwist', ['--format', 'list', domain]),
    counts: inProcess[domain]?.counts ?? {},
  }));
  return { rows, startupMs: startups[1] as number, version };
}

const WORDS = (
  'blue green red sun moon star sky sea river lake hill peak north south east west city metro ' +
  'union first royal global pacific harbor bridge crest maple pine oak cedar sakura fuji kumo ' +
  'hikari mirai nippon asahi yamada tanaka chuo kita minami nishi higashi shin daiichi sanwa ' +
  'heiwa kyodo tokai kinki kanto kyushu seibu tobu keio meitetsu hanshin kintetsu mitsuba ' +
  'hoshino tsubasa kaze nami hana mori ishi kawa yama shima sora umi'
).split(' ');
const SUFFIXES = [
  'bank',
  'card',
  'pay',
  'post',
  'net',
  'mobile',
  'shop',
  'express',
  'denki',
  'gas',
  'life',
  '',
];
const SYLLABLES =
  'ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho ma mi mu me mo ya yu yo ra ri ru re ro wa n ga gi gu ge go za ji zu ze zo ba bi bu be bo pa pi pu pe po'.split(
    ' ',
  );
const TLDS = [
  'com',
  'jp',
  'co.jp',
  'net',
  'org',
  'ne.jp',
  'info',
  'top',
  'xyz',
  'shop',
  'io',
  'cn',
  'de',
  'co.uk',
];

/** The 20 real brands plus synthetic ones named like Japanese companies (`kitamoribank.co.jp`). */
function buildBrands(r: () => number): ProtectedBrand[] {
  const brands: ProtectedBrand[] = [...SAMPLE_BRANDS];
  const taken = new Set(brands.map((b) => b.id));
  while (brands.length < BRANDS) {
    const id = `${pick(r, WORDS)}${pick(r, WORDS)}${pick(r, SUFFIXES)}`;
    if (taken.has(id)) continue;
    taken.add(id);
    const tokens = [id];
    if (r() < 0.5) tokens.push(`${id.slice(0, 3)}${pick(r, SUFFIXES) || 'jp'}`);
    brands.push({
      id,
      namesJa: [id],
      namesEn: [id],
      officialDomains: [`${id}.${pick(r, ['co.jp', 'jp', 'com', 'ne.jp'])}`],
      officialSenders: [],
      hostTokens: tokens,
      sector: 'other',
    });
  }
  return brands;
}

function benignName(r: () => number): string {
  const parts: string[] = [];
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    let w = '';
    const syl = 1 + Math.floor(r() * 4);
    for (let j = 0; j < syl; j++) w += pick(r, SYLLABLES);
    parts.push(r() < 0.2 ? `${w}${Math.floor(r() * 100)}` : w);
  }
  const sub = r() < 0.3 ? `${pick(r, ['www', 'mail', 'shop', 'cdn', 'api', 'blog'])}.` : '';
  return `${sub}${parts.join(r() < 0.5 ? '-' : '')}.${pick(r, TLDS)}`;
}

function benchMatcher() {
  const r = rng(20261201);
  const brands = buildBrands(r);
  const t0 = process.hrtime.bigint();
  const matcher = createLookalikeMatcher(brands);
  const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
  // Lookalikes of 200 random brands: every generated class, so the mix is realistic, not easy.
  const pool: string[] = [];
  for (let i = 0; i < 200; i++) {
    for (const v of generateLookalikes(pick(r, brands).officialDomains[0] as string)) pool.push(v.domain);
  }
  const names = new Array<string>(NAMES);
  const isLookalike = new Uint8Array(NAMES);
  for (let i = 0; i < NAMES; i++) {
    if (r() < 0.3) {
      names[i] = pick(r, pool);
      isLookalike[i] = 1;
    } else names[i] = benignName(r);
  }
  for (let i = 0; i < 50_000; i++) matcher.match(names[i] as string); // warm-up
  let flagged = 0;
  let flaggedBenign = 0;
  const t1 = process.hrtime.bigint();
  for (let i = 0; i < NAMES; i++) {
    if (matcher.match(names[i] as string).length > 0) {
      flagged++;
      if (isLookalike[i] === 0) flaggedBenign++;
    }
  }
  const meanUs = Number(process.hrtime.bigint() - t1) / 1e3 / NAMES;
  const each = new Float64Array(NAMES);
  for (let i = 0; i < NAMES; i++) {
    const s = process.hrtime.bigint();
    matcher.match(names[i] as string);
    each[i] = Number(process.hrtime.bigint() - s) / 1e3;
  }
  each.sort();
  const q = (p: number) => each[Math.min(NAMES - 1, Math.floor(p * NAMES))] as number;
  const lookalikes = isLookalike.reduce((a, b) => a + b, 0);
  return {
    buildMs,
    meanUs,
    p50: q(0.5),
    p99: q(0.99),
    p999: q(0.999),
    max: each[NAMES - 1] as number,
    recall: (flagged - flaggedBenign) / lookalikes,
    benignFlagRate: flaggedBenign / (NAMES - lookalikes),
    lookalikes,
  };
}

const countOf = (t: DnstwistRow) => Object.values(t.counts).reduce((a, b) => a + b, 0);

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] as number;
}

function main(): void {
  console.log(`# Lookalike bench — Node ${process.version}, ${new Date().toISOString().slice(0, 10)}\n`);
  const matcherOnly = process.argv.includes('--matcher-only');
  const gen = matcherOnly ? [] : benchGeneration();
  const twist = matcherOnly ? null : benchDnstwist();
  console.log('## (a) generation per brand, and (b) dnstwist on the same domains\n');
  if (twist === null) console.log('dnstwist not installed: comparison skipped.\n');
  else {
    console.log(
      `dnstwist ${twist.version}; CLI start-up (\`dnstwist --help\`, median of 3): ${fmt(twist.startupMs, 0)} ms\n`,
    );
  }
  console.log(
    `ours: median of ${GEN_BATCHES} batch means (≥ ${GEN_BATCH_MS} ms each, round-robin over the domains) after warm-up; ` +
      `dnstwist: median of ${DNSTWIST_RUNS} in-process runs (round-robin).\n`,
  );
  console.log(
    '| domain | ours: variants | ours: µs | dnstwist: variants | dnstwist in-process ms | CLI wall − start-up ms | ratio (in-process) |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  let ours = 0;
  let theirs = 0;
  let theirsCli = 0;
  const ratios: number[] = [];
  const minRatios: number[] = [];
  for (const g of gen) {
    const t = twist?.rows.find((x) => x.domain === g.domain);
    ours += g.ms;
    const tv = t === undefined ? '–' : fmt(countOf(t), 0);
    if (t !== undefined) {
      theirs += t.ms;
      theirsCli += t.cliMs - (twist?.startupMs ?? 0);
      ratios.push(t.ms / g.ms);
      minRatios.push(t.minMs / g.minMs);
    }
    const cli = t === undefined ? '–' : fmt(t.cliMs - (twist?.startupMs ?? 0), 0);
    const ratio = t === undefined ? '–' : `${fmt(t.ms / g.ms, 0)}×`;
    console.log(
      `| ${g.domain} | ${g.variants} | ${fmt(g.ms * 1000, 1)} | ${tv} | ${t === undefined ? '–' : fmt(t.ms, 1)} | ${cli} | ${ratio} |`,
    );
  }
  const n = gen.length;
  console.log(`\nOurs: mean ${fmt((ours / n) * 1000, 1)} µs per domain.`);
  if (twist !== null) {
    const oursNames = gen.reduce((a, g) => a + g.variants, 0);
    const theirsNames = twist.rows.reduce((a, t) => a + countOf(t), 0);
    console.log(
      `dnstwist: mean ${fmt(theirs / n, 1)} ms in-process, ${fmt(theirsCli / n, 0)} ms CLI minus start-up; ` +
        `ratio per domain min ${fmt(Math.min(...ratios), 0)}×, median ${fmt(median(ratios), 0)}×; ` +
        `ratio of means ${fmt(theirs / ours, 0)}× (in-process), ${fmt(theirsCli / ours, 0)}× (CLI minus start-up); ` +
        `per generated name ${fmt(theirs / theirsNames / (ours / oursNames), 0)}×.`,
    );
    console.log(
      `Fastest run against fastest run (both sides): ratio per domain min ${fmt(Math.min(...minRatios), 0)}×, ` +
        `median ${fmt(median(minRatios), 0)}×; ours ${fmt(Math.min(...gen.map((g) => g.minMs)) * 1000, 1)}–` +
        `${fmt(Math.max(...gen.map((g) => g.minMs)) * 1000, 1)} µs per domain.\n`,
    );
    const classes = new Set<string>();
    for (const g of gen) for (const k of g.byClass.keys()) classes.add(k);
    for (const t of twist.rows) for (const k of Object.keys(t.counts)) classes.add(k);
    console.log('| class | ours (20 domains) | dnstwist (20 domains) |');
    console.log('| --- | ---: | ---: |');
    for (const c of [...classes].sort()) {
      const o = gen.reduce((a, g) => a + (g.byClass.get(c) ?? 0), 0);
      const d = twist.rows.reduce((a, t) => a + (t.counts[c] ?? 0), 0);
      console.log(`| ${c} | ${fmt(o, 0)} | ${fmt(d, 0)} |`);
    }
  }
  if (process.argv.includes('--generation-only')) return;
  const m = benchMatcher();
  console.log(
    `\n## (c) matcher: ${fmt(BRANDS, 0)} brands, ${fmt(NAMES, 0)} names (${fmt(m.lookalikes, 0)} lookalikes)\n`,
  );
  console.log(`index build: ${fmt(m.buildMs, 0)} ms`);
  console.log(
    `per name: mean ${fmt(m.meanUs)} µs (bulk loop); timed one by one: p50 ${fmt(m.p50)} µs, ` +
      `p99 ${fmt(m.p99)} µs, p99.9 ${fmt(m.p999)} µs, max ${fmt(m.max, 0)} µs`,
  );
  console.log(
    `lookalikes flagged: ${fmt(m.recall * 100, 1)} %; random benign-looking names flagged: ${fmt(m.benignFlagRate * 100, 2)} %`,
  );
}

main();
