/**
 * Lookalike-domain generation: the permutations a phisher would register to imitate an official
 * domain (dnstwist's fuzzer classes) plus the patterns Japanese campaigns actually use
 * (`brand-jp.top`, `brand.co.jp-xyz.com`, `brand-co-jp.com`, `www-brand-co-jp.com`). Pure; the
 * registrable label is found with the Public Suffix List, so `smbc.co.jp` fuzzes `smbc`, never `co`.
 */
import { domainToASCII, domainToUnicode } from 'node:url';
import { parse } from 'tldts';
import { Collector, isAscii, isValidHost, type Tail, tailOf } from './collector.js';
import { punycodeLabel, punycodeSwap } from './punycode.js';
import { ASCII_LOOKALIKES, GLYPHS } from './skeleton.js';
import {
  DEFAULT_DICTIONARY,
  DEFAULT_TLDS,
  EMBED_WORDS,
  JP_PATTERN_TLDS,
  KEYBOARD_NEIGHBOURS,
} from './tables.js';

export type Fuzzer =
  | 'addition'
  | 'bitsquatting'
  | 'cyrillic'
  | 'homoglyph'
  | 'hyphenation'
  | 'insertion'
  | 'omission'
  | 'plural'
  | 'repetition'
  | 'replacement'
  | 'subdomain'
  | 'transposition'
  | 'vowel-swap'
  | 'dictionary'
  | 'tld-swap'
  | 'jp-affix'
  | 'suffix-flatten'
  | 'www-prefix'
  | 'embedded'
  | 'official-subdomain';

export interface Lookalike {
  fuzzer: Fuzzer;
  /** Lowercase ASCII hostname (IDN labels in punycode). */
  domain: string;
}

export interface GenerateOptions {
  /** Words for the dictionary fuzzer; defaults to lures seen in Japanese phishing. `[]` disables it. */
  dictionary?: readonly string[];
  /** Public suffixes for the TLD-swap fuzzer (`com`, `co.jp`, …). */
  tlds?: readonly string[];
}

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const VOWELS = 'aeiou';
const PSL_OPTIONS = { allowPrivateDomains: false, extractHostname: false, validateHostname: false } as const;
const JP_TAILS: readonly Tail[] = JP_PATTERN_TLDS.map(tailOf);
const DEFAULT_TLD_TAILS: readonly Tail[] = DEFAULT_TLDS.map((tld) => tailOf(normalTld(tld)));

/** A caller's TLD as a suffix: `.Shop` → `shop`. */
function normalTld(tld: string): string {
  return tld.toLowerCase().replace(/^\./, '');
}

interface Target {
  /** Labels left of the registrable domain, with their trailing dot (`post.`), or ''. */
  sub: string;
  /** The registrable label in Unicode form (`smbc`). */
  label: string;
  /** ICANN public suffix (`co.jp`). */
  suffix: string;
  /** The whole input, lowercase ASCII. */
  ascii: string;
}

function parseTarget(domain: string): Target {
  const ascii = domainToASCII(domain.trim().replace(/\.$/, ''));
  const r = ascii === '' ? null : parse(ascii, PSL_OPTIONS);
  if (r === null || !r.isIcann || r.domain === null || r.publicSuffix === null || !isValidHost(ascii)) {
    throw new RangeError(`not a registrable domain name: ${domain}`);
  }
  const asciiLabel = r.domain.slice(0, r.domain.length - r.publicSuffix.length - 1);
  const label = asciiLabel.startsWith('xn--') ? domainToUnicode(asciiLabel) || asciiLabel : asciiLabel;
  const sub = r.subdomain ? `${r.subdomain}.` : '';
  return { sub, label, suffix: r.publicSuffix, ascii };
}

type Emit = (fuzzer: Fuzzer, label: string) => void;

/**
 * IDNA maps some look-alikes to other characters (lunate sigma ϲ becomes σ, which looks nothing
 * like c), so only glyphs that survive a round trip through punycode unchanged are used.
 */
const IDNA_GLYPHS: ReadonlyMap<string, readonly [cyrillic: string, other: string]> = new Map(
  Object.entries(GLYPHS).map(([letter, groups]) => {
    const stable = (s: string) =>
      [...s].filter((g) => domainToUnicode(domainToASCII(`${g}.jp`)) === `${g}.jp`).join('');
    return [letter, [stable(groups[0]), stable(groups[1] + groups[2])]] as const;
  }),
);

