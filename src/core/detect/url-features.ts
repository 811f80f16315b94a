/**
 * Features of a URL for the phishing model. Each feature is a short name, emitted as its hash
 * and tagged with the reason group it would explain. They describe the *shape* of the URL — suffix,
 * how random its labels look, brand tokens out of place, path structure — because phishing hosts
 * are new every day and a list of yesterday's names does not catch today's.
 */
import type { BrandIndex } from './brand-index.js';
import type { LabelLm } from './label-lm.js';
import { labelShape, looksRandom } from './label-shape.js';
import { featureHash, fnvChar, fnvRange } from './linear-model.js';
import type { UrlParts } from './url-parts.js';

export type FeatureGroup = 'tld' | 'label' | 'brand_host' | 'brand_path' | 'hosting' | 'path' | 'ip';

/** Receives each feature as its FNV hash (`featureHash(name)`), computed without building the name when it can. */
export type FeatureSink = (hash: number, group: FeatureGroup) => void;

const TRIGRAM = featureHash('t');
const PATH_WORD = featureHash('pw:');

/**
 * Words phishing kits glue to a brand in a path segment (`jcblogin`, `logorico`, `mufglogin`,
 * `eposinfo`). Short brand tokens only match between separators (so `beauty` is not au), which
 * misses them; stripping one of these affixes first finds the brand without matching inside words.
 */
const PATH_AFFIXES = [
  'login',
  'logon',
  'log',
  'signin',
  'index',
  'info',
  'my',
  'web',
  'app',
  'co',
  'jp',
  'card',
  'top',
];

/**
 * Feature names are hashed as continuations of a precomputed prefix (`fs(H_TLD, tld)` equals
 * `featureHash('tld:' + tld)`), so the per-URL path builds no strings: the SMS gateway calls this
 * for every link nobody has seen.
 */
function fs(h: number, s: string): number {
  return fnvRange(h, s, 0, s.length);
}

/** Continues a hash with the decimal digits of a small non-negative integer (a bucket). */
function fn(h: number, n: number): number {
  return n < 10 ? fnvChar(h, 48 + n) : fnvChar(fnvChar(h, 48 + Math.floor(n / 10)), 48 + (n % 10));
}

function shapePrefixes(p: string) {
  return {
    len: featureHash(`${p}len:`),
    dig: featureHash(`${p}dig:`),
    hy: featureHash(`${p}hy:`),
    vr: featureHash(`${p}vr:`),
    cr: featureHash(`${p}cr:`),
    sw: featureHash(`${p}sw:`),
    lenvr: featureHash(`${p}len`),
  };
}

const SLD_SHAPE = shapePrefixes('s');
const SUB_SHAPE = shapePrefixes('u');
const H = {
  bias: featureHash('bias'),
  http: featureHash('scheme:http'),
  port: featureHash('port'),
  ip: featureHash('host:ip'),
  tld: featureHash('tld:'),
  ps: featureHash('ps:'),
  privateSuffix: featureHash('private-suffix'),
  psx: featureHash('psx:'),
  idn: featureHash('idn'),
  rand: featureHash('rand|tld:'),
  sub: featureHash('sub:'),
  www: featureHash('sub0:www'),
  subNum: featureHash('sub0:num'),
  subRand: featureHash('sub0:rand|tld:'),
  brandReg: featureHash('brand:reg'),
  brandSub: featureHash('brand:sub'),
  brandTld: featureHash('brand|tld:'),
  pd: featureHash('pd:'),
  q: featureHash('q'),
  qn: featureHash('qn:'),
  qt: featureHash('qt:'),
  brandPath: featureHash('brand:path'),
  ext: featureHash('ext:'),
  p0len: featureHash('p0len:'),
  p0: featureHash('p0:'),
  affix: featureHash('brand:path-affix'),
};

const MIXED_CASE = 77; // 'M'
const HAS_DIGITS = 68; // 'D'

function bucket(n: number, edges: readonly number[]): number {
  let i = 0;
  while (i < edges.length && n > (edges[i] as number)) i++;
  return i;
}

const LEN_EDGES = [2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 30];
const DIG_EDGES = [0, 1, 3, 6];
const HY_EDGES = [0, 1, 2];
const VR_EDGES = [0, 1, 2, 3, 4, 5];
const CR_EDGES = [1, 2, 3, 4, 5, 7];
const SW_EDGES = [0, 1, 2, 4];
const VR4_EDGES = [1, 2, 3, 4];
const SLEN5_EDGES = [4, 6, 8, 11, 15];
const SLEN5B_EDGES = [4, 5, 6, 8, 11];
const SUB_EDGES = [0, 1, 2, 3];
const PD_EDGES = [0, 1, 2, 3, 5];
const QN_EDGES = [1, 2, 4];
const P0_EDGES = [3, 5, 7, 9, 12, 20];
const HOSTLEN_EDGES = [8, 10, 12, 16, 24];

