/**
 * A 5×8 bitmap font for printable ASCII (the classic 5×7 "glcdfont" with one descender row), so the
 * PNG charts can label axes without a font file or a rasterizer dependency.
 *
 * Each glyph is five columns, left to right, as two hex digits each; bit 0 is the top row and bit 7
 * the descender row (g, j, p, q, y, comma). Rows 0–6 sit above the baseline.
 */
export const GLYPH_COLUMNS = 5;
export const GLYPH_ROWS = 8;
/** Rows of a glyph above the baseline (the rest is the descender). */
export const GLYPH_ASCENT = 7;
/** Horizontal advance per character in font pixels (one blank column between glyphs). */
export const GLYPH_ADVANCE = 6;

const FIRST_CODE = 0x20;
// Index = char code − 0x20, from space to tilde.
const GLYPHS: readonly string[] = Object.freeze([
  '0000000000', // space
  '00005F0000', // !
  '0007000700', // "
  '147F147F14', // #
  '242A7F2A12', // $
  '2313086462', // %
  '3649562050', // &
  '0000070000', // '
  '001C224100', // (
  '0041221C00', // )
  '2A1C7F1C2A', // *
  '08083E0808', // +
  '0080603000', // ,
  '0808080808', // -
  '0000606000', // .
  '2010080402', // /
  '3E5149453E', // 0
  '00427F4000', // 1
  '7249494946', // 2
  '2141494D33', // 3
  '1814127F10', // 4
  '2745454539', // 5
  '3C4A494931', // 6
  '4121110907', // 7
  '3649494936', // 8
  '464949291E', // 9
  '0000140000', // :
  '0040340000', // ;
  '0008142241', // <
  '1414141414', // =
  '0041221408', // >
  '0201590906', // ?
  '3E415D594E', // @
  '7C1211127C', // A
  '7F49494936', // B
  '3E41414122', // C
  '7F4141413E', // D
  '7F49494941', // E
  '7F09090901', // F
  '3E41415173', // G
  '7F0808087F', // H
  '00417F4100', // I
  '2040413F01', // J
  '7F08142241', // K
  '7F40404040', // L
  '7F021C027F', // M
  '7F0408107F', // N
  '3E4141413E', // O
  '7F09090906', // P
  '3E4151215E', // Q
  '7F09192946', // R
  '2649494932', // S
  '03017F0103', // T
  '3F4040403F', // U
  '1F2040201F', // V
  '3F4038403F', // W
  '6314081463', // X
  '0304780403', // Y
  '6159494D43', // Z
  '007F414141', // [
  '0204081020', // backslash
  '004141417F', // ]
  '0402010204', // ^
  '4040404040', // _
  '0003070800', // `
  '2054547840', // a
  '7F28444438', // b
  '3844444428', // c
  '384444287F', // d
  '3854545418', // e
  '00087E0902', // f
  '18A4A49C78', // g
  '7F08040478', // h
  '00447D4000', // i
  '2040403D00', // j
  '7F10284400', // k
  '00417F4000', // l
  '7C04780478', // m
  '7C08040478', // n
  '3844444438', // o
  'FC18242418', // p
  '18242418FC', // q
  '7C08040408', // r
  '4854545424', // s
  '04043F4424', // t
  '3C4040207C', // u
  '1C2040201C', // v
  '3C4030403C', // w
  '4428102844', // x
  '4C9090907C', // y
  '4464544C44', // z
  '0008364100', // {
  '0000770000', // |
  '0041360800', // }
  '0201020402', // ~
]);

/**
 * The glyph's columns as bit masks, or the '?' glyph for anything outside printable ASCII (the
 * caller folds text with `toAsciiLabel` first, so this is a last resort, never a crash).
 */
export function glyphColumns(char: string): readonly number[] {
  const code = char.charCodeAt(0);
  const index =
    code >= FIRST_CODE && code < FIRST_CODE + GLYPHS.length ? code - FIRST_CODE : 0x3f - FIRST_CODE;
  const hex = GLYPHS[index]!;
  return Array.from({ length: GLYPH_COLUMNS }, (_, c) => Number.parseInt(hex.slice(c * 2, c * 2 + 2), 16));
}

/**
 * Text the bitmap font can draw: compatibility-folded (full-width Ｆ → F, ① → 1), accents dropped
 * (é → e), and every other character (Japanese, emoji, controls) replaced by '?'. The SVG keeps the
 * original text; the PNG can only say what its font has glyphs for.
 */
export function toAsciiLabel(text: string): string {
  return [...text.normalize('NFKD').replace(/\p{M}/gu, '')]
    .map((c) => (c >= ' ' && c <= '~' ? c : '?'))
    .join('');
}
