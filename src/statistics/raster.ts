/**
 * A small RGBA pixel canvas with just what the PNG charts need: filled rectangles, crisp axis-aligned
 * rules and ticks, anti-aliased polylines, and bitmap-font text. Pure code over a byte array, so the
 * server can rasterize charts without a native or browser dependency.
 *
 * Coordinates are in user units (the chart layout's, the same as the SVG's); `scale` device pixels
 * per unit gives a sharper image without a second layout.
 */
import { GLYPH_ADVANCE, GLYPH_ASCENT, GLYPH_COLUMNS, GLYPH_ROWS, glyphColumns } from './bitmap-font.js';
import type { PlacedText, Rect } from './chart-layout.js';

/** Red, green, blue, alpha, each 0–255. */
export type Rgba = readonly [number, number, number, number];

export function parseHexColour(hex: string): Rgba {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
  return [
    Number.parseInt(match[1]!, 16),
    Number.parseInt(match[2]!, 16),
    Number.parseInt(match[3]!, 16),
    255,
  ];
}

const clamp = (v: number, low: number, high: number) => Math.min(high, Math.max(low, v));

/** Distance from (px, py) to the segment (ax, ay)–(bx, by); a zero-length segment is a point. */
function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : clamp(((px - ax) * dx + (py - ay) * dy) / lengthSquared, 0, 1);
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

export class RasterCanvas {
  readonly width: number;
  readonly height: number;
  /** Row-major RGBA, 4 bytes per pixel, as a PNG scanline expects. */
  readonly pixels: Uint8Array;

  constructor(
    userWidth: number,
    userHeight: number,
    readonly scale: number,
    background: Rgba,
  ) {
    this.width = Math.round(userWidth * scale);
    this.height = Math.round(userHeight * scale);
    this.pixels = new Uint8Array(this.width * this.height * 4);
    for (let i = 0; i < this.pixels.length; i += 4) this.pixels.set(background, i);
  }

  pixelAt(x: number, y: number): Rgba {
    const i = (y * this.width + x) * 4;
    return [this.pixels[i]!, this.pixels[i + 1]!, this.pixels[i + 2]!, this.pixels[i + 3]!];
  }

  /** Source-over blend of `colour` at `coverage` (0–1) into one device pixel; off-canvas is ignored. */
  private blend(x: number, y: number, colour: Rgba, coverage: number): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height || coverage <= 0) return;
    const i = (y * this.width + x) * 4;
    const alpha = (colour[3] / 255) * Math.min(1, coverage);
    for (let c = 0; c < 3; c++) {
      this.pixels[i + c] = Math.round(colour[c]! * alpha + this.pixels[i + c]! * (1 - alpha));
    }
    this.pixels[i + 3] = Math.round(255 * (alpha + (this.pixels[i + 3]! / 255) * (1 - alpha)));
  }

  /** Fills whole device pixels between rounded edges: bars and swatches get sharp, gap-free borders. */
  private fillDeviceRect(x0: number, y0: number, x1: number, y1: number, colour: Rgba): void {
    const left = clamp(x0, 0, this.width);
    const right = clamp(x1, 0, this.width);
    const top = clamp(y0, 0, this.height);
    const bottom = clamp(y1, 0, this.height);
    for (let y = top; y < bottom; y++) for (let x = left; x < right; x++) this.blend(x, y, colour, 1);
  }

  fillRect(rect: Rect, colour: Rgba): void {
    const s = this.scale;
    this.fillDeviceRect(
      Math.round(rect.x * s),
      Math.round(rect.y * s),
      Math.round((rect.x + rect.width) * s),
      Math.round((rect.y + rect.height) * s),
      colour,
    );
  }

  /** A horizontal rule `thickness` units thick centred on y, snapped to device pixels (gridlines, axes). */
  horizontalRule(x0: number, x1: number, y: number, thickness: number, colour: Rgba): void {
    const s = this.scale;
    const rows = Math.max(1, Math.round(thickness * s));
    const top = Math.round(y * s - rows / 2);
    this.fillDeviceRect(Math.round(x0 * s), top, Math.round(x1 * s), top + rows, colour);
  }

  /** A vertical rule `thickness` units thick centred on x, snapped to device pixels (tick marks). */
  verticalRule(x: number, y0: number, y1: number, thickness: number, colour: Rgba): void {
    const s = this.scale;
    const columns = Math.max(1, Math.round(thickness * s));
    const left = Math.round(x * s - columns / 2);
    this.fillDeviceRect(left, Math.round(y0 * s), left + columns, Math.round(y1 * s), colour);
  }

  /**
   * An anti-aliased polyline with round joins and caps. Coverage is the maximum over all segments
   * per pixel and is blended once, so joints are not darkened by overlapping segments; a single
   * point draws a dot.
   */
  strokePolyline(points: readonly (readonly [number, number])[], lineWidth: number, colour: Rgba): void {
    if (points.length === 0) return;
    const s = this.scale;
    const half = (lineWidth * s) / 2;
    const device = points.map(([x, y]) => [x * s, y * s] as const);
    const coverage = new Map<number, number>();
    const segments =
      device.length === 1 ? [[device[0]!, device[0]!]] : device.slice(1).map((b, i) => [device[i]!, b]);
    for (const [a, b] of segments) {
      const [ax, ay] = a!;
      const [bx, by] = b!;
      const x0 = clamp(Math.floor(Math.min(ax, bx) - half - 1), 0, this.width - 1);
      const x1 = clamp(Math.ceil(Math.max(ax, bx) + half + 1), 0, this.width - 1);
      const y0 = clamp(Math.floor(Math.min(ay, by) - half - 1), 0, this.height - 1);
      const y1 = clamp(Math.ceil(Math.max(ay, by) + half + 1), 0, this.height - 1);
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          // Sample at the pixel centre; a one-pixel ramp at the edge is the anti-aliasing.
          const covered = clamp(half + 0.5 - distanceToSegment(x + 0.5, y + 0.5, ax, ay, bx, by), 0, 1);
          const key = y * this.width + x;
          if (covered > (coverage.get(key) ?? 0)) coverage.set(key, covered);
        }
      }
    }
    for (const [key, covered] of coverage)
      this.blend(key % this.width, Math.floor(key / this.width), colour, covered);
  }

  /**
   * Draws ASCII text placed like SVG text (baseline y, anchored x). Font pixels are whole device
   * pixels so glyphs stay sharp; callers fold non-ASCII text first (`toAsciiLabel`).
   */
  drawText(placed: PlacedText, colour: Rgba, fontScale = 1): void {
    const unit = Math.max(1, Math.round(fontScale * this.scale));
    const chars = [...placed.text];
    const widthPx = chars.length === 0 ? 0 : (chars.length * GLYPH_ADVANCE - 1) * unit;
    const anchorX = Math.round(placed.x * this.scale);
    const left =
      placed.anchor === 'start'
        ? anchorX
        : anchorX - (placed.anchor === 'middle' ? Math.round(widthPx / 2) : widthPx);
    const top = Math.round(placed.y * this.scale) - GLYPH_ASCENT * unit;
    chars.forEach((char, index) => {
      const columns = glyphColumns(char);
      for (let c = 0; c < GLYPH_COLUMNS; c++) {
        for (let r = 0; r < GLYPH_ROWS; r++) {
          if (!((columns[c]! >> r) & 1)) continue;
          const x = left + (index * GLYPH_ADVANCE + c) * unit;
          const y = top + r * unit;
          this.fillDeviceRect(x, y, x + unit, y + unit, colour);
        }
      }
    });
  }
}