function shapeFeatures(
  prefix: ReturnType<typeof shapePrefixes>,
  s: string,
  from: number,
  to: number,
  emit: FeatureSink,
  group: FeatureGroup,
) {
  const sh = labelShape(s, from, to);
  const len = bucket(sh.length, LEN_EDGES);
  const letters = sh.letters === 0 ? 1 : sh.letters;
  const vr = (sh.vowels * 10) / letters;
  emit(fn(prefix.len, len), group);
  emit(fn(prefix.dig, bucket(sh.digits, DIG_EDGES)), group);
  emit(fn(prefix.hy, bucket(sh.hyphens, HY_EDGES)), group);
  emit(fn(prefix.vr, bucket(vr, VR_EDGES)), group);
  emit(fn(prefix.cr, bucket(sh.maxConsonantRun, CR_EDGES)), group);
  emit(fn(prefix.sw, bucket(sh.classSwitches, SW_EDGES)), group);
  emit(fn(fs(fn(prefix.lenvr, len), 'vr'), bucket(vr, VR4_EDGES)), group);
  return sh;
}

/** Character trigrams of `^label$`, hashed as `t` + trigram without building strings. */
function trigrams(s: string, from: number, to: number, emit: FeatureSink, group: FeatureGroup) {
  if (to - from > 40) to = from + 40;
  const n = to - from + 2;
  const at = (k: number) => (k === 0 ? 94 : k === n - 1 ? 36 : s.charCodeAt(from + k - 1));
  for (let i = 0; i + 3 <= n; i++)
    emit(fnvChar(fnvChar(fnvChar(TRIGRAM, at(i)), at(i + 1)), at(i + 2)), group);
}

/** A brand token glued to a kit word inside one path word (see PATH_AFFIXES). */
function brandWithAffix(brands: BrandIndex, w: string): boolean {
  for (const a of PATH_AFFIXES) {
    if (w.length < a.length + 2) continue;
    if (w.startsWith(a) && brands.tokensIn(w.slice(a.length)).length > 0) return true;
    if (w.endsWith(a) && brands.tokensIn(w.slice(0, w.length - a.length)).length > 0) return true;
  }
  return false;
}

const PATH_EXT_RE = /\.([a-z0-9]{1,5})$/;

const LM_EDGES = [3.25, 3.5, 3.75, 4, 4.25, 4.5, 5, 5.5, 6, 7];
const LM_SLEN_EDGES = [4, 6, 8, 11, 15];

/**
 * Hashes of the label-model features per bucket (`lm:3`, `lm:3|tld:` + the TLD, `lm:3|slen:2`,
 * `ulm:3`): computed once, so the per-URL path builds no strings for them.
 */
const LM_HASHES = LM_EDGES.concat(0).map((_, b) => ({
  alone: featureHash(`lm:${b}`),
  tldPrefix: featureHash(`lm:${b}|tld:`),
  slen: LM_SLEN_EDGES.concat(0).map((_, l) => featureHash(`lm:${b}|slen:${l}`)),
  sub: featureHash(`ulm:${b}`),
}));

/**
 * Emits the features of `parts`. Brand tokens come from the snapshot's brands; `lm` (shipped with
 * the model) scores how word-like the labels read, and models trained without one get none.
 */
export function urlFeatures(
  parts: UrlParts,
  brands: BrandIndex,
  emit: FeatureSink,
  lm: LabelLm | null = null,
): void {
  emit(H.bias, 'label');
  if (parts.scheme === 'http') emit(H.http, 'path');
  if (parts.port !== '') emit(H.port, 'path');
  if (parts.hostIsIp) {
    emit(H.ip, 'ip');
    pathFeatures(parts, brands, emit, '');
    return;
  }
  const host = parts.host;
  const suffix = parts.publicSuffix ?? host.slice(host.lastIndexOf('.') + 1);
  const tld = suffix.slice(suffix.lastIndexOf('.') + 1);
  const hTld = fs(H.tld, tld);
  emit(hTld, 'tld');
  if (suffix !== tld) emit(fs(H.ps, suffix), 'tld');
  if (parts.privateSuffix !== null) {
    emit(H.privateSuffix, 'hosting');
    emit(fs(H.psx, parts.privateSuffix), 'hosting');
  }
  if (host.includes('xn--')) emit(H.idn, 'label');
  const reg = parts.registrableDomain ?? host;
  const regStart = host.length - reg.length;
  const sldEnd = reg.length > suffix.length ? host.length - suffix.length - 1 : host.length;
  const sld = shapeFeatures(SLD_SHAPE, host, regStart, sldEnd, emit, 'label');
  trigrams(host, regStart, sldEnd, emit, 'label');
  const letters = sld.letters === 0 ? 1 : sld.letters;
  const vowelBucket = bucket((sld.vowels * 10) / letters, VR4_EDGES);
  const tldSlen = fs(hTld, '|slen:');
  emit(fn(tldSlen, bucket(sld.length, SLEN5_EDGES)), 'tld');
  emit(
    fn(
      fs(fn(fs(fn(tldSlen, bucket(sld.length, SLEN5B_EDGES)), '|vr:'), vowelBucket), '|d:'),
      sld.digits > 0 ? 1 : 0,
    ),
    'tld',
  );
  if (looksRandom(sld)) emit(fs(H.rand, tld), 'label');
  if (lm !== null) {
    const h = LM_HASHES[bucket(lm.bitsPerChar(host, regStart, sldEnd), LM_EDGES)] as (typeof LM_HASHES)[0];
    emit(h.alone, 'label');
    emit(fnvRange(h.tldPrefix, tld, 0, tld.length), 'label');
    emit(h.slen[bucket(sld.length, LM_SLEN_EDGES)] as number, 'label');
  }
  // Subdomain labels (everything left of the registrable domain).
  const labels = regStart > 0 ? host.slice(0, regStart - 1).split('.') : [];
  const hSub = fn(H.sub, bucket(labels.length, SUB_EDGES));
  emit(hSub, 'label');
  if (labels.length > 0) {
    const first = labels[0] as string;
    if (first === 'www') emit(H.www, 'label');
    else {
      const sh = shapeFeatures(SUB_SHAPE, first, 0, first.length, emit, 'label');
      if (sh.digits === sh.length) emit(H.subNum, 'label');
      if (looksRandom(sh)) emit(fs(H.subRand, tld), 'label');
      if (lm !== null)
        emit((LM_HASHES[bucket(lm.bitsPerChar(first), LM_EDGES)] as (typeof LM_HASHES)[0]).sub, 'label');
    }
    emit(fs(fs(hSub, '|tld:'), tld), 'tld');
  }
  const hostBrands = brands.tokensIn(host);
  let inSub = false;
  let inReg = false;
  for (const hit of hostBrands) {
    if (hit.start < regStart) inSub = true;
    else inReg = true;
  }
  if (inReg) emit(H.brandReg, 'brand_host');
  if (inSub) emit(H.brandSub, 'brand_host');
  if (inSub || inReg) emit(fs(H.brandTld, tld), 'brand_host');
  pathFeatures(parts, brands, emit, tld);
}

