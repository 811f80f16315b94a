/**
 * Blocklist benchmark: 10M synthetic URL/domain entries streamed into the builder, memory after
 * build and gc, snapshot size and load time, per-lookup latency of `get` and `lookupUrl` for hits
 * and misses, and a `Set<string>` of 1M of the same values as a baseline in the same process.
 *
 *   npm run bench:blocklist [-- --entries 10000000]
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BlocklistBuilder,
  type BlocklistKind,
  BlocklistTable,
  type LookupParts,
  lookupUrl,
} from '../src/core/detect/blocklist/index.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const ENTRIES = arg('entries', 10_000_000);
const BASELINE = Math.min(ENTRIES, arg('baseline', 1_000_000));
const SAMPLES = 100_000;
const BATCH = 100;

const TLDS = [
  'com',
  'net',
  'org',
  'jp',
  'co.jp',
  'ne.jp',
  'com.br',
  'info',
  'xyz',
  'top',
  'shop',
  'online',
  'site',
];
const WORDS = [
  'login',
  'secure',
  'account',
  'verify',
  'update',
  'pay',
  'bank',
  'post',
  'support',
  'mail',
  'cloud',
];
const SUBS = ['www', 'm', 'auth', 'id', 'app', 'cdn'];
const SEGS = [
  'signin',
  'wp-content',
  'plugins',
  'index.php',
  'auth',
  'jp',
  'kit',
  'track',
  'redelivery',
  'a',
];
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** mulberry32, seeded per entry so entry i can be regenerated for hit lookups without storing it. */
function rng(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
function word(r: () => number, min: number, max: number): string {
  let s = '';
  const n = min + Math.floor(r() * (max - min + 1));
  for (let i = 0; i < n; i++) s += ALNUM[Math.floor(r() * 36)];
  return s;
}

interface Generated {
  kind: BlocklistKind;
  value: string;
  /** A URL that the entry should match, split the way the URL checker passes it. */
  probe: LookupParts;
}

/**
 * Lookup inputs are flattened: in the gateway they come out of the URL parser as flat strings,
 * while the template literals here build rope (cons) strings, which V8 reads more slowly per char.
 */
const flat = (s: string): string => Buffer.from(s, 'utf8').toString('utf8');

function partsOf(url: string, host: string, registrableDomain: string): LookupParts {
  const pathStart = url.indexOf('/', url.indexOf('://') + 3);
  const q = url.indexOf('?');
  return {
    url: flat(url),
    host: flat(host),
    registrableDomain: flat(registrableDomain),
    path: flat(url.slice(pathStart, q < 0 ? url.length : q)),
  };
}

/** Entry i: 50 % URLs, 10 % URL prefixes, 30 % domains, 10 % hosts; distinct by the i suffix. */
function entryAt(i: number): Generated {
  const r = rng(Math.imul(i, 0x9e3779b1) ^ 0x5bd1e995);
  const reg = `${pick(r, WORDS)}${word(r, 3, 8)}-${i.toString(36)}.${pick(r, TLDS)}`;
  const slot = i % 10;
  if (slot < 5) {
    const host = r() < 0.4 ? `${pick(r, SUBS)}.${reg}` : reg;
    let path = '';
    const depth = 1 + Math.floor(r() * 3);
    for (let d = 0; d < depth; d++) path += `/${r() < 0.5 ? pick(r, SEGS) : word(r, 4, 10)}`;
    const url = `https://${host}${path}${r() < 0.3 ? `?id=${word(r, 6, 12)}` : ''}`;
    return { kind: 'url', value: url, probe: partsOf(url, host, reg) };
  }
  if (slot === 5) {
    const value = `${reg}/${pick(r, SEGS)}/${word(r, 4, 8)}`;
    return { kind: 'url_prefix', value, probe: partsOf(`https://${value}/x/login.php?u=1`, reg, reg) };
  }
  if (slot < 9) {
    const host = `${pick(r, SUBS)}.${reg}`;
    return { kind: 'domain', value: reg, probe: partsOf(`https://${host}/${pick(r, SEGS)}`, host, reg) };
  }
  const host = `${pick(r, SUBS)}.${reg}`;
  return { kind: 'host', value: host, probe: partsOf(`https://${host}/`, host, reg) };
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
/** gc, then a pause so V8's concurrent array-buffer sweeping has freed the released buffers. */
const settle = async (): Promise<void> => {
  gc();
  await new Promise((r) => setTimeout(r, 300));
  gc();
};
const mib = (b: number): number => Math.round((b / 1048576) * 10) / 10;
const mem = () => {
  const m = process.memoryUsage();
  return { rssMiB: mib(m.rss), heapUsedMiB: mib(m.heapUsed), arrayBuffersMiB: mib(m.arrayBuffers) };
};
const now = (): bigint => process.hrtime.bigint();
const ms = (t0: bigint): number => Number(now() - t0) / 1e6;
const pct = (sorted: Float64Array, p: number): number =>
  Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! * 1000) / 1000;

let sink = 0;

/** Per-lookup µs from batches of 100 (p50/p99 over batches), throughput, and single-call timings. */
function measure<T>(inputs: readonly T[], fn: (x: T) => boolean, expectHits: boolean) {
  for (const x of inputs)
    if (fn(x) !== expectHits) throw new Error(`unexpected ${expectHits ? 'miss' : 'hit'}`);
  const batches = new Float64Array(Math.floor(inputs.length / BATCH));
  const t0 = now();
  for (let b = 0; b < batches.length; b++) {
    const s = now();
    for (let i = b * BATCH, e = i + BATCH; i < e; i++) if (fn(inputs[i]!)) sink++;
    batches[b] = Number(now() - s) / 1000 / BATCH;
  }
  const total = Number(now() - t0) / 1e9;
  const singles = new Float64Array(10_000);
  let overhead = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 1000; i++) {
    const s = now();
    overhead = Math.min(overhead, Number(now() - s));
  }
  for (let i = 0; i < singles.length; i++) {
    const x = inputs[(i * 7919) % inputs.length]!;
    const s = now();
    if (fn(x)) sink++;
    singles[i] = Number(now() - s) / 1000;
  }
  batches.sort();
  singles.sort();
  return {
    lookupsPerSec: Math.round((batches.length * BATCH) / total),
    batchP50us: pct(batches, 50),
    batchP99us: pct(batches, 99),
    singleP50us: pct(singles, 50),
    singleP99us: pct(singles, 99),
    timerOverheadUs: overhead / 1000,
  };
}

