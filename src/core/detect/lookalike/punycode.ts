/**
 * Punycode (RFC 3492) for one host label. The generator builds dozens of single-glyph IDN labels
 * per domain; `domainToASCII` costs about a microsecond each (UTS #46 mapping, normalization and
 * validation of the whole host), which dominated generation for short brand names. The glyphs it
 * substitutes are checked at load time to survive IDNA unchanged, so for those labels the
 * ACE form is exactly `xn--` + this encoding (the tests compare it with `domainToASCII`).
 */

const BASE = 36;
const T_MIN = 1;
const T_MAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 128;

/** Bias adaptation after each encoded code point (RFC 3492 §6.1). */
function adapt(delta: number, points: number, first: boolean): number {
  let d = first ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / points);
  let k = 0;
  while (d > ((BASE - T_MIN) * T_MAX) >> 1) {
    d = Math.floor(d / (BASE - T_MIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - T_MIN + 1) * d) / (d + SKEW));
}

/** Digit value 0–25 → a–z, 26–35 → 0–9. */
function digitChar(d: number): string {
  return String.fromCharCode(d < 26 ? 97 + d : 22 + d);
}

/** Appends the generalized variable-length integer `q` (RFC 3492 §3.3) at `bias`. */
function encodeInteger(out: string, q: number, bias: number): string {
  let rest = q;
  let s = out;
  for (let k = BASE; ; k += BASE) {
    const t = k <= bias ? T_MIN : k >= bias + T_MAX ? T_MAX : k - bias;
    if (rest < t) break;
    s += digitChar(t + ((rest - t) % (BASE - t)));
    rest = Math.floor((rest - t) / (BASE - t));
  }
  return s + digitChar(rest);
}

/**
 * `xn--` + Punycode of `ascii` with the character at `at` replaced by `glyph` (one BMP code unit,
 * not ASCII): the generator's common case, in closed form. The only delta is
 * (code point − 128) · length + position. Built from the one-byte `ascii`, so the result stays a
 * one-byte string; slicing the substituted (two-byte) label would make every downstream string
 * operation slower.
 */
export function punycodeSwap(ascii: string, at: number, glyph: string): string {
  // `xn--…` with a non-ASCII character is not a valid label (IDNA): no name, as domainToASCII.
  if (at >= 4 && ascii.startsWith('xn--')) return '';
  const code = glyph.charCodeAt(0);
  if (glyph.length !== 1 || code < 128 || (code >= 0xd800 && code <= 0xdfff)) {
    return punycodeLabel(ascii.slice(0, at) + glyph + ascii.slice(at + 1));
  }
  const basic = ascii.slice(0, at) + ascii.slice(at + 1);
  const delta = (code - INITIAL_N) * ascii.length + at;
  return encodeInteger(basic.length > 0 ? `xn--${basic}-` : 'xn--', delta, INITIAL_BIAS);
}

/**
 * `xn--` + the Punycode of `label` (already lowercase and NFC; no IDNA mapping is applied).
 * Returns `label` unchanged when it is all ASCII.
 */
export function punycodeLabel(label: string): string {
  const points: number[] = [];
  let basic = '';
  for (const ch of label) {
    const cp = ch.codePointAt(0) as number;
    points.push(cp);
    if (cp < 128) basic += ch;
  }
  if (basic.length === points.length) return label;
  // A label that already claims to be punycode cannot also hold Unicode (IDNA; domainToASCII fails).
  if (label.startsWith('xn--')) return '';
  let out = basic.length > 0 ? `${basic}-` : '';
  let handled = basic.length;
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (handled < points.length) {
    let next = Number.MAX_SAFE_INTEGER;
    for (const cp of points) if (cp >= n && cp < next) next = cp;
    delta += (next - n) * (handled + 1);
    n = next;
    for (const cp of points) {
      if (cp < n) delta++;
      if (cp !== n) continue;
      out = encodeInteger(out, delta, bias);
      bias = adapt(delta, handled + 1, handled === basic.length);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return `xn--${out}`;
}