/** Most specific classes first: a name two fuzzers produce is credited to the narrower one. */
function typoFuzzers(l: string, emit: Emit): void {
  const n = l.length;
  emit('plural', `${l}s`);
  if (/(?:s|x|z|ch|sh)$/.test(l)) emit('plural', `${l}es`);
  for (let i = 0; i < n; i++) {
    if (l[i] !== '-') emit('repetition', l.slice(0, i + 1) + l.slice(i));
  }
  for (let i = 0; i + 1 < n; i++) {
    if (l[i] !== l[i + 1]) emit('transposition', l.slice(0, i) + l[i + 1] + l[i] + l.slice(i + 2));
  }
  for (let i = 0; i < n; i++) {
    if (!VOWELS.includes(l[i] as string)) continue;
    for (const v of VOWELS) if (v !== l[i]) emit('vowel-swap', l.slice(0, i) + v + l.slice(i + 1));
  }
  for (let i = 0; i < n; i++) emit('omission', l.slice(0, i) + l.slice(i + 1));
  for (let i = 1; i < n; i++) {
    if (l[i] !== '-' && l[i - 1] !== '-') emit('hyphenation', `${l.slice(0, i)}-${l.slice(i)}`);
  }
  for (let i = 0; i < n; i++) {
    const code = l.charCodeAt(i);
    for (let bit = 1; bit < 256; bit <<= 1) {
      const f = code ^ bit;
      if ((f >= 97 && f <= 122) || (f >= 48 && f <= 57) || f === 45) {
        emit('bitsquatting', l.slice(0, i) + String.fromCharCode(f) + l.slice(i + 1));
      }
    }
  }
  for (let i = 0; i < n; i++) {
    for (const k of KEYBOARD_NEIGHBOURS.get(l[i] as string) ?? '') {
      emit('replacement', l.slice(0, i) + k + l.slice(i + 1));
    }
  }
  for (let i = 0; i < n; i++) {
    for (const k of KEYBOARD_NEIGHBOURS.get(l[i] as string) ?? '') {
      emit('insertion', l.slice(0, i) + k + l.slice(i));
      emit('insertion', l.slice(0, i + 1) + k + l.slice(i + 1));
    }
  }
  for (const c of ALNUM) {
    emit('addition', l + c);
    emit('addition', c + l);
  }
}

interface Edit {
  at: number;
  len: number;
  to: string;
}

function applyEdits(l: string, edits: readonly Edit[]): string {
  let out = '';
  let pos = 0;
  for (const e of edits) {
    out += l.slice(pos, e.at) + e.to;
    pos = e.at + e.len;
  }
  return out + l.slice(pos);
}

/** `l` with the character at `at` replaced by `glyph`, an IDNA-stable look-alike. */
type EmitSwap = (fuzzer: Fuzzer, at: number, glyph: string) => void;

/** `swap` and `emitGlyph` get labels with IDNA-stable glyphs, `emit` the ASCII look-alikes. */
function glyphFuzzers(l: string, swap: EmitSwap, emitGlyph: Emit, emit: Emit): void {
  const chars = [...l];
  let wholeCyrillic = '';
  chars.forEach((ch, i) => {
    const cyrillic = IDNA_GLYPHS.get(ch)?.[0] ?? '';
    wholeCyrillic += cyrillic === '' ? ch : (cyrillic[0] as string);
    for (const g of cyrillic) swap('cyrillic', i, g);
  });
  // A label written entirely in Cyrillic passes the browsers' mixed-script check, so it is the one
  // IDN most likely to be displayed in Unicode rather than as xn--.
  emitGlyph('cyrillic', wholeCyrillic);
  chars.forEach((ch, i) => {
    const other = IDNA_GLYPHS.get(ch)?.[1];
    if (other === undefined) return;
    for (const g of other) swap('homoglyph', i, g);
  });
  // ASCII look-alikes (rn/m, vv/w, cl/d, 0/o, 1/l) need no IDN at all: one and two at a time.
  const edits: Edit[] = [];
  for (const [orig, look] of ASCII_LOOKALIKES) {
    for (let at = l.indexOf(orig); at >= 0; at = l.indexOf(orig, at + 1)) {
      edits.push({ at, len: orig.length, to: look });
    }
    if (look.length > 1 || look === '0' || look === '1') {
      for (let at = l.indexOf(look); at >= 0; at = l.indexOf(look, at + 1)) {
        edits.push({ at, len: look.length, to: orig });
      }
    }
  }
  edits.sort((a, b) => a.at - b.at);
  for (const e of edits) emit('homoglyph', applyEdits(l, [e]));
  for (let i = 0; i < edits.length; i++) {
    const a = edits[i] as Edit;
    for (let j = i + 1; j < edits.length; j++) {
      const b = edits[j] as Edit;
      if (b.at >= a.at + a.len) emit('homoglyph', applyEdits(l, [a, b]));
    }
  }
}

