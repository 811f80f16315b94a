/**
 * Lookalike-domain generation: the permutations a phisher would register to imitate an official
 * domain (dnstwist's fuzzer classes) plus the patterns Japanese campaigns actually use
 * (`brand-jp.top`, `brand.co.jp-xyz.com`, `brand-co-jp.com`, `www-brand-co-jp.com`). Pure; the
 * registrable label is found with the Public Suffix List, so `smbc.co.jp` fuzzes `smbc`, never `co`.
 */
import { domainToASCII, domainToUnicode } from 'node:url';
import { parse } from 'tldts';
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

/** Labels must stay valid DNS labels; `ab--` prefixes are reserved for IDNA except real `xn--`. */
function asciiHostValid(host: string): boolean {
  if (host.length > 253) return false;
  let start = 0;
  for (let i = 0; i <= host.length; i++) {
    const c = i < host.length ? host.charCodeAt(i) : 46;
    if (c === 46) {
      const len = i - start;
      if (len === 0 || len > 63) return false;
      if (host.charCodeAt(start) === 45 || host.charCodeAt(i - 1) === 45) return false;
      if (len >= 4 && host.charCodeAt(start + 2) === 45 && host.charCodeAt(start + 3) === 45) {
        if (!host.startsWith('xn--', start)) return false;
      }
      start = i + 1;
    } else if (!((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45)) return false;
  }
  return true;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** Collects unique, valid results in fuzzer order (the first fuzzer to produce a name keeps it). */
class Collector {
  readonly out: Lookalike[] = [];
  private readonly seen = new Set<string>();

  constructor(original: string) {
    this.seen.add(original);
  }

  add(fuzzer: Fuzzer, host: string): void {
    let ascii = host;
    if (!isAscii(host)) {
      ascii = domainToASCII(host);
      if (ascii === '') return;
    }
    if (this.seen.has(ascii) || !asciiHostValid(ascii)) return;
    // `a.jp` → `ac.jp` would be a public suffix itself, which nobody can register.
    if (parse(ascii, PSL_OPTIONS).domain === null) return;
    this.seen.add(ascii);
    this.out.push({ fuzzer, domain: ascii });
  }
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
  if (r === null || !r.isIcann || r.domain === null || r.publicSuffix === null || !asciiHostValid(ascii)) {
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

function glyphFuzzers(l: string, emit: Emit): void {
  const chars = [...l];
  let wholeCyrillic = '';
  chars.forEach((ch, i) => {
    const cyrillic = IDNA_GLYPHS.get(ch)?.[0] ?? '';
    wholeCyrillic += cyrillic === '' ? ch : (cyrillic[0] as string);
    const rest = l.slice(i + 1);
    for (const g of cyrillic) emit('cyrillic', l.slice(0, i) + g + rest);
  });
  // A label written entirely in Cyrillic passes the browsers' mixed-script check, so it is the one
  // IDN most likely to be displayed in Unicode rather than as xn--.
  emit('cyrillic', wholeCyrillic);
  chars.forEach((ch, i) => {
    const other = IDNA_GLYPHS.get(ch)?.[1];
    if (other === undefined) return;
    const rest = l.slice(i + 1);
    for (const g of other) emit('homoglyph', l.slice(0, i) + g + rest);
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

/** The Japanese patterns: decorations with `jp`, the suffix flattened into the label, `www`. */
function japaneseFuzzers(t: Target, out: Collector): void {
  const l = t.label;
  const flatHyphen = t.suffix.replace(/\./g, '-');
  const flatJoined = t.suffix.replace(/\./g, '');
  for (const tld of [t.suffix, ...JP_PATTERN_TLDS]) {
    for (const v of [`${l}-jp`, `${l}jp`, `jp-${l}`, `${l}-japan`]) out.add('jp-affix', `${v}.${tld}`);
  }
  for (const tld of JP_PATTERN_TLDS) {
    for (const v of [`${l}-${flatHyphen}`, `${l}${flatJoined}`, `${l}-${flatJoined}`]) {
      out.add('suffix-flatten', `${v}.${tld}`);
    }
    // `brand.co-jp.com`: the attacker registers co-jp.com once and hangs every brand under it.
    if (t.suffix.includes('.')) out.add('suffix-flatten', `${l}.${flatHyphen}.${tld}`);
  }
  out.add('www-prefix', `www${l}.${t.suffix}`);
  out.add('www-prefix', `www-${l}.${t.suffix}`);
  for (const tld of JP_PATTERN_TLDS.slice(0, 4)) {
    out.add('www-prefix', `www-${l}-${flatHyphen}.${tld}`);
    out.add('www-prefix', `www-${l}.${tld}`);
    out.add('www-prefix', `www.${l}-${flatHyphen}.${tld}`);
  }
  for (const tld of JP_PATTERN_TLDS.slice(0, 4)) {
    for (const w of EMBED_WORDS) {
      out.add('embedded', `${t.ascii}-${w}.${tld}`);
      out.add('official-subdomain', `${t.ascii}.${w}.${tld}`);
    }
  }
}

/**
 * Lookalikes of `domain` (ASCII, punycode or Unicode): unique, never the input itself, each a valid
 * lowercase ASCII hostname. Throws RangeError when `domain` has no registrable part.
 */
export function generateLookalikes(domain: string, opts: GenerateOptions = {}): Lookalike[] {
  const t = parseTarget(domain);
  const out = new Collector(t.ascii);
  const withLabel: Emit = (fuzzer, label) => out.add(fuzzer, `${t.sub}${label}.${t.suffix}`);
  typoFuzzers(t.label, withLabel);
  glyphFuzzers(t.label, withLabel);
  for (let i = 1; i < t.label.length; i++) {
    const a = t.label[i - 1];
    const b = t.label[i];
    if (a !== '-' && b !== '-') withLabel('subdomain', `${t.label.slice(0, i)}.${t.label.slice(i)}`);
  }
  for (const w of opts.dictionary ?? DEFAULT_DICTIONARY) {
    const word = w.toLowerCase();
    for (const v of [`${t.label}-${word}`, `${t.label}${word}`, `${word}-${t.label}`, `${word}${t.label}`]) {
      withLabel('dictionary', v);
    }
  }
  for (const tld of opts.tlds ?? DEFAULT_TLDS) {
    const suffix = tld.toLowerCase().replace(/^\./, '');
    if (suffix !== t.suffix) out.add('tld-swap', `${t.sub}${t.label}.${suffix}`);
  }
  japaneseFuzzers(t, out);
  return out.out;
}
