import { defangIndicator } from '../defang.js';
import { useI18n } from '../i18n/index.js';
import { indicatorPath } from '../kinds.js';
import { Link } from '../router.js';
import { useLoad } from '../session.js';
import type { IndicatorView, Sighting } from '../types.js';
import { Defanged, SafeText } from './SafeText.js';
import { ErrorNotice, Loading } from './Status.js';

const MAX_LOOKUPS = 20;

/**
 * For each indicator of a report: how often the viewer may see it elsewhere, when, and whether a
 * partner flagged it as crime infrastructure. One lookup per indicator (the API's policy applies to
 * each), capped so a report with hundreds of indicators costs a bounded number of requests.
 */
export function IndicatorContext({ indicators }: { indicators: Sighting[] }) {
  const { t, label, dateTime } = useI18n();
  const distinct = [...new Map(indicators.map((i) => [`${i.type}:${i.value}`, i])).values()];
  const shown = distinct.slice(0, MAX_LOOKUPS);
  const key = shown.map((i) => `${i.type}:${i.value}`).join('\n');
  const views = useLoad(
    (api) =>
      Promise.allSettled(
        shown.map((i) => api.get<IndicatorView>('/v1/indicators', { value: i.value, type: i.type })),
      ),
    [key],
  );
  if (shown.length === 0) return null;
  if (views.loading && !views.data) return <Loading />;
  if (views.error) return <ErrorNotice error={views.error} onRetry={views.reload} />;
  return (
    <>
      <p className="muted">{t('report.contextLead')}</p>
      {distinct.length > shown.length ? <p>{t('report.contextMore', { count: shown.length })}</p> : null}
      <table className="indicator-context">
        <thead>
          <tr>
            <th scope="col">{t('indicator.value')}</th>
            <th scope="col">{t('report.sightings')}</th>
            <th scope="col">
              {t('ind.firstSeen')} / {t('ind.lastSeen')}
            </th>
            <th scope="col">{t('report.flags')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((i, n) => {
            const result = views.data?.[n];
            const view = result?.status === 'fulfilled' ? result.value : undefined;
            return (
              <tr key={`${i.type}:${i.value}`}>
                <td>
                  {label('type', i.type)}:{' '}
                  <Link to={indicatorPath(i.type, defangIndicator(i.type, i.value))}>
                    <Defanged type={i.type} value={i.value} />
                  </Link>
                </td>
                <td>{view ? view.sightingCount : '—'}</td>
                <td>{view ? `${dateTime(view.firstSeen)} – ${dateTime(view.lastSeen)}` : '—'}</td>
                <td>
                  {view && view.infrastructure.length > 0 ? (
                    <ul className="plain">
                      {view.infrastructure.map((f) => (
                        <li key={f.id}>
                          {label('infra', f.category)}
                          {f.service.name ? (
                            <>
                              {' '}
                              (<SafeText text={f.service.name} limit={60} />)
                            </>
                          ) : null}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    t('common.none')
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
