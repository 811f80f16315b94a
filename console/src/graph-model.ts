/**
 * The campaign view as a graph of reports and the indicators that link them. Pure (no Cytoscape,
 * no React): the canvas and the accessible list beside it are drawn from the same model, so what
 * a screen reader lists is what the picture shows.
 */
import { defangIndicator } from './defang.js';
import type { CampaignGraphView, GraphLink, GraphReport } from './investigate-types.js';
import { clip, revealControls } from './text.js';

export interface ReportNode {
  kind: 'report';
  id: string;
  report: GraphReport;
}

export interface IndicatorNode {
  kind: 'indicator';
  id: string;
  /** The linking key's type (`regdomain`, `phone`, `url` …). */
  type: string;
  /** The type the indicator page takes (`regdomain` is a `domain`). */
  indicatorType: string;
  /** Defanged: the canvas label and every copy of it are never a live link. */
  label: string;
  reportIds: string[];
}

export interface GraphEdge {
  id: string;
  /** A report node id. */
  source: string;
  /** An indicator node id. */
  target: string;
  /** How the report holds the value (`link`, `sender`, `url` …): the edge's label. */
  role: string;
}

export interface GraphModel {
  reports: ReportNode[];
  indicators: IndicatorNode[];
  edges: GraphEdge[];
  links: GraphLink[];
}

/** The display type of a linking-key prefix, for defanging (`regdomain` → a host). */
const DEFANG_AS: Record<string, string> = { regdomain: 'domain', host: 'domain', ip: 'ipv4' };

export function splitKey(key: string): { type: string; value: string } {
  const colon = key.indexOf(':');
  return colon < 0
    ? { type: 'other', value: key }
    : { type: key.slice(0, colon), value: key.slice(colon + 1) };
}

/** Long values are cut: a label sits on a canvas and in list rows, not in a document. */
const LABEL_LIMIT = 300;

/** Defanged, controls shown as ⟦U+202E⟧ (a canvas would obey a right-to-left override too), cut. */
export function keyLabel(key: string): string {
  const { type, value } = splitKey(key);
  const { shown, cut } = clip(value, LABEL_LIMIT);
  return `${revealControls(defangIndicator(DEFANG_AS[type] ?? type, shown))}${cut ? '…' : ''}`;
}

export const indicatorNodeId = (key: string) => `indicator:${key}`;
export const reportNodeId = (id: string) => `report:${id}`;

export function buildGraph(view: CampaignGraphView): GraphModel {
  const reports = view.reports.map(
    (report): ReportNode => ({ kind: 'report', id: reportNodeId(report.id), report }),
  );
  const known = new Set(view.reports.map((r) => r.id));
  const indicators = new Map<string, IndicatorNode>();
  const edges = new Map<string, GraphEdge>();
  const addEdge = (reportId: string, key: string, role: string) => {
    const id = `${reportNodeId(reportId)}->${indicatorNodeId(key)}`;
    if (!edges.has(id))
      edges.set(id, { id, source: reportNodeId(reportId), target: indicatorNodeId(key), role });
    const node = indicators.get(key);
    if (node && !node.reportIds.includes(reportId)) node.reportIds.push(reportId);
  };
  // A link to a report outside the (truncated) view would leave a dangling edge: drop it.
  const links = view.links.filter((l) => known.has(l.from) && known.has(l.to));
  for (const link of links) {
    if (!indicators.has(link.key)) {
      const { type, value } = splitKey(link.key);
      indicators.set(link.key, {
        kind: 'indicator',
        id: indicatorNodeId(link.key),
        type,
        indicatorType: indicatorTypeOf(type, value),
        label: keyLabel(link.key),
        reportIds: [],
      });
    }
    addEdge(link.from, link.key, link.fromRole);
    addEdge(link.to, link.key, link.toRole);
  }
  return { reports, indicators: [...indicators.values()], edges: [...edges.values()], links };
}

/** The indicator type the indicator page takes for a linking key's prefix (regdomain is a domain). */
export function indicatorTypeOf(keyType: string, value: string): string {
  if (keyType === 'regdomain') return 'domain';
  if (keyType === 'ip') return value.includes(':') ? 'ipv6' : 'ipv4';
  return keyType;
}
