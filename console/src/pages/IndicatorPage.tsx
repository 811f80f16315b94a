import { type FormEvent, useId, useState } from 'react';
import { Defanged, SafeText } from '../components/SafeText.js';
import { Empty, ErrorNotice, Loading } from '../components/Status.js';
import { TlpBadge } from '../components/TlpBadge.js';
import { useI18n } from '../i18n/index.js';
import { Link, useRouter } from '../router.js';
import { useLoad } from '../session.js';
import type { IndicatorView } from '../types.js';

/** An indicator with the sightings and infrastructure flags the viewer may see, newest first. */
export default function IndicatorPage() {
  const { t, label, dateTime } = useI18n();
  const { location, navigate } = useRouter();
  const value = location.query.get('value') ?? '';
  const type = location.query.get('type') ?? '';
  const [draft, setDraft] = useState(value);
  const inputId = useId();
  const view = useLoad(
    (api) =>
      value
        ? api.get<IndicatorView>('/v1/indicators', { value, type: type || undefined })
        : Promise.resolve(null),
    [value, type],
  );
  const search = (event: FormEvent) => {
    event.preventDefault();
    if (draft.trim()) navigate(`/indicators?${new URLSearchParams({ value: draft.trim() })}`);
  };
  const v = view.data;
  return (
    <section aria-labelledby="indicator-title">
      <h1 id="indicator-title">{t('ind.title')}</h1>
      <form className="lookup" onSubmit={search} aria-label={t('ind.lookup')}>
        <label htmlFor={inputId}>{t('ind.lookupLabel')}</label>
        <input
          id={inputId}
          type="search"
          spellCheck={false}
          autoComplete="off"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="primary">
          {t('ind.search')}
        </button>
      </form>
      {view.loading && value ? <Loading /> : null}
      {view.error ? <ErrorNotice error={view.error} onRetry={view.reload} /> : null}
      {v ? (
        <>
          <h2>
            {label('type', v.type)}: <Defanged type={v.type} value={v.value} />
          </h2>
          <dl className="facts">
            <dt>{t('ind.sightingCount')}</dt>
            <dd>{v.sightingCount}</dd>
            <dt>{t('ind.firstSeen')}</dt>
            <dd>{dateTime(v.firstSeen)}</dd>
            <dt>{t('ind.lastSeen')}</dt>
            <dd>{dateTime(v.lastSeen)}</dd>
          </dl>
          <h2>{t('ind.flags')}</h2>
          {v.infrastructure.length === 0 ? <Empty>{t('ind.noFlags')}</Empty> : null}
          {v.infrastructure.length > 0 ? (
            <ul className="flags">
              {v.infrastructure.map((f) => (
                <li key={f.id}>
                  <TlpBadge tlp={f.tlp} /> <strong>{t('ind.flagCategory')}</strong>:{' '}
                  {label('infra', f.category)}; <strong>{t('ind.flagService')}</strong>:{' '}
                  <SafeText text={f.service.name ?? '—'} limit={100} />; <strong>{t('ind.flagBy')}</strong>:{' '}
                  <code>{f.flaggedBy.orgId}</code>
                  <div>
                    <strong>{t('ind.flagEvidence')}</strong>: <SafeText text={f.evidence} limit={300} />
                  </div>
                </li>
              ))}
            </ul>
          ) : null}
          <h2>{t('ind.sightings')}</h2>
          {v.sightings.length === 0 ? <Empty>{t('ind.noSightings')}</Empty> : null}
          {v.sightings.length > 0 ? (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('ind.observedAt')}</th>
                  <th scope="col">TLP</th>
                  <th scope="col">{t('report.kind')}</th>
                  <th scope="col">{t('indicator.role')}</th>
                  <th scope="col">{t('ind.report')}</th>
                </tr>
              </thead>
              <tbody>
                {v.sightings.map((s) => (
                  <tr key={`${s.reportId}:${s.role}`}>
                    <td>
                      <time dateTime={s.observedAt}>{dateTime(s.observedAt)}</time>
                    </td>
                    <td>
                      <TlpBadge tlp={s.tlp} />
                    </td>
                    <td>{label('kind', s.reportKind)}</td>
                    <td>{label('role', s.role)}</td>
                    <td>
                      <Link to={`/reports/${encodeURIComponent(s.reportId)}`}>{t('inbox.open')}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
