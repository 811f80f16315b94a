import { CampaignLink } from '../components/CampaignLink.js';
import { IndicatorContext } from '../components/IndicatorContext.js';
import { IndicatorTable } from '../components/Indicators.js';
import { SafeText } from '../components/SafeText.js';
import { ErrorNotice, Loading } from '../components/Status.js';
import { TlpBadge } from '../components/TlpBadge.js';
import { useI18n } from '../i18n/index.js';
import { Link } from '../router.js';
import type { PageProps } from '../routes.js';
import { useLoad } from '../session.js';
import type { CampaignView, Report } from '../types.js';

/** Structured details as text: strings inert and defanged, anything else as its JSON. */
function DetailValue({ value }: { value: unknown }) {
  if (typeof value === 'string') return <SafeText text={value} limit={300} />;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return (
      <ul className="plain">
        {value.slice(0, 100).map((v, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: values may repeat; the order is fixed
          <li key={i}>
            <SafeText text={v} limit={300} />
          </li>
        ))}
      </ul>
    );
  }
  return <SafeText text={JSON.stringify(value) ?? ''} limit={300} />;
}

export default function ReportPage({ params }: PageProps) {
  const { t, label, dateTime } = useI18n();
  const id = params.id ?? '';
  const report = useLoad((api) => api.get<Report>(`/v1/reports/${encodeURIComponent(id)}`), [id]);
  const campaign = useLoad(
    (api) => api.get<CampaignView>(`/v1/reports/${encodeURIComponent(id)}/campaign`, { limit: 50 }),
    [id],
  );
  if (report.loading && !report.data) return <Loading />;
  if (report.error || !report.data) return <ErrorNotice error={report.error} onRetry={report.reload} />;
  const r = report.data;
  const details =
    r.details && typeof r.details === 'object' && !Array.isArray(r.details)
      ? Object.entries(r.details as Record<string, unknown>)
      : [];
  const related = (campaign.data?.reports ?? []).filter((x) => x.id !== r.id);
  return (
    <article aria-labelledby="report-title">
      <p>
        <Link to="/inbox">{t('report.back')}</Link>
      </p>
      <h1 id="report-title">
        {t('report.title')}: {r.title ? <SafeText text={r.title} limit={200} /> : label('kind', r.kind)}
      </h1>
      <dl className="facts">
        <dt>{t('report.marking')}</dt>
        <dd>
          <TlpBadge tlp={r.tlp} /> <span className="pap">PAP:{r.pap}</span>
        </dd>
        <dt>{t('report.kind')}</dt>
        <dd>{label('kind', r.kind)}</dd>
        <dt>{t('report.createdAt')}</dt>
        <dd>
          <time dateTime={r.createdAt}>{dateTime(r.createdAt)}</time>
        </dd>
        <dt>{t('report.observedAt')}</dt>
        <dd>{r.observedAt ? <time dateTime={r.observedAt}>{dateTime(r.observedAt)}</time> : '—'}</dd>
        <dt>{t('report.reporter')}</dt>
        <dd>
          <code>{r.reporter.orgId}</code>
        </dd>
        {r.externalId ? (
          <>
            <dt>{t('report.externalId')}</dt>
            <dd>
              <SafeText text={r.externalId} limit={200} />
            </dd>
          </>
        ) : null}
      </dl>
      <h2>{t('report.description')}</h2>
      {r.description ? <SafeText text={r.description} limit={2000} block /> : <p>{t('common.none')}</p>}
      {details.length > 0 ? (
        <>
          <h2>{t('report.details')}</h2>
          <dl className="facts">
            {details.slice(0, 50).map(([k, v]) => (
              <div key={k} className="fact">
                <dt>
                  <SafeText text={label('field', k)} limit={100} />
                </dt>
                <dd>
                  <DetailValue value={v} />
                </dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
      <h2>{t('report.indicators')}</h2>
      <IndicatorTable indicators={r.indicators ?? []} />
      {(r.indicators ?? []).length > 0 ? (
        <>
          <h2>{t('report.context')}</h2>
          <IndicatorContext indicators={r.indicators ?? []} />
        </>
      ) : null}
      <h2>{t('report.campaign')}</h2>
      <CampaignLink reportId={r.id} />
      {campaign.loading && !campaign.data ? <Loading /> : null}
      {campaign.error ? <ErrorNotice error={campaign.error} onRetry={campaign.reload} /> : null}
      {campaign.data && related.length === 0 ? <p>{t('report.noCampaign')}</p> : null}
      {related.length > 0 ? (
        <>
          <p>{t('report.campaignSize', { count: campaign.data?.size ?? 0 })}</p>
          <h3>{t('report.history')}</h3>
          <ol className="history">
            {[...(campaign.data?.reports ?? [])]
              .sort((a, b) => (a.observedAt ?? '').localeCompare(b.observedAt ?? ''))
              .map((x) => (
                <li key={x.id}>
                  <time dateTime={x.observedAt ?? undefined}>{dateTime(x.observedAt)}</time>{' '}
                  <TlpBadge tlp={x.tlp} /> {label('kind', x.kind)}{' '}
                  {x.id === r.id ? (
                    <strong>({t('report.title')})</strong>
                  ) : (
                    <Link to={`/reports/${encodeURIComponent(x.id)}`}>{t('inbox.open')}</Link>
                  )}
                </li>
              ))}
          </ol>
        </>
      ) : null}
    </article>
  );
}
