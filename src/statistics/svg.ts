/**
 * Line and bar charts as standalone SVG, rendered on the server by string building (no browser,
 * no dependency). Every label is escaped; the document has no script, link or external reference.
 */
import { escapeMarkup as e } from '../advisories/markup.js';
import type { Series } from './aggregate.js';

const WIDTH = 720;
const HEIGHT = 360;
const PAD = { left: 64, right: 160, top: 24, bottom: 56 };
// Colour-blind safe (Okabe–Ito).
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];

export type ChartType = 'line' | 'bar';
export type Measure = 'reports' | 'damageJpy';

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * magnitude >= value) ?? 10;
  return step * magnitude;
}

const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export function renderChart(series: Series, type: ChartType, measure: Measure, title: string): string {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const value = (period: string, group: string) =>
    series.cells.find((c) => c.period === period && c.group === group)?.[measure] ?? null;
  const max = niceMax(Math.max(0, ...series.cells.map((c) => c[measure] ?? 0)));
  const y = (v: number) => PAD.top + plotH - (v / max) * plotH;
  const slot = plotW / Math.max(1, series.periods.length);
  const x = (i: number) => PAD.left + slot * (i + 0.5);
  const parts: string[] = [];
  for (let t = 0; t <= 4; t++) {
    const v = (max / 4) * t;
    parts.push(
      `<line x1="${PAD.left}" y1="${y(v)}" x2="${PAD.left + plotW}" y2="${y(v)}" stroke="#ddd"/>`,
      `<text x="${PAD.left - 6}" y="${y(v) + 4}" text-anchor="end">${e(fmt(v))}</text>`,
    );
  }
  series.periods.forEach((p, i) => {
    parts.push(`<text x="${x(i)}" y="${HEIGHT - PAD.bottom + 18}" text-anchor="middle">${e(p)}</text>`);
  });
  const barW = (slot * 0.8) / Math.max(1, series.groups.length);
  series.groups.forEach((g, gi) => {
    const colour = PALETTE[gi % PALETTE.length];
    if (type === 'bar') {
      series.periods.forEach((p, i) => {
        const v = value(p, g);
        if (v === null) return; // suppressed cells are gaps, never zeros
        const left = x(i) - slot * 0.4 + barW * gi;
        parts.push(
          `<rect x="${left}" y="${y(v)}" width="${barW}" height="${y(0) - y(v)}" fill="${colour}"/>`,
        );
      });
    } else {
      const points = series.periods.map((p, i) => [x(i), value(p, g)] as const);
      let path = '';
      let pen = false;
      for (const [px, v] of points) {
        if (v === null) {
          pen = false;
          continue;
        }
        path += `${pen ? 'L' : 'M'}${px.toFixed(1)},${y(v).toFixed(1)}`;
        pen = true;
      }
      if (path) parts.push(`<path d="${path}" fill="none" stroke="${colour}" stroke-width="2"/>`);
    }
    const ly = PAD.top + 16 + gi * 18;
    parts.push(
      `<rect x="${WIDTH - PAD.right + 12}" y="${ly - 10}" width="12" height="12" fill="${colour}"/>`,
      `<text x="${WIDTH - PAD.right + 30}" y="${ly}">${e(g)}</text>`,
    );
  });
  const note = series.minCell > 0 ? `cells under ${series.minCell} suppressed` : '';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11" role="img">`,
    `<title>${e(title)}</title>`,
    `<text x="${PAD.left}" y="16" font-size="13">${e(title)}</text>`,
    `<line x1="${PAD.left}" y1="${y(0)}" x2="${PAD.left + plotW}" y2="${y(0)}" stroke="#333"/>`,
    ...parts,
    note ? `<text x="${PAD.left}" y="${HEIGHT - 8}" fill="#555">${e(note)}</text>` : '',
    '</svg>',
    '',
  ].join('\n');
}
