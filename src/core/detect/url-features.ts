/**
 * Features of a URL for the phishing model. Each feature is a short name, emitted as its hash
 * and tagged with the reason group it would explain. They describe the *shape* of the URL — suffix,
 * how random its labels look, brand tokens out of place, path structure — because phishing hosts
 * are new every day and a list of yesterday's names does not catch today's.
 */
import type { BrandIndex } from './brand-index.js';
import type { LabelLm } from './label-lm.js';
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

function named(emit: FeatureSink, name: string, group: FeatureGroup): void {
  emit(featureHash(name), group);
}

const VOWELS = new Set([97, 101, 105, 111, 117, 121]);

function bucket(n: number, edges: readonly number[]): number {
  let i = 0;
  while (i < edges.length && n > (edges[i] as number)) i++;
  return i;
}

/** Shape statistics of one DNS label or path segment. */
export interface LabelShape {
  length: number;
  digits: number;
  hyphens: number;
  vowels: number;
  letters: number;
  upper: number;
  maxConsonantRun: number;
  /** Switches between letters and digits (`a1b2` has 3). */
  classSwitches: number;
}

export function labelShape(s: string, from = 0, to = s.length): LabelShape {
  let digits = 0;
  let hyphens = 0;
  let vowels = 0;
  let letters = 0;
  let upper = 0;
  let run = 0;
  let maxRun = 0;
  let switches = 0;
  let prevClass = 0;
  for (let i = from; i < to; i++) {
    let c = s.charCodeAt(i);
    let cls = 0;
    if (c >= 65 && c <= 90) {
      upper++;
      c += 32;
    }
    if (c >= 97 && c <= 122) {
      letters++;
      cls = 1;
      if (VOWELS.has(c)) {
        vowels++;
        run = 0;
      } else if (++run > maxRun) maxRun = run;
    } else {
      run = 0;
      if (c >= 48 && c <= 57) {
        digits++;
        cls = 2;
      } else if (c === 45) hyphens++;
    }
    if (cls !== 0) {
      if (prevClass !== 0 && cls !== prevClass) switches++;
      prevClass = cls;
    }
  }
  return {
    length: to - from,
    digits,
    hyphens,
    vowels,
    letters,
    upper,
    maxConsonantRun: maxRun,
    classSwitches: switches,
  };
}

/**
 * A label that reads like no word: long consonant runs, few vowels, letters and digits mixed.
 * Tuned on JPCERT/CC phishing hosts against popular domains; used for reasons, the model decides.
 */
export function looksRandom(shape: LabelShape): boolean {
  if (shape.length < 5) return false;
  const vowelRatio = shape.letters === 0 ? 0 : shape.vowels / shape.letters;
  if (shape.digits > 0 && shape.letters > 0 && shape.classSwitches >= 3) return true;
  if (shape.maxConsonantRun >= 5) return true;
  return shape.letters >= 5 && vowelRatio < 0.2;
}

