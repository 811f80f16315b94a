/**
 * Lookalike-domain generation: the permutations a phisher would register to imitate an official
 * domain (dnstwist's fuzzer classes) plus the patterns Japanese campaigns actually use
 * (`brand-jp.top`, `brand.co.jp-xyz.com`, `brand-co-jp.com`, `www-brand-co-jp.com`). Pure; the
 * registrable label is found with the Public Suffix List, so `smbc.co.jp` fuzzes `smbc`, never `co`.
 */
import { domainToASCII, domainToUnicode } from 'node:url';
import { parse } from 'tldts';
import { Collector } from './collector.js';
import { isValidHost, type Part, type Piece, partOf, pieceOf, type Tail, tailOf } from './host-hash.js';
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

/** A dictionary word (lowercased) and, when it is `[a-z0-9-]`, its pieces for joining to the label. */
interface DictionaryWord {
  text: string;
  word: Piece | undefined;
  hyphenWord: Piece;
  wordHyphen: Piece;
}

function dictionaryPieces(raw: string): DictionaryWord {
  const text = raw.toLowerCase();
  const word = pieceOf(text);
  const hyphenWord = pieceOf(`-${text}`) ?? { text: '', hash: 0 };
  const wordHyphen = pieceOf(`${text}-`) ?? { text: '', hash: 0 };
  return { text, word, hyphenWord, wordHyphen };
}

const DEFAULT_DICTIONARY_PIECES: readonly DictionaryWord[] = DEFAULT_DICTIONARY.map(dictionaryPieces);

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

