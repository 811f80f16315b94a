import { crc32 as nodeCrc32 } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePng } from '../../test/helpers/png-decode.js';
import { aggregate, type ReportFact } from './aggregate.js';
import { GLYPH_ADVANCE, glyphColumns, toAsciiLabel } from './bitmap-font.js';
import { layoutChart } from './chart-layout.js';
import { PNG_PIXEL_RATIO, rasterizeChart, renderChartPng } from './chart-png.js';
import { crc32, encodePng } from './png.js';
import { parseHexColour, RasterCanvas } from './raster.js';

const WHITE = parseHexColour('#ffffff');
const fact = (at: string, kind: string, damageJpy: number | null = null): ReportFact => ({
  at,
  kind,
  orgKind: 'bank',
  damageJpy,
});
// November: 4 fraud cases, 1 smishing (suppressed at k = 3); December: 3 smishing.
const facts = [
  ...[1, 2, 3, 4].map((d) => fact(`2026-11-0${d}T00:00:00Z`, 'fraud_case', 1000 * d)),
  fact('2026-11-05T00:00:00Z', 'smishing'),
  ...[1, 2, 3].map((d) => fact(`2026-12-0${d}T00:00:00Z`, 'smishing')),
];
const series = aggregate(facts, 'kind', 'month', 3);
/** Device pixel at the centre of a layout rectangle. */
const centre = (r: { x: number; y: number; width: number; height: number }) =>
  [
    Math.floor((r.x + r.width / 2) * PNG_PIXEL_RATIO),
    Math.floor((r.y + r.height / 2) * PNG_PIXEL_RATIO),
  ] as const;

describe('PNG encoder', () => {
  it('uses the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => crc32(bytes) === nodeCrc32(bytes)));
  });

  it('writes a structurally valid RGBA PNG that round-trips its pixels', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 12 }), (w, h) => {
        const rgba = Uint8Array.from({ length: w * h * 4 }, (_, i) => (i * 37) % 256);
        const png = decodePng(encodePng(w, h, rgba));
        expect(png.chunkTypes).toEqual(['IHDR', 'IDAT', 'IEND']);
        expect([png.width, png.height]).toEqual([w, h]);
        expect(png.scanlines.length).toBe(h * (1 + w * 4));
        expect(png.pixel(w - 1, h - 1)).toEqual([...rgba.subarray((w * h - 1) * 4)]);
      }),
    );
    expect(() => encodePng(2, 2, new Uint8Array(15))).toThrow(/expected 16 bytes/);
    expect(() => encodePng(0, 2, new Uint8Array(0))).toThrow(/invalid PNG size/);
  });
});

describe('raster canvas and bitmap font', () => {
  it('has a glyph for every printable ASCII character and folds other text to ASCII', () => {
    for (let code = 0x21; code <= 0x7e; code++) {
      expect(glyphColumns(String.fromCharCode(code)).some((column) => column !== 0)).toBe(true);
    }
    expect(glyphColumns('日')).toEqual(glyphColumns('?'));
    expect(toAsciiLabel('Ｆraud café ２０２６ 詐欺')).toBe('Fraud cafe 2026 ??');
  });

  it('fills rectangles on whole pixels, anti-aliases lines and anchors text', () => {
    const canvas = new RasterCanvas(20, 10, 2, WHITE);
    const red = parseHexColour('#ff0000');
    canvas.fillRect({ x: 1, y: 1, width: 2, height: 2 }, red);
    // User units 1–3 at scale 2 are device pixels 2–5 inclusive.
    for (const [x, y] of [
      [2, 2],
      [5, 5],
    ] as const)
      expect(canvas.pixelAt(x, y)).toEqual(red);
    for (const [x, y] of [
      [1, 1],
      [6, 5],
      [5, 6],
    ] as const)
      expect(canvas.pixelAt(x, y)).toEqual(WHITE);
    canvas.strokePolyline(
      [
        [0, 8],
        [20, 7],
      ],
      1,
      red,
    ); // a shallow slope: edge pixels are partly covered
    const row = Array.from({ length: 8 }, (_, y) => canvas.pixelAt(20, 12 + y)[1]);
    expect(row.some((green) => green > 0 && green < 255)).toBe(true);
    expect(row.some((green) => green === 0)).toBe(true);
    const text = new RasterCanvas(40, 10, 1, WHITE);
    text.drawText({ x: 40, y: 8, text: 'I', anchor: 'end' }, red);
    // 'I' has its stem in column 2 of 5, and an end-anchored glyph ends at x = 40 (its last column).
    expect(text.pixelAt(40 - (GLYPH_ADVANCE - 1) + 2, 4)).toEqual(red);
  });
});

describe('PNG charts', () => {
  it('draws each bar in its group colour at the layout position, and suppressed cells as gaps', () => {
    const layout = layoutChart(series, 'bar', 'reports', 'Reports');
    const [fraud, smishing] = layout.groups;
    expect(fraud!.bars.map((bar) => bar.height > 0)).toEqual([true, false]); // December fraud_case is 0
    expect(smishing!.bars).toHaveLength(1); // November smishing (1 report) is suppressed
    const png = decodePng(renderChartPng(series, 'bar', 'reports', 'Reports'));
    expect([png.width, png.height]).toEqual([
      layout.width * PNG_PIXEL_RATIO,
      layout.height * PNG_PIXEL_RATIO,
    ]);
    expect(png.scanlines.length).toBe(png.height * (1 + png.width * 4));
    expect(png.pixel(...centre(fraud!.bars[0]!))).toEqual(parseHexColour(fraud!.colour));
    expect(png.pixel(...centre(smishing!.bars[0]!))).toEqual(parseHexColour(smishing!.colour));
    // Where the suppressed November smishing bar would stand (next to the fraud bar), there is only paper.
    const fraudBar = fraud!.bars[0]!;
    const wouldBe = { ...fraudBar, x: fraudBar.x + fraudBar.width };
    expect(png.pixel(...centre(wouldBe))).toEqual(WHITE);
    expect(png.pixel(...centre(fraud!.legendSwatch))).toEqual(parseHexColour(fraud!.colour));
  });

  it('draws lines through the layout points and leaves suppressed cells out', () => {
    const layout = layoutChart(series, 'line', 'reports', 'Reports');
    const canvas = rasterizeChart(layout);
    for (const group of layout.groups) {
      for (const line of group.lines) {
        for (const [x, y] of line) {
          expect(canvas.pixelAt(Math.floor(x * PNG_PIXEL_RATIO), Math.floor(y * PNG_PIXEL_RATIO))).toEqual(
            parseHexColour(group.colour),
          );
        }
      }
    }
    expect(layout.groups[1]!.lines).toEqual([[[layout.xTicks[1]!.x, expect.any(Number)]]]);
  });
});
