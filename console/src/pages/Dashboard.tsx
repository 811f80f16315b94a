import { useMemo } from 'react';
import { ApiError } from '../api.js';
import { Chart } from '../components/Chart.js';
import { SafeText } from '../components/SafeText.js';
import { Empty, ErrorNotice, Loading } from '../components/Status.js';
import { type I18n, useI18n } from '../i18n/index.js';
import { useLoad } from '../session.js';

interface Summary {
  days: string[];
  perDay: { day: string; kind: string; reports: number }[];
  perOrgKind: { orgKind: string; reports: number }[];
  topBrands: { brand: string; reports: number }[];
  campaigns: { campaignId: string; size: number; growth: { day: string; reports: number }[] }[];
}

interface CasePage {
  items: unknown[];
  next: string | null;
}

const axisDay = (day: string) => day.slice(5).replace('-', '/');
/**
 * Brand names come from reports: ECharts' default tooltip is HTML, so it is drawn on the canvas
 * instead (rich text), where a hostile name stays text.
 */
const TOOLTIP = { trigger: 'axis', renderMode: 'richText' } as const;

function perDayOption(s: Summary, i18n: I18n) {
  const kinds = [...new Set(s.perDay.map((p) => p.kind))].sort();
  const cell = new Map(s.perDay.map((p) => [`${p.day}|${p.kind}`, p.reports]));
  return {
    tooltip: TOOLTIP,
    legend: { top: 0 },
    grid: { left: 40, right: 16, top: 48, bottom: 32 },
    xAxis: { type: 'category', data: s.days.map(axisDay) },
    yAxis: { type: 'value', minInterval: 1 },
    series: kinds.map((k) => ({
      name: i18n.label('kind', k),
      type: 'line',
      stack: 'reports',
      areaStyle: {},
      symbol: 'none',
      data: s.days.map((d) => cell.get(`${d}|${k}`) ?? 0),
    })),
  };
}

function barOption(names: string[], values: number[], seriesName: string) {
  return {
    tooltip: TOOLTIP,
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: names, inverse: true },
    series: [{ name: seriesName, type: 'bar', data: values }],
  };
}

function campaignOption(s: Summary) {
  return {
    tooltip: TOOLTIP,
    legend: { top: 0, type: 'scroll' },
    grid: { left: 40, right: 16, top: 48, bottom: 32 },
    xAxis: { type: 'category', data: s.days.map(axisDay) },
    yAxis: { type: 'value', minInterval: 1 },
    series: s.campaigns.map((c) => {
      const at = new Map(c.growth.map((g) => [g.day, g.reports]));
      let last: number | null = null;
      return {
        name: c.campaignId.slice(0, 8),
        type: 'line',
        step: 'end',
        symbol: 'none',
        data: s.days.map((d) => {
          last = at.get(d) ?? last;
          return last;
        }),
      };
    }),
  };
}

/** The numbers behind a chart, as a table: the accessible equivalent of the canvas. */
function ValuesTable({ rows, head }: { rows: [string, number][]; head: [string, string] }) {
  const { t } = useI18n();
  return (
    <details className="values">
      <summary>{t('dash.tableAlt')}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{head[0]}</th>
            <th scope="col">{head[1]}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, n]) => (
            <tr key={name}>
              <td>
                <SafeText text={name} limit={80} />
              </td>
              <td>{n}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

export default function Dashboard() {
  const i18n = useI18n();
  const { t, label } = i18n;
  const summary = useLoad((api) => api.get<Summary>('/v1/console/dashboard', { days: 30 }), []);
  const cases = useLoad((api) => api.get<CasePage>('/v1/fraud/cases', { status: 'open', limit: 100 }), []);
  const s = summary.data;
  const options = useMemo(() => {
    if (!s) return null;
    return {
      perDay: perDayOption(s, i18n),
      orgKinds: barOption(
        s.perOrgKind.map((o) => label('orgKind', o.orgKind)),
        s.perOrgKind.map((o) => o.reports),
        t('dash.reports'),
      ),
      brands: barOption(
        s.topBrands.map((b) => b.brand),
        s.topBrands.map((b) => b.reports),
        t('dash.reports'),
      ),
      campaigns: campaignOption(s),
    };
  }, [s, i18n, label, t]);
  const perDayTotals = s
    ? s.days.map((d): [string, number] => [
        d,
        s.perDay.filter((p) => p.day === d).reduce((sum, p) => sum + p.reports, 0),
      ])
    : [];

  return (
    <section aria-labelledby="dash-title">
      <h1 id="dash-title">{t('dash.title')}</h1>
      <p className="lead">{t('dash.lead')}</p>
      {summary.loading && !s ? <Loading /> : null}
      {summary.error ? <ErrorNotice error={summary.error} onRetry={summary.reload} /> : null}
      <div className="cards">
        <article className="card" aria-labelledby="dash-cases">
          <h2 id="dash-cases">{t('dash.cases')}</h2>
          {cases.loading && !cases.data ? <Loading /> : null}
          {cases.error instanceof ApiError && cases.error.status === 403 ? (
            <p className="muted">{t('dash.needsScope', { scope: 'fraud:read' })}</p>
          ) : cases.error ? (
            <ErrorNotice error={cases.error} onRetry={cases.reload} />
          ) : null}
          {cases.data ? (
            <p className="big-number" data-testid="open-cases">
              {cases.data.items.length}
              {cases.data.next ? '+' : ''}
            </p>
          ) : null}
        </article>
      </div>
      {s && options ? (
        <div className="charts">
          <article className="card wide" aria-labelledby="dash-perday">
            <h2 id="dash-perday">{t('dash.perDay')}</h2>
            {s.perDay.length === 0 ? (
              <Empty>{t('dash.noData')}</Empty>
            ) : (
              <>
                <Chart option={options.perDay} label={t('dash.perDay')} />
                <ValuesTable rows={perDayTotals} head={[t('inbox.received'), t('dash.reports')]} />
              </>
            )}
          </article>
          <article className="card" aria-labelledby="dash-orgkind">
            <h2 id="dash-orgkind">{t('dash.perOrgKind')}</h2>
            {s.perOrgKind.length === 0 ? (
              <Empty>{t('dash.noData')}</Empty>
            ) : (
              <>
                <Chart option={options.orgKinds} label={t('dash.perOrgKind')} />
                <ValuesTable
                  rows={s.perOrgKind.map((o) => [label('orgKind', o.orgKind), o.reports])}
                  head={[t('dash.perOrgKind'), t('dash.reports')]}
                />
              </>
            )}
          </article>
          <article className="card" aria-labelledby="dash-brands">
            <h2 id="dash-brands">{t('dash.brands')}</h2>
            {s.topBrands.length === 0 ? (
              <Empty>{t('dash.noData')}</Empty>
            ) : (
              <>
                <Chart option={options.brands} label={t('dash.brands')} />
                <ValuesTable
                  rows={s.topBrands.map((b) => [b.brand, b.reports])}
                  head={[t('dash.brands'), t('dash.reports')]}
                />
              </>
            )}
          </article>
          <article className="card wide" aria-labelledby="dash-campaigns">
            <h2 id="dash-campaigns">{t('dash.campaigns')}</h2>
            {s.campaigns.length === 0 ? (
              <Empty>{t('dash.noData')}</Empty>
            ) : (
              <>
                <Chart option={options.campaigns} label={t('dash.campaigns')} />
                <ValuesTable
                  rows={s.campaigns.map((c) => [c.campaignId, c.size])}
                  head={[t('report.campaign'), t('dash.reports')]}
                />
              </>
            )}
          </article>
        </div>
      ) : null}
    </section>
  );
}
