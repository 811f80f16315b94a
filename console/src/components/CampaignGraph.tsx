import cytoscape, { type Core } from 'cytoscape';
import { useEffect, useRef } from 'react';
import type { GraphModel } from '../graph-model.js';
import { useI18n } from '../i18n/index.js';

/**
 * Cytoscape draws its labels on a canvas, so report content never becomes markup here. This module
 * is imported by the campaign page only, which is its own lazy chunk: Cytoscape (~135 KB gzip) never
 * travels with the first load.
 */

// Cytoscape injects a <style> element unless one with this id exists; the console's CSP has no
// 'unsafe-inline' for styles, so a marker stands in and investigate.css carries the one rule.
const CYTOSCAPE_STYLESHEET_ID = '__________cytoscape_stylesheet';

function claimStylesheet(): void {
  if (document.getElementById(CYTOSCAPE_STYLESHEET_ID)) return;
  const marker = document.createElement('meta');
  marker.id = CYTOSCAPE_STYLESHEET_ID;
  document.head.append(marker);
}

const LABEL_MAX = 40;
const short = (s: string) => (s.length > LABEL_MAX ? `${s.slice(0, LABEL_MAX - 1)}…` : s);

export function CampaignGraph({
  model,
  selected,
  onSelect,
  startReportId,
}: {
  model: GraphModel;
  selected: string | null;
  onSelect(nodeId: string): void;
  startReportId?: string | undefined;
}) {
  const { t, label } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    if (!container.current) return;
    claimStylesheet();
    const instance = cytoscape({
      container: container.current,
      elements: [
        ...model.reports.map((n) => ({
          data: {
            id: n.id,
            label: `${label('kind', n.report.kind)} ${n.report.id.slice(-6)}`,
            kind: 'report',
            start: n.report.id === startReportId ? 'yes' : 'no',
          },
        })),
        ...model.indicators.map((n) => ({ data: { id: n.id, label: short(n.label), kind: 'indicator' } })),
        ...model.edges.map((e) => ({
          data: { id: e.id, source: e.source, target: e.target, label: label('role', e.role) },
        })),
      ],
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            'font-size': 11,
            'text-wrap': 'ellipsis',
            'text-max-width': '160px',
            'text-valign': 'bottom',
            'text-margin-y': 4,
            color: '#1a1a1a',
          },
        },
        {
          selector: 'node[kind = "report"]',
          style: { shape: 'round-rectangle', 'background-color': '#004c99', width: 34, height: 24 },
        },
        { selector: 'node[start = "yes"]', style: { 'border-width': 3, 'border-color': '#e69f00' } },
        {
          selector: 'node[kind = "indicator"]',
          style: { shape: 'diamond', 'background-color': '#a40000', width: 26, height: 26 },
        },
        {
          selector: 'edge',
          style: {
            label: 'data(label)',
            'font-size': 9,
            color: '#555',
            width: 2,
            'line-color': '#8a96a3',
            'curve-style': 'bezier',
            'text-background-color': '#fff',
            'text-background-opacity': 1,
          },
        },
        { selector: ':selected', style: { 'overlay-color': '#e69f00', 'overlay-opacity': 0.35 } },
      ],
      layout: { name: 'cose', animate: false, randomize: false, padding: 24 },
      // A campaign of two reports would otherwise be blown up to fill the canvas.
      maxZoom: 1.5,
      wheelSensitivity: 0.3,
      boxSelectionEnabled: false,
    });
    instance.on('tap', 'node', (event) => select.current(event.target.id() as string));
    cy.current = instance;
    // What Cytoscape actually holds, for tests and tooling: the canvas itself has no DOM to inspect.
    // Labels only (defanged), never the raw linking keys the node ids are made of.
    container.current.dataset.cyReports = String(instance.nodes('[kind = "report"]').length);
    container.current.dataset.cyIndicators = instance
      .nodes('[kind = "indicator"]')
      .map((n) => n.data('label') as string)
      .join('\n');
    // A rotated phone or a narrowed window: keep the whole campaign in view.
    const resized = new ResizeObserver(() => {
      instance.resize();
      instance.fit(undefined, 24);
    });
    resized.observe(container.current);
    return () => {
      resized.disconnect();
      instance.destroy();
      cy.current = null;
    };
  }, [model, label, startReportId]);

  useEffect(() => {
    const instance = cy.current;
    if (!instance) return;
    instance.elements().unselect();
    if (selected) instance.getElementById(selected).select();
  }, [selected]);

  return (
    <div
      ref={container}
      className="graph-canvas"
      role="img"
      aria-label={t('graph.canvasLabel')}
      data-testid="graph-canvas"
    />
  );
}