/**
 * A query that is one bare token (`?xw82Of`, `?iuncmqwy`): kits use it as a victim or campaign
 * id, while sites mostly send key=value pairs (bare `?amp` or `?1700000000` exist too).
 */
function queryTokenFeatures(q: string, emit: FeatureSink): void {
  const sh = labelShape(q);
  const cls =
    sh.letters === sh.length
      ? sh.upper === 0
        ? 'l'
        : sh.upper === sh.letters
          ? 'U'
          : 'M'
      : sh.digits === sh.length
        ? 'd'
        : sh.letters + sh.digits === sh.length
          ? 'a'
          : 'o';
  emit(fn(fs(H.qt, cls), bucket(sh.length, P0_EDGES)), 'path');
}

function pathFeatures(parts: UrlParts, brands: BrandIndex, emit: FeatureSink, tld: string): void {
  const path = parts.path.length > 300 ? parts.path.slice(0, 300) : parts.path;
  const segments = path.split('/').filter((s) => s.length > 0);
  const depth = bucket(segments.length, PD_EDGES);
  const hDepth = fn(H.pd, depth);
  emit(hDepth, 'path');
  emit(fs(fs(hDepth, '|tld:'), tld), 'path');
  if (parts.query !== '') {
    emit(H.q, 'path');
    emit(fn(H.qn, bucket(parts.query.split('&').length, QN_EDGES)), 'path');
    if (!parts.query.includes('=')) queryTokenFeatures(parts.query, emit);
  }
  const lower = path.toLowerCase();
  if (brands.tokensIn(lower).length > 0) emit(H.brandPath, 'brand_path');
  const ext = PATH_EXT_RE.exec(lower);
  if (ext !== null) emit(fs(H.ext, ext[1] as string), 'path');
  const first = segments[0];
  if (first !== undefined) {
    const sh = labelShape(first);
    const len = bucket(sh.length, P0_EDGES);
    const mixedCase = sh.upper > 0 && sh.upper < sh.letters;
    let p0len = fn(H.p0len, len);
    if (mixedCase) p0len = fnvChar(p0len, MIXED_CASE);
    emit(sh.digits > 0 ? fnvChar(p0len, HAS_DIGITS) : p0len, 'path');
    emit(fs(fs(p0len, '|tld:'), tld), 'path');
    let p0 = fn(H.p0, len);
    if (mixedCase) p0 = fnvChar(p0, MIXED_CASE);
    if (sh.digits > 0) p0 = fnvChar(p0, HAS_DIGITS);
    p0 = fs(fs(fn(fs(p0, '|pd:'), depth), '|tld:'), tld);
    emit(fn(fs(p0, '|slen:'), bucket(parts.host.length, HOSTLEN_EDGES)), 'path');
  }
  let words = 0;
  let affixed = false;
  for (const seg of segments) {
    for (const w of seg.toLowerCase().split(/[^a-z]+/)) {
      if (w.length < 3 || w.length > 20) continue;
      emit(fnvRange(PATH_WORD, w, 0, w.length), 'path');
      if (!affixed && w.length >= 5 && brandWithAffix(brands, w)) {
        affixed = true;
        emit(H.affix, 'brand_path');
      }
      if (++words >= 8) return;
    }
  }
}