function sampleIndices(n: number, seed: number, offset: number, range: number): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, () => offset + Math.floor(r() * range));
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = { entries: ENTRIES, node: process.version };
  await settle();
  const before = mem();
  results.memoryAtStart = before;

  const t0 = now();
  const builder = new BlocklistBuilder();
  for (let i = 0; i < ENTRIES; i++) {
    const e = entryAt(i);
    builder.add(e.kind, e.value, { source: `feed-${i % 7}`, severity: i % 13 === 0 ? 'warn' : 'block' });
  }
  const addMs = ms(t0);
  const afterAdd = mem();
  const t1 = now();
  let table = builder.build();
  const buildMs = ms(t1);
  results.build = {
    totalSec: Math.round((addMs + buildMs) / 10) / 100,
    addSec: Math.round(addMs / 10) / 100,
    buildSec: Math.round(buildMs / 10) / 100,
    entriesPerSec: Math.round(ENTRIES / ((addMs + buildMs) / 1000)),
    memoryAfterAdds: afterAdd,
  };
  results.memoryAfterBuild = mem();
  await settle();
  const afterGc = mem();
  results.memoryAfterGc = afterGc;
  results.table = {
    size: table.size,
    capacity: table.capacity,
    load: Math.round((table.size / table.capacity) * 1000) / 1000,
    tableMiB: mib(table.byteLength),
    bytesPerEntry: Math.round((table.byteLength / table.size) * 10) / 10,
    rssDeltaMiB: Math.round((afterGc.rssMiB - before.rssMiB) * 10) / 10,
  };
  console.log(JSON.stringify(results, null, 2));

  // Snapshot: encode, write, read back and load (zero-copy), plus an in-memory copying load.
  let t = now();
  let snap: Uint8Array | null = table.toBuffer();
  const encodeMs = ms(t);
  const file = join(tmpdir(), `koban-blocklist-${process.pid}.bin`);
  writeFileSync(file, snap);
  t = now();
  const copied = BlocklistTable.fromBuffer(snap, { zeroCopy: false });
  const copyLoadMs = ms(t);
  const snapBytes = snap.length;
  snap = null;
  table = copied;
  await settle();
  t = now();
  const fileBuf = readFileSync(file);
  const readMs = ms(t);
  t = now();
  const loaded = BlocklistTable.fromBuffer(fileBuf, { zeroCopy: true });
  const loadMs = ms(t);
  rmSync(file);
  if (loaded.size !== table.size) throw new Error('snapshot size mismatch');
  table = loaded;
  await settle();
  results.snapshot = {
    MiB: mib(snapBytes),
    encodeMs: Math.round(encodeMs),
    readFileMs: Math.round(readMs),
    fromBufferZeroCopyMs: Math.round(loadMs),
    fromBufferCopyMs: Math.round(copyLoadMs),
    memoryAfterLoad: mem(),
  };

  // Inputs are generated up front so timing covers lookups only.
  const hits = sampleIndices(SAMPLES, 1, 0, ENTRIES).map(entryAt);
  const misses = sampleIndices(SAMPLES, 2, ENTRIES, ENTRIES).map(entryAt);
  const tbl = table;
  for (const e of [...hits, ...misses]) e.value = flat(e.value);
  results.get = {
    hit: measure(hits, (e) => tbl.get(e.kind, e.value) !== undefined, true),
    miss: measure(misses, (e) => tbl.get(e.kind, e.value) !== undefined, false),
  };
  const urlHits = hits.map((e) => e.probe);
  const urlMisses = misses.map((e) => e.probe);
  results.lookupUrl = {
    hit: measure(urlHits, (p) => lookupUrl(tbl, p) !== undefined, true),
    miss: measure(urlMisses, (p) => lookupUrl(tbl, p) !== undefined, false),
  };
  await settle();
  results.memoryAfterLookups = mem();

  // Baseline: a Set<string> of the first BASELINE entries' values (kind-prefixed, as a table key).
  await settle();
  const setBefore = process.memoryUsage();
  t = now();
  const set = new Set<string>();
  for (let i = 0; i < BASELINE; i++) {
    const e = entryAt(i);
    set.add(`${e.kind}:${e.value}`);
  }
  const setBuildMs = ms(t);
  await settle();
  const setAfter = process.memoryUsage();
  const setHits = sampleIndices(SAMPLES, 3, 0, BASELINE).map((i) => {
    const e = entryAt(i);
    return flat(`${e.kind}:${e.value}`);
  });
  const setMisses = misses.map((e) => flat(`${e.kind}:${e.value}`));
  const setRss = setAfter.rss - setBefore.rss;
  const setHeap = setAfter.heapUsed - setBefore.heapUsed;
  results.setBaseline = {
    entries: BASELINE,
    buildSec: Math.round(setBuildMs / 10) / 100,
    rssDeltaMiB: mib(setRss),
    heapDeltaMiB: mib(setHeap),
    bytesPerEntryRss: Math.round(setRss / BASELINE),
    bytesPerEntryHeap: Math.round(setHeap / BASELINE),
    hit: measure(setHits, (s) => set.has(s), true),
    miss: measure(setMisses, (s) => set.has(s), false),
  };
  if (set.size !== BASELINE) throw new Error('baseline entries not distinct');
  const tableBytes = (table.byteLength / table.size) * ENTRIES;
  results.ratios = {
    setBytesPerEntryOverTable: Math.round((setRss / BASELINE / (tableBytes / ENTRIES)) * 10) / 10,
    setRssExtrapolatedTo10MGiB: Math.round((((setRss / BASELINE) * 1e7) / 1073741824) * 100) / 100,
  };
  results.sink = sink;
  console.log(JSON.stringify(results, null, 2));
}

await main();
