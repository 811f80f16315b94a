import { useMemo, useState } from 'react';
import { AttributionPanel } from '../components/AttributionPanel.js';
import { CampaignGraph } from '../components/CampaignGraph.js';
import { ErrorNotice, Loading } from '../components/Status.js';
import { TlpBadge } from '../components/TlpBadge.js';
import {
  buildGraph,
  type GraphModel,
  type IndicatorNode,
  indicatorTypeOf,
  keyLabel,
  type ReportNode,
  splitKey,
} from '../graph-model.js';
import { useI18n } from '../i18n/index.js';
import type { CampaignGraphView } from '../investigate-types.js';
import { indicatorPath } from '../kinds.js';
import { Link } from '../router.js';
import type { PageProps } from '../routes.js';
import { useLoad } from '../session.js';
import '../investigate.css';

const VIEW_LIMIT = 200;
const shortId = (id: string) => id.slice(-6);

function ReportDetails({ node }: { node: ReportNode }) {
  const { t, label, dateTime } = useI18n();
  const r = node.report;
  return (
    <dl className="facts">
      <dt>{t('report.kind')}</dt>
      <dd>{label('kind', r.kind)}</dd>
      <dt>{t('report.marking')}</dt>
      <dd>
        <TlpBadge tlp={r.tlp} />
      </dd>
      <dt>{t('report.observedAt')}</dt>
      <dd>{r.observedAt ? <time dateTime={r.observedAt}>{dateTime(r.observedAt)}</time> : '—'}</dd>
      <dt>{t('report.reporter')}</dt>
      <dd>
        <code>{r.reporter.orgId}</code>
      </dd>
      <dt>{t('graph.reportId')}</dt>
      <dd>
        <code>{r.id}</code> <span className="muted">{t('graph.hops', { hops: r.hops })}</span>
      </dd>
      <dd>
        <Link to={`/reports/${encodeURIComponent(r.id)}`}>{t('graph.openReport')}</Link>
      </dd>
    </dl>
  );
}

function IndicatorDetails({ node }: { node: IndicatorNode }) {
  const { t, label } = useI18n();
  return (
    <dl className="facts">
      <dt>{t('indicator.type')}</dt>
      <dd>{label('type', node.indicatorType)}</dd>
      <dt>{t('indicator.value')}</dt>
      <dd>
        <code className="defanged">
          <bdi dir="ltr">{node.label}</bdi>
        </code>
      </dd>
      <dt>{t('graph.reports')}</dt>
      <dd>{t('graph.sharedBy', { count: node.reportIds.length })}</dd>
      <dd>
        <Link to={indicatorPath(node.indicatorType, node.label)}>{t('graph.openIndicator')}</Link>
      </dd>
    </dl>
  );
}

/** The list beside the canvas: the same nodes, reachable by keyboard and read by screen readers. */
function NodeList({
  model,
  selected,
  onSelect,
}: {
  model: GraphModel;
  selected: string | null;
  onSelect(id: string): void;
}) {
  const { t, label } = useI18n();
  return (
    <nav aria-label={t('graph.nodes')} className="node-list" data-testid="graph-nodes">
      <h2>{t('graph.reports')}</h2>
      <ul className="plain">
        {model.reports.map((n) => (
          <li key={n.id} data-testid="graph-node-report" data-report-id={n.report.id}>
            <button
              type="button"
              className="link-button"
              aria-pressed={selected === n.id}
              onClick={() => onSelect(n.id)}
            >
              {label('kind', n.report.kind)} <code>{shortId(n.report.id)}</code>
            </button>{' '}
            <TlpBadge tlp={n.report.tlp} />
          </li>
        ))}
      </ul>
      <h2>{t('graph.indicators')}</h2>
      <ul className="plain">
        {model.indicators.map((n) => (
          <li key={n.id} data-testid="graph-node-indicator">
            <button
              type="button"
              className="link-button"
              aria-pressed={selected === n.id}
              onClick={() => onSelect(n.id)}
            >
              <span className="muted">{label('type', n.indicatorType)}</span>{' '}
              <code className="defanged">
                <bdi dir="ltr">{n.label}</bdi>
              </code>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function LinkList({ model }: { model: GraphModel }) {
  const { t, label } = useI18n();
  const name = (id: string) => {
    const r = model.reports.find((n) => n.report.id === id)?.report;
    return r ? `${label('kind', r.kind)} ${shortId(r.id)}` : shortId(id);
  };
  return (
    <section aria-labelledby="links-title">
      <h2 id="links-title">{t('graph.links')}</h2>
      <ul className="plain link-list" data-testid="graph-links">
        {model.links.slice(0, 500).map((l) => (
          <li key={`${l.from}|${l.to}|${l.key}`}>
            {t('graph.linkExplain', {
              from: name(l.from),
              to: name(l.to),
              type: label('type', indicatorTypeOf(splitKey(l.key).type, splitKey(l.key).value)),
              fromRole: label('role', l.fromRole),
              toRole: label('role', l.toRole),
            })}
            : <code className="defanged">{keyLabel(l.key)}</code>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** `/campaigns/:id` or `/reports/:reportId/graph` (the report page's "open its campaign graph"). */
export default function CampaignPage({ params }: PageProps) {
  const { t } = useI18n();
  const reportId = params.reportId;
  const path = reportId
    ? `/v1/reports/${encodeURIComponent(reportId)}/campaign`
    : `/v1/campaigns/${encodeURIComponent(params.id ?? '')}`;
  const view = useLoad((api) => api.get<CampaignGraphView>(path, { limit: VIEW_LIMIT }), [path]);
  const model = useMemo(() => (view.data ? buildGraph(view.data) : null), [view.data]);
  const [selected, setSelected] = useState<string | null>(null);
  if (view.loading && !view.data) return <Loading />;
  if (view.error || !view.data || !model) return <ErrorNotice error={view.error} onRetry={view.reload} />;
  const chosenReport = model.reports.find((n) => n.id === selected);
  const chosenIndicator = model.indicators.find((n) => n.id === selected);
  return (
    <article aria-labelledby="graph-title" className="campaign-page">
      <p>
        <Link to="/campaigns">{t('graph.back')}</Link>
      </p>
      <h1 id="graph-title">
        {t('graph.title')} {view.data.campaignId ? <code>{shortId(view.data.campaignId)}</code> : null}
      </h1>
      <p role="status">
        {t('graph.summary', { reports: model.reports.length, indicators: model.indicators.length })}
      </p>
      {view.data.truncated ? <p className="notice warn">{t('graph.truncated')}</p> : null}
      {model.links.length === 0 ? <p className="empty">{t('graph.lone')}</p> : null}
      <div className="graph-layout">
        <CampaignGraph model={model} selected={selected} onSelect={setSelected} startReportId={reportId} />
        <aside className="graph-details" aria-live="polite" data-testid="graph-details">
          <h2>{t('graph.details')}</h2>
          {chosenReport ? <ReportDetails node={chosenReport} /> : null}
          {chosenIndicator ? <IndicatorDetails node={chosenIndicator} /> : null}
          {!chosenReport && !chosenIndicator ? <p className="hint">{t('graph.selectHint')}</p> : null}
        </aside>
      </div>
      <div className="graph-lists">
        <NodeList model={model} selected={selected} onSelect={setSelected} />
        <LinkList model={model} />
      </div>
      <AttributionPanel attributions={view.data.attributions} onChanged={view.reload} />
    </article>
  );
}
