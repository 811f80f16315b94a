/**
 * Line and bar charts as PNG, drawn from the same layout as the SVG (`chart-layout.ts`) onto the
 * pure RGBA canvas (`raster.ts`) and encoded by `png.ts`. Text is drawn with the built-in ASCII
 * bitmap font, so labels are folded to ASCII (`toAsciiLabel`); the SVG keeps the original text.
 */
import type { Series } from './aggregate.js';
import { toAsciiLabel } from './bitmap-font.js';
import {
  type ChartLayout,
  type ChartType,
  layoutChart,
  type Measure,
  type PlacedText,
} from './chart-layout.js';
import { encodePng } from './png.js';
import { parseHexColour, RasterCanvas } from './raster.js';

/** Device pixels per layout unit: twice the SVG's nominal size, so the 5×8 font reads well. */
export const PNG_PIXEL_RATIO = 2;
const TITLE_FONT_SCALE = 1.5;
const TICK_LENGTH = 4;
const WHITE = parseHexColour('#ffffff');
const GRID = parseHexColour('#dddddd');
const AXIS = parseHexColour('#333333');
const LABEL = parseHexColour('#000000');
const NOTE = parseHexColour('#555555');

const ascii = (placed: PlacedText): PlacedText => ({ ...placed, text: toAsciiLabel(placed.text) });

/** Draws a layout onto a new canvas; exported so tests can inspect pixels before encoding. */
export function rasterizeChart(layout: ChartLayout): RasterCanvas {
  const canvas = new RasterCanvas(layout.width, layout.height, PNG_PIXEL_RATIO, WHITE);
  const { plot } = layout;
  for (const tick of layout.yTicks) {
    canvas.horizontalRule(plot.left, plot.right, tick.y, 1, GRID);
    canvas.horizontalRule(plot.left - TICK_LENGTH, plot.left, tick.y, 1, AXIS);
    canvas.drawText(ascii(tick.label), LABEL);
  }
  for (const tick of layout.xTicks) {
    canvas.verticalRule(tick.x, layout.baselineY, layout.baselineY + TICK_LENGTH, 1, AXIS);
    canvas.drawText(ascii(tick.label), LABEL);
  }
  canvas.horizontalRule(plot.left, plot.right, layout.baselineY, 1, AXIS);
  for (const group of layout.groups) {
    const colour = parseHexColour(group.colour);
    for (const bar of group.bars) canvas.fillRect(bar, colour);
    for (const line of group.lines) canvas.strokePolyline(line, 2, colour);
    canvas.fillRect(group.legendSwatch, colour);
    canvas.drawText(ascii(group.legendLabel), LABEL);
  }
  canvas.drawText(ascii(layout.title), LABEL, TITLE_FONT_SCALE);
  if (layout.note) canvas.drawText(ascii(layout.note), NOTE);
  return canvas;
}

export function renderChartPng(series: Series, type: ChartType, measure: Measure, title: string): Buffer {
  const canvas = rasterizeChart(layoutChart(series, type, measure, title));
  return encodePng(canvas.width, canvas.height, canvas.pixels);
}