type Put = (fuzzer: Fuzzer, x: string, tail: Tail) => void;

/** The Japanese patterns: decorations with `jp`, the suffix flattened into the label, `www`. */
function japaneseFuzzers(t: Target, targetTail: Tail, put: Put): void {
  const l = t.label;
  const flatHyphen = t.suffix.replace(/\./g, '-');
  const flatJoined = t.suffix.replace(/\./g, '');
  for (const tail of [targetTail, ...JP_TAILS]) {
    for (const v of [`${l}-jp`, `${l}jp`, `jp-${l}`, `${l}-japan`]) put('jp-affix', v, tail);
  }
  for (const tail of JP_TAILS) {
    for (const v of [`${l}-${flatHyphen}`, `${l}${flatJoined}`, `${l}-${flatJoined}`]) {
      put('suffix-flatten', v, tail);
    }
    // `brand.co-jp.com`: the attacker registers co-jp.com once and hangs every brand under it.
    if (t.suffix.includes('.')) put('suffix-flatten', `${l}.${flatHyphen}`, tail);
  }
  put('www-prefix', `www${l}`, targetTail);
  put('www-prefix', `www-${l}`, targetTail);
  for (const tail of JP_TAILS.slice(0, 4)) {
    put('www-prefix', `www-${l}-${flatHyphen}`, tail);
    put('www-prefix', `www-${l}`, tail);
    put('www-prefix', `www.${l}-${flatHyphen}`, tail);
  }
  for (const tail of JP_TAILS.slice(0, 4)) {
    for (const w of EMBED_WORDS) {
      put('embedded', `${t.ascii}-${w}`, tail);
      put('official-subdomain', `${t.ascii}.${w}`, tail);
    }
  }
}

/**
 * Lookalikes of `domain` (ASCII, punycode or Unicode): unique, never the input itself, each a valid
 * lowercase ASCII hostname. Throws RangeError when `domain` has no registrable part.
 */
export function generateLookalikes(domain: string, opts: GenerateOptions = {}): Lookalike[] {
  const t = parseTarget(domain);
  const targetTail = tailOf(t.suffix);
  const out = new Collector<Fuzzer>(t.ascii, t.sub, targetTail);
  // An ASCII label (nearly every brand) only yields ASCII typos and known glyphs: the fast paths.
  // A Unicode one goes through domainToASCII name by name.
  const asciiBase = isAscii(t.label);
  const anyLabel: Emit = (fuzzer, label) => {
    if (isAscii(label)) out.addLabel(fuzzer, label);
    else out.addHost(fuzzer, t.sub + label + targetTail.text, targetTail);
  };
  const typoLabel: Emit = asciiBase ? (fuzzer, label) => out.addLabel(fuzzer, label) : anyLabel;
  const glyphLabel: Emit = asciiBase
    ? (fuzzer, label) => out.addLabel(fuzzer, punycodeLabel(label))
    : anyLabel;
  const swap: EmitSwap = asciiBase
    ? (fuzzer, at, glyph) => out.addLabel(fuzzer, punycodeSwap(t.label, at, glyph))
    : (fuzzer, at, glyph) => anyLabel(fuzzer, t.label.slice(0, at) + glyph + t.label.slice(at + 1));
  const put: Put = asciiBase
    ? (fuzzer, x, tail) => out.addSuffixed(fuzzer, x, tail)
    : (fuzzer, x, tail) => out.addHost(fuzzer, x + tail.text, tail);
  typoFuzzers(t.label, typoLabel);
  glyphFuzzers(t.label, swap, glyphLabel, typoLabel);
  for (let i = 1; i < t.label.length; i++) {
    const a = t.label[i - 1];
    const b = t.label[i];
    if (a !== '-' && b !== '-') typoLabel('subdomain', `${t.label.slice(0, i)}.${t.label.slice(i)}`);
  }
  for (const w of opts.dictionary ?? DEFAULT_DICTIONARY) {
    const word = w.toLowerCase();
    for (const v of [`${t.label}-${word}`, `${t.label}${word}`, `${word}-${t.label}`, `${word}${t.label}`]) {
      anyLabel('dictionary', v);
    }
  }
  const tails = opts.tlds === undefined ? DEFAULT_TLD_TAILS : opts.tlds.map((tld) => tailOf(normalTld(tld)));
  for (const tail of tails) {
    if (tail.text !== targetTail.text) put('tld-swap', `${t.sub}${t.label}`, tail);
  }
  japaneseFuzzers(t, targetTail, put);
  return out.out;
}
