/**
 * Line and bar charts as standalone SVG, rendered on the server by string building (no browser,
 * no dependency). Every label is escaped; the document has no script, link or external reference.
 * The geometry comes from `chart-layout.ts`, shared with the PNG renderer.
 */
import { escapeMarkup as e } from '../advisories/markup.js';
import type { Series } from './aggregate.js';
import { type ChartType, layoutChart, type Measure, type PlacedText } from './chart-layout.js';

export type { ChartType, Measure } from './chart-layout.js';

const text = (t: PlacedText, attributes = '') =>
  `<text x="${t.x}" y="${t.y}"${t.anchor === 'start' ? '' : ` text-anchor="${t.anchor}"`}${attributes}>${e(t.text)}</text>`;

export function renderChart(series: Series, type: ChartType, measure: Measure, title: string): string {
  const layout = layoutChart(series, type, measure, title);
  const { plot, width, height } = layout;
  const parts: string[] = [];
  for (const tick of layout.yTicks) {
    parts.push(
      `<line x1="${plot.left}" y1="${tick.y}" x2="${plot.right}" y2="${tick.y}" stroke="#ddd"/>`,
      text(tick.label),
    );
  }
  for (const tick of layout.xTicks) parts.push(text(tick.label));
  for (const g of layout.groups) {
    for (const bar of g.bars) {
      parts.push(
        `<rect x="${bar.x}" y="${bar.y}" width="${bar.width}" height="${bar.height}" fill="${g.colour}"/>`,
      );
    }
    const path = g.lines
      .map((line) =>
        line.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`).join(''),
      )
      .join('');
    if (path) parts.push(`<path d="${path}" fill="none" stroke="${g.colour}" stroke-width="2"/>`);
    const s = g.legendSwatch;
    parts.push(
      `<rect x="${s.x}" y="${s.y}" width="${s.width}" height="${s.height}" fill="${g.colour}"/>`,
      text(g.legendLabel),
    );
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11" role="img">`,
    `<title>${e(layout.title.text)}</title>`,
    text(layout.title, ' font-size="13"'),
    `<line x1="${plot.left}" y1="${layout.baselineY}" x2="${plot.right}" y2="${layout.baselineY}" stroke="#333"/>`,
    ...parts,
    layout.note ? text(layout.note, ' fill="#555"') : '',
    '</svg>',
    '',
  ].join('\n');
}