type Out = Collector<Fuzzer>;

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
function typoFuzzers(l: string, out: Out): void {
  const n = l.length;
  out.addEdit('plural', n, n, 's');
  if (/(?:s|x|z|ch|sh)$/.test(l)) out.addEdit('plural', n, n, 'es');
  for (let i = 0; i < n; i++) {
    if (l[i] !== '-') out.addEdit('repetition', i, i, l[i] as string);
  }
  for (let i = 0; i + 1 < n; i++) {
    if (l[i] !== l[i + 1]) out.addEdit('transposition', i, i + 2, (l[i + 1] as string) + l[i]);
  }
  for (let i = 0; i < n; i++) {
    if (!VOWELS.includes(l[i] as string)) continue;
    for (let v = 0; v < VOWELS.length; v++) {
      if (VOWELS[v] !== l[i]) out.addEdit('vowel-swap', i, i + 1, VOWELS[v] as string);
    }
  }
  for (let i = 0; i < n; i++) out.addEdit('omission', i, i + 1, '');
  for (let i = 1; i < n; i++) {
    if (l[i] !== '-' && l[i - 1] !== '-') out.addEdit('hyphenation', i, i, '-');
  }
  for (let i = 0; i < n; i++) {
    const code = l.charCodeAt(i);
    for (let bit = 1; bit < 256; bit <<= 1) {
      const f = code ^ bit;
      if ((f >= 97 && f <= 122) || (f >= 48 && f <= 57) || f === 45) {
        out.addEdit('bitsquatting', i, i + 1, String.fromCharCode(f));
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const near = KEYBOARD_NEIGHBOURS.get(l[i] as string) ?? '';
    for (let k = 0; k < near.length; k++) out.addEdit('replacement', i, i + 1, near[k] as string);
  }
  for (let i = 0; i < n; i++) {
    const near = KEYBOARD_NEIGHBOURS.get(l[i] as string) ?? '';
    for (let k = 0; k < near.length; k++) {
      out.addEdit('insertion', i, i, near[k] as string);
      out.addEdit('insertion', i + 1, i + 1, near[k] as string);
    }
  }
  for (let c = 0; c < ALNUM.length; c++) {
    out.addEdit('addition', n, n, ALNUM[c] as string);
    out.addEdit('addition', 0, 0, ALNUM[c] as string);
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

function glyphFuzzers(l: string, out: Out): void {
  const chars = [...l];
  let wholeCyrillic = '';
  chars.forEach((ch, i) => {
    const cyrillic = IDNA_GLYPHS.get(ch)?.[0] ?? '';
    wholeCyrillic += cyrillic === '' ? ch : (cyrillic[0] as string);
    for (const g of cyrillic) out.addSwap('cyrillic', i, g);
  });
  // A label written entirely in Cyrillic passes the browsers' mixed-script check, so it is the one
  // IDN most likely to be displayed in Unicode rather than as xn--.
  out.addGlyphLabel('cyrillic', wholeCyrillic);
  chars.forEach((ch, i) => {
    const other = IDNA_GLYPHS.get(ch)?.[1];
    if (other === undefined) return;
    for (const g of other) out.addSwap('homoglyph', i, g);
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
  for (const e of edits) out.addBaseEdit('homoglyph', applyEdits(l, [e]));
  for (let i = 0; i < edits.length; i++) {
    const a = edits[i] as Edit;
    for (let j = i + 1; j < edits.length; j++) {
      const b = edits[j] as Edit;
      if (b.at >= a.at + a.len) out.addBaseEdit('homoglyph', applyEdits(l, [a, b]));
    }
  }
}

/**
 * The Japanese patterns: decorations with `jp`, the suffix flattened into the label, `www`. Each
 * part is hashed and validated once and then put under every TLD of its pattern, in the same
 * order as nested loops over TLDs and variants.
 */
function japaneseFuzzers(t: Target, targetTail: Tail, out: Out): void {
  const l = t.label;
  const flatHyphen = t.suffix.replace(/\./g, '-');
  const flatJoined = t.suffix.replace(/\./g, '');
  const affixes = [partOf(`${l}-jp`), partOf(`${l}jp`), partOf(`jp-${l}`), partOf(`${l}-japan`)];
  for (const v of affixes) out.addPart('jp-affix', v, targetTail);
  for (const tail of JP_TAILS) for (const v of affixes) out.addPart('jp-affix', v, tail);
  const flats = [partOf(`${l}-${flatHyphen}`), partOf(`${l}${flatJoined}`), partOf(`${l}-${flatJoined}`)];
  // `brand.co-jp.com`: the attacker registers co-jp.com once and hangs every brand under it.
  const under = t.suffix.includes('.') ? partOf(`${l}.${flatHyphen}`) : undefined;
  for (const tail of JP_TAILS) {
    for (const v of flats) out.addPart('suffix-flatten', v, tail);
    if (under !== undefined) out.addPart('suffix-flatten', under, tail);
  }
  const wwwHyphen = partOf(`www-${l}`);
  out.addPart('www-prefix', partOf(`www${l}`), targetTail);
  out.addPart('www-prefix', wwwHyphen, targetTail);
  const wwwFlat = partOf(`www-${l}-${flatHyphen}`);
  const wwwDotted = partOf(`www.${l}-${flatHyphen}`);
  for (let i = 0; i < 4; i++) {
    const tail = JP_TAILS[i] as Tail;
    out.addPart('www-prefix', wwwFlat, tail);
    out.addPart('www-prefix', wwwHyphen, tail);
    out.addPart('www-prefix', wwwDotted, tail);
  }
  const embedded = EMBED_WORDS.map((w) => partOf(`${t.ascii}-${w}`));
  const official = EMBED_WORDS.map((w) => partOf(`${t.ascii}.${w}`));
  for (let i = 0; i < 4; i++) {
    const tail = JP_TAILS[i] as Tail;
    for (let w = 0; w < EMBED_WORDS.length; w++) {
      out.addPart('embedded', embedded[w] as Part, tail);
      out.addPart('official-subdomain', official[w] as Part, tail);
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
  const out = new Collector<Fuzzer>(t.ascii, t.sub, targetTail, t.label);
  typoFuzzers(t.label, out);
  glyphFuzzers(t.label, out);
  for (let i = 1; i < t.label.length; i++) {
    const a = t.label[i - 1];
    const b = t.label[i];
    if (a !== '-' && b !== '-') out.addBaseEdit('subdomain', `${t.label.slice(0, i)}.${t.label.slice(i)}`);
  }
  const label = pieceOf(t.label);
  const words =
    opts.dictionary === undefined ? DEFAULT_DICTIONARY_PIECES : opts.dictionary.map(dictionaryPieces);
  for (const w of words) {
    if (label !== undefined && w.word !== undefined) {
      out.addJoin('dictionary', label, w.hyphenWord);
      out.addJoin('dictionary', label, w.word);
      out.addJoin('dictionary', w.wordHyphen, label);
      out.addJoin('dictionary', w.word, label);
    } else {
      const word = w.text;
      for (const v of [
        `${t.label}-${word}`,
        `${t.label}${word}`,
        `${word}-${t.label}`,
        `${word}${t.label}`,
      ]) {
        out.addAnyLabel('dictionary', v);
      }
    }
  }
  const tails = opts.tlds === undefined ? DEFAULT_TLD_TAILS : opts.tlds.map((tld) => tailOf(normalTld(tld)));
  const swapped = partOf(`${t.sub}${t.label}`);
  for (const tail of tails) {
    if (tail.text !== targetTail.text) out.addPart('tld-swap', swapped, tail);
  }
  japaneseFuzzers(t, targetTail, out);
  return out.out;
}
