/**
 * Confusable skeletons for host labels, in the spirit of UTS #39 §4 but tuned for hostnames:
 * two labels that a person cannot tell apart get the same lowercase ASCII skeleton. Pure and
 * allocation-light on the common ASCII path, because the matcher computes it for every name.
 *
 * The table is hand-written (see README.md for why not the official confusables.txt): it keeps
 * only characters that survive IDNA (UTS #46 already folds full-width forms and case) and that
 * render like an ASCII letter or digit in the fonts browsers and SMS apps use.
 */
import { domainToUnicode } from 'node:url';

/**
 * Look-alikes of each ASCII letter: [Cyrillic, other scripts (Greek, Armenian, Latin extended,
 * small capitals), accented Latin]. Generation draws from all three; the skeleton only needs the
 * first two because accents are stripped by decomposition.
 */
export const GLYPHS: Readonly<Record<string, readonly [cyrillic: string, other: string, accented: string]>> =
  {
    a: ['а', 'ɑα', 'àáâãäåāăąạả'],
    b: ['', 'ʙ', 'ḃḅḇ'],
    c: ['с', 'ϲᴄ', 'çćĉċč'],
    d: ['ԁ', 'đ', 'ďḋḍ'],
    e: ['еҽ', '', 'èéêëēĕėęěẹ'],
    f: ['', 'ƒ', 'ḟ'],
    g: ['', 'ɡց', 'ĝğġģǵ'],
    h: ['һ', 'հħʜ', 'ĥḣḥ'],
    i: ['і', 'ıɩιɪ', 'ìíîïīįịǐ'],
    j: ['ј', 'ϳȷ', 'ĵǰ'],
    k: ['', 'ᴋ', 'ķḳḱ'],
    l: ['ӏ', 'łƚɫ', 'ĺļľḷ'],
    m: ['', 'ᴍ', 'ṁṃḿ'],
    n: ['', 'ոηɴ', 'ñńņňṅṇ'],
    o: ['о', 'οօøᴏ', 'òóôõöōőọơ'],
    p: ['р', 'ρᴘ', 'ṗṕ'],
    q: ['ԛ', 'զ', ''],
    r: ['г', 'ʀ', 'ŕŗřṙṛ'],
    s: ['ѕ', 'ꜱ', 'śŝşšṡṣ'],
    t: ['', 'ᴛ', 'ţťṫṭ'],
    u: ['', 'υսᴜ', 'ùúûüūŭůűųưụ'],
    v: ['ѵ', 'νᴠ', 'ṽṿ'],
    w: ['ԝѡ', 'ᴡ', 'ŵẁẃẅẉ'],
    x: ['х', 'χ', 'ẋẍ'],
    y: ['уү', 'γʏ', 'ýÿŷẏỳỵ'],
    z: ['', 'ᴢ', 'źżžẓ'],
  };

/** ASCII sequences that read as another letter at a glance (applied after the per-character map). */
export const ASCII_LOOKALIKES: ReadonlyArray<readonly [original: string, lookalike: string]> = [
  ['m', 'rn'],
  ['w', 'vv'],
  ['d', 'cl'],
  ['o', '0'],
  ['l', '1'],
  ['l', 'i'],
  ['i', 'l'],
  ['i', '1'],
];

const CHAR_MAP = new Map<string, string>();
for (const [letter, [cyrillic, other]] of Object.entries(GLYPHS)) {
  for (const c of cyrillic + other) CHAR_MAP.set(c, letter);
}
// Characters with no single-letter GLYPHS home: ligatures, digits of other scripts that are drawn
// as a ring or a bar, and the katakana prolonged-sound mark that passes for a hyphen in an IDN.
for (const [c, to] of [
  ['æ', 'ae'],
  ['œ', 'oe'],
  ['ß', 'ss'],
  ['ꜳ', 'aa'],
  ['०', 'o'],
  ['০', 'o'],
  ['੦', 'o'],
  ['૦', 'o'],
  ['୦', 'o'],
  ['௦', 'o'],
  ['౦', 'o'],
  ['೦', 'o'],
  ['൦', 'o'],
  ['๐', 'o'],
  ['໐', 'o'],
  ['၀', 'o'],
  ['۵', 'o'],
  ['٠', 'o'],
  ['۱', 'l'],
  ['١', 'l'],
  ['ー', '-'],
  ['ｰ', '-'],
  ['一', '-'],
  ['‐', '-'],
  ['‑', '-'],
  ['–', '-'],
  ['−', '-'],
] as const) {
  CHAR_MAP.set(c, to);
}

