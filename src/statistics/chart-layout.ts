/**
 * The chart model shared by the SVG and PNG renderers: everything about a chart except how it is
 * drawn (scales, ticks, bar rectangles, line segments, legend, note), in the SVG's user units.
 * Keeping one layout means the two formats cannot disagree about what a chart shows, in particular
 * that suppressed cells are gaps and never zeros.
 */
import type { Series } from './aggregate.js';

export type ChartType = 'line' | 'bar';
export type Measure = 'reports' | 'damageJpy';

export const CHART_WIDTH = 720;
export const CHART_HEIGHT = 360;
const PAD = { left: 64, right: 160, top: 24, bottom: 56 };
const Y_TICK_COUNT = 4;
// Colour-blind safe (Okabe–Ito).
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];

export type TextAnchor = 'start' | 'middle' | 'end';

/** Text placed like SVG text: `y` is the baseline, `x` is interpreted by `anchor`. */
export interface PlacedText {
  x: number;
  y: number;
  text: string;
  anchor: TextAnchor;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GroupMarks {
  group: string;
  colour: string;
  /** Bar charts: one rectangle per non-suppressed cell. */
  bars: Rect[];
  /** Line charts: polylines, split wherever a cell is suppressed. */
  lines: (readonly [number, number])[][];
  legendSwatch: Rect;
  legendLabel: PlacedText;
}

export interface ChartLayout {
  width: number;
  height: number;
  title: PlacedText;
  plot: { left: number; right: number; top: number; bottom: number };
  /** The y of the value 0 (the x axis). */
  baselineY: number;
  yTicks: { y: number; label: PlacedText }[];
  xTicks: { x: number; label: PlacedText }[];
  groups: GroupMarks[];
  note: PlacedText | null;
}

/** The smallest 1, 2 or 5 × 10ⁿ at or above `value`, so tick labels are round numbers. */
function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * magnitude >= value) ?? 10;
  return step * magnitude;
}

const formatTick = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export function layoutChart(series: Series, type: ChartType, measure: Measure, title: string): ChartLayout {
  const plot = {
    left: PAD.left,
    right: CHART_WIDTH - PAD.right,
    top: PAD.top,
    bottom: CHART_HEIGHT - PAD.bottom,
  };
  const plotW = plot.right - plot.left;
  const plotH = plot.bottom - plot.top;
  const value = (period: string, group: string) =>
    series.cells.find((c) => c.period === period && c.group === group)?.[measure] ?? null;
  const max = niceMax(Math.max(0, ...series.cells.map((c) => c[measure] ?? 0)));
  const y = (v: number) => plot.top + plotH - (v / max) * plotH;
  const slot = plotW / Math.max(1, series.periods.length);
  const x = (i: number) => plot.left + slot * (i + 0.5);
  const barW = (slot * 0.8) / Math.max(1, series.groups.length);

  const yTicks = Array.from({ length: Y_TICK_COUNT + 1 }, (_, t) => {
    const v = (max / Y_TICK_COUNT) * t;
    return { y: y(v), label: { x: plot.left - 6, y: y(v) + 4, text: formatTick(v), anchor: 'end' as const } };
  });
  const xTicks = series.periods.map((p, i) => ({
    x: x(i),
    label: { x: x(i), y: plot.bottom + 18, text: p, anchor: 'middle' as const },
  }));

  const groups = series.groups.map((g, gi): GroupMarks => {
    const bars: Rect[] = [];
    const lines: (readonly [number, number])[][] = [];
    if (type === 'bar') {
      series.periods.forEach((p, i) => {
        const v = value(p, g);
        if (v === null) return; // suppressed cells are gaps, never zeros
        bars.push({ x: x(i) - slot * 0.4 + barW * gi, y: y(v), width: barW, height: y(0) - y(v) });
      });
    } else {
      let current: (readonly [number, number])[] | null = null;
      series.periods.forEach((p, i) => {
        const v = value(p, g);
        if (v === null) {
          current = null;
          return;
        }
        if (!current) {
          current = [];
          lines.push(current);
        }
        current.push([x(i), y(v)]);
      });
    }
    const legendY = plot.top + 16 + gi * 18;
    return {
      group: g,
      colour: PALETTE[gi % PALETTE.length]!,
      bars,
      lines,
      legendSwatch: { x: CHART_WIDTH - PAD.right + 12, y: legendY - 10, width: 12, height: 12 },
      legendLabel: { x: CHART_WIDTH - PAD.right + 30, y: legendY, text: g, anchor: 'start' },
    };
  });

  return {
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    title: { x: plot.left, y: 16, text: title, anchor: 'start' },
    plot,
    baselineY: y(0),
    yTicks,
    xTicks,
    groups,
    note:
      series.minCell > 0
        ? {
            x: plot.left,
            y: CHART_HEIGHT - 8,
            text: `cells under ${series.minCell} suppressed`,
            anchor: 'start',
          }
        : null,
  };
}