function shapeFeatures(
  prefix: string,
  s: string,
  from: number,
  to: number,
  emit: FeatureSink,
  group: FeatureGroup,
) {
  const sh = labelShape(s, from, to);
  const len = bucket(sh.length, [2, 3, 4, 5, 6, 7, 8, 10, 12, 15, 20, 30]);
  const letters = sh.letters === 0 ? 1 : sh.letters;
  named(emit, `${prefix}len:${len}`, group);
  named(emit, `${prefix}dig:${bucket(sh.digits, [0, 1, 3, 6])}`, group);
  named(emit, `${prefix}hy:${bucket(sh.hyphens, [0, 1, 2])}`, group);
  named(emit, `${prefix}vr:${bucket((sh.vowels * 10) / letters, [0, 1, 2, 3, 4, 5])}`, group);
  named(emit, `${prefix}cr:${bucket(sh.maxConsonantRun, [1, 2, 3, 4, 5, 7])}`, group);
  named(emit, `${prefix}sw:${bucket(sh.classSwitches, [0, 1, 2, 4])}`, group);
  named(emit, `${prefix}len${len}vr${bucket((sh.vowels * 10) / letters, [1, 2, 3, 4])}`, group);
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
  named(emit, 'bias', 'label');
  if (parts.scheme === 'http') named(emit, 'scheme:http', 'path');
  if (parts.port !== '') named(emit, 'port', 'path');
  if (parts.hostIsIp) {
    named(emit, 'host:ip', 'ip');
    pathFeatures(parts, brands, emit, '');
    return;
  }
  const host = parts.host;
  const suffix = parts.publicSuffix ?? host.slice(host.lastIndexOf('.') + 1);
  const tld = suffix.slice(suffix.lastIndexOf('.') + 1);
  named(emit, `tld:${tld}`, 'tld');
  if (suffix !== tld) named(emit, `ps:${suffix}`, 'tld');
  if (parts.privateSuffix !== null) {
    named(emit, 'private-suffix', 'hosting');
    named(emit, `psx:${parts.privateSuffix}`, 'hosting');
  }
  if (host.includes('xn--')) named(emit, 'idn', 'label');
  const reg = parts.registrableDomain ?? host;
  const regStart = host.length - reg.length;
  const sldEnd = reg.length > suffix.length ? host.length - suffix.length - 1 : host.length;
  const sld = shapeFeatures('s', host, regStart, sldEnd, emit, 'label');
  trigrams(host, regStart, sldEnd, emit, 'label');
  const letters = sld.letters === 0 ? 1 : sld.letters;
  const vowelBucket = bucket((sld.vowels * 10) / letters, [1, 2, 3, 4]);
  named(emit, `tld:${tld}|slen:${bucket(sld.length, [4, 6, 8, 11, 15])}`, 'tld');
  named(
    emit,
    `tld:${tld}|slen:${bucket(sld.length, [4, 5, 6, 8, 11])}|vr:${vowelBucket}|d:${sld.digits > 0 ? 1 : 0}`,
    'tld',
  );
  if (looksRandom(sld)) named(emit, `rand|tld:${tld}`, 'label');
  if (lm !== null) {
    const h = LM_HASHES[bucket(lm.bitsPerChar(host, regStart, sldEnd), LM_EDGES)] as (typeof LM_HASHES)[0];
    emit(h.alone, 'label');
    emit(fnvRange(h.tldPrefix, tld, 0, tld.length), 'label');
    emit(h.slen[bucket(sld.length, LM_SLEN_EDGES)] as number, 'label');
  }
  // Subdomain labels (everything left of the registrable domain).
  const labels = regStart > 0 ? host.slice(0, regStart - 1).split('.') : [];
  named(emit, `sub:${bucket(labels.length, [0, 1, 2, 3])}`, 'label');
  if (labels.length > 0) {
    const first = labels[0] as string;
    if (first === 'www') named(emit, 'sub0:www', 'label');
    else {
      const sh = shapeFeatures('u', first, 0, first.length, emit, 'label');
      if (sh.digits === sh.length) named(emit, 'sub0:num', 'label');
      if (looksRandom(sh)) named(emit, `sub0:rand|tld:${tld}`, 'label');
      if (lm !== null)
        emit((LM_HASHES[bucket(lm.bitsPerChar(first), LM_EDGES)] as (typeof LM_HASHES)[0]).sub, 'label');
    }
    named(emit, `sub:${bucket(labels.length, [0, 1, 2, 3])}|tld:${tld}`, 'tld');
  }
  const hostBrands = brands.tokensIn(host);
  let inSub = false;
  let inReg = false;
  for (const hit of hostBrands) {
    if (hit.start < regStart) inSub = true;
    else inReg = true;
  }
  if (inReg) named(emit, 'brand:reg', 'brand_host');
  if (inSub) named(emit, 'brand:sub', 'brand_host');
  if (inSub || inReg) named(emit, `brand|tld:${tld}`, 'brand_host');
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
  named(emit, `qt:${cls}${bucket(sh.length, [3, 5, 7, 9, 12, 20])}`, 'path');
}

function pathFeatures(parts: UrlParts, brands: BrandIndex, emit: FeatureSink, tld: string): void {
  const path = parts.path.length > 300 ? parts.path.slice(0, 300) : parts.path;
  const segments = path.split('/').filter((s) => s.length > 0);
  const depth = bucket(segments.length, [0, 1, 2, 3, 5]);
  named(emit, `pd:${depth}`, 'path');
  named(emit, `pd:${depth}|tld:${tld}`, 'path');
  if (parts.query !== '') {
    named(emit, 'q', 'path');
    named(emit, `qn:${bucket(parts.query.split('&').length, [1, 2, 4])}`, 'path');
    if (!parts.query.includes('=')) queryTokenFeatures(parts.query, emit);
  }
  const lower = path.toLowerCase();
  if (brands.tokensIn(lower).length > 0) named(emit, 'brand:path', 'brand_path');
  const ext = PATH_EXT_RE.exec(lower);
  if (ext !== null) named(emit, `ext:${ext[1]}`, 'path');
  const first = segments[0];
  if (first !== undefined) {
    const sh = labelShape(first);
    const len = bucket(sh.length, [3, 5, 7, 9, 12, 20]);
    const mixedCase = sh.upper > 0 && sh.upper < sh.letters;
    named(emit, `p0len:${len}${mixedCase ? 'M' : ''}${sh.digits > 0 ? 'D' : ''}`, 'path');
    named(emit, `p0len:${len}${mixedCase ? 'M' : ''}|tld:${tld}`, 'path');
    named(
      emit,
      `p0:${len}${mixedCase ? 'M' : ''}${sh.digits > 0 ? 'D' : ''}|pd:${depth}|tld:${tld}|slen:${bucket(parts.host.length, [8, 10, 12, 16, 24])}`,
      'path',
    );
  }
  let words = 0;
  let affixed = false;
  for (const seg of segments) {
    for (const w of seg.toLowerCase().split(/[^a-z]+/)) {
      if (w.length < 3 || w.length > 20) continue;
      emit(fnvRange(PATH_WORD, w, 0, w.length), 'path');
      if (!affixed && w.length >= 5 && brandWithAffix(brands, w)) {
        affixed = true;
        named(emit, 'brand:path-affix', 'brand_path');
      }
      if (++words >= 8) return;
    }
  }
}