/** Combining marks removed after NFKD, so `é`, `ё`, `ą` fall back to their base letter. */
const COMBINING_RE = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;

/** Folds the ASCII look-alike sequences: `0`→o, `1`→l, `rn`→m, `vv`→w, `cl`→d. */
function foldAscii(s: string): string {
  let needs = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const n = s.charCodeAt(i + 1);
    // '0', '1', "rn", "vv", "cl"
    if (
      c === 48 ||
      c === 49 ||
      (c === 114 && n === 110) ||
      (c === 118 && n === 118) ||
      (c === 99 && n === 108)
    ) {
      needs = true;
      break;
    }
  }
  if (!needs) return s;
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i] as string;
    const next = s[i + 1];
    if (ch === '0') out += 'o';
    else if (ch === '1') out += 'l';
    else if (ch === 'r' && next === 'n') {
      out += 'm';
      i++;
    } else if (ch === 'v' && next === 'v') {
      out += 'w';
      i++;
    } else if (ch === 'c' && next === 'l') {
      out += 'd';
      i++;
    } else out += ch;
  }
  return out;
}

/** Slow path for one character the table does not know: NFKD, accents dropped, then the table. */
function decomposeChar(ch: string): string {
  const base = ch.normalize('NFKD').toLowerCase().replace(COMBINING_RE, '');
  let out = '';
  for (const c of base) out += c.charCodeAt(0) < 128 ? (c === 'I' ? 'l' : c) : (CHAR_MAP.get(c) ?? c);
  return out;
}

function isPlainAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 127 || (c >= 65 && c <= 90)) return false;
  }
  return true;
}

/**
 * Skeleton of one label in Unicode form (`аmazon` in Cyrillic, `ＡＭＡＺＯＮ`, `arnazon`) →
 * `amazon`. Two labels that look the same have equal skeletons; the converse is only nearly true
 * (the fold is deliberately coarse: `cl` and `d` collapse even in honest words).
 */
export function skeletonLabel(label: string): string {
  if (isPlainAscii(label)) return foldAscii(label);
  let out = '';
  for (const ch of label) {
    const code = ch.charCodeAt(0);
    // Capital I is the classic stand-in for l; lowercasing would turn it into i.
    if (code < 128) out += code === 73 ? 'l' : ch.toLowerCase();
    else out += CHAR_MAP.get(ch) ?? decomposeChar(ch);
  }
  return foldAscii(out);
}

/** Unicode form of one ASCII label (`xn--…` decoded), or the label itself when it is not punycode. */
export function unicodeLabel(label: string): string {
  if (!label.startsWith('xn--')) return label;
  const u = domainToUnicode(label);
  return u === '' ? label : u;
}

/** Skeleton of a whole host, label by label (ASCII/punycode or Unicode input). */
export function skeletonHost(host: string): string {
  if (isPlainAscii(host) && !host.includes('xn--'))
    return foldAscii(host.endsWith('.') ? host.slice(0, -1) : host);
  const labels = host.toLowerCase().replace(/\.$/, '').split('.');
  return labels.map((l) => skeletonLabel(unicodeLabel(l))).join('.');
}

/** True when the two hosts (or labels) are visually confusable under the skeleton. */
export function confusable(a: string, b: string): boolean {
  return skeletonHost(a) === skeletonHost(b);
}
