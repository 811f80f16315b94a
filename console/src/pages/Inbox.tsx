import { type FormEvent, useId, useState } from 'react';
import { IndicatorTable } from '../components/Indicators.js';
import { SafeText } from '../components/SafeText.js';
import { ErrorNotice, ListState, Loading } from '../components/Status.js';
import { TlpBadge } from '../components/TlpBadge.js';
import { jstDayEnd, jstDayStart } from '../i18n/format.js';
import { useI18n } from '../i18n/index.js';
import { REPORT_KINDS, TLP_LEVELS } from '../kinds.js';
import { Link, useRouter } from '../router.js';
import { useLoad, useSession } from '../session.js';
import type { Report, ReportPage } from '../types.js';

interface Filters {
  kind: string;
  tlp: string;
  since: string;
  until: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function filtersOf(query: URLSearchParams): Filters {
  const day = (v: string | null) => (v && DAY.test(v) ? v : '');
  return {
    kind: (REPORT_KINDS as readonly string[]).includes(query.get('kind') ?? '')
      ? (query.get('kind') as string)
      : '',
    tlp: (TLP_LEVELS as readonly string[]).includes(query.get('tlp') ?? '')
      ? (query.get('tlp') as string)
      : '',
    since: day(query.get('since')),
    until: day(query.get('until')),
  };
}

/** New reports with filters kept in the URL, so a filtered inbox can be bookmarked and reloaded. */
export default function Inbox() {
  const { t, label } = useI18n();
  const { location, navigate } = useRouter();
  const applied = filtersOf(location.query);
  const [draft, setDraft] = useState<Filters>(applied);
  const [more, setMore] = useState<{ items: Report[]; cursor: string | null; error?: unknown }>({
    items: [],
    cursor: null,
  });
  const ids = { kind: useId(), tlp: useId(), since: useId(), until: useId() };
  const key = JSON.stringify(applied);
  const page = useLoad(
    (api) =>
      api.get<ReportPage>('/v1/reports', {
        limit: 50,
        kind: applied.kind,
        tlp: applied.tlp,
        since: applied.since ? jstDayStart(applied.since) : undefined,
        until: applied.until ? jstDayEnd(applied.until) : undefined,
      }),
    [key],
  );
  const { api } = useSession();
  const apply = (event: FormEvent) => {
    event.preventDefault();
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(draft)) if (v) params.set(k, v);
    setMore({ items: [], cursor: null });
    navigate(`/inbox${params.size ? `?${params}` : ''}`);
  };
  const loadMore = async (cursor: string) => {
    try {
      const next = await api.get<ReportPage>('/v1/reports', {
        limit: 50,
        cursor,
        kind: applied.kind,
        tlp: applied.tlp,
        since: applied.since ? jstDayStart(applied.since) : undefined,
        until: applied.until ? jstDayEnd(applied.until) : undefined,
      });
      setMore((m) => ({ items: [...m.items, ...next.items], cursor: next.nextCursor }));
    } catch (error) {
      setMore((m) => ({ ...m, error }));
    }
  };
  const items = [...(page.data?.items ?? []), ...more.items];
  const cursor = more.items.length > 0 ? more.cursor : (page.data?.nextCursor ?? null);

  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t('inbox.title')}</h1>
      <p className="lead">{t('inbox.lead')}</p>
      <form className="filters" onSubmit={apply} aria-label={t('inbox.filters')}>
        <div>
          <label htmlFor={ids.kind}>{t('inbox.kind')}</label>
          <select
            id={ids.kind}
            value={draft.kind}
            onChange={(e) => setDraft({ ...draft, kind: e.target.value })}
          >
            <option value="">{t('inbox.any')}</option>
            {REPORT_KINDS.map((k) => (
              <option key={k} value={k}>
                {label('kind', k)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.tlp}>{t('inbox.tlp')}</label>
          <select
            id={ids.tlp}
            value={draft.tlp}
            onChange={(e) => setDraft({ ...draft, tlp: e.target.value })}
          >
            <option value="">{t('inbox.any')}</option>
            {TLP_LEVELS.map((l) => (
              <option key={l} value={l}>
                {label('tlp', l)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.since}>{t('inbox.since')}</label>
          <input
            id={ids.since}
            type="date"
            value={draft.since}
            onChange={(e) => setDraft({ ...draft, since: e.target.value })}
          />
        </div>
        <div>
          <label htmlFor={ids.until}>{t('inbox.until')}</label>
          <input
            id={ids.until}
            type="date"
            value={draft.until}
            onChange={(e) => setDraft({ ...draft, until: e.target.value })}
          />
        </div>
        <div className="actions">
          <button type="submit" className="primary">
            {t('inbox.apply')}
          </button>
          <button
            type="button"
            onClick={() => {
              setDraft({ kind: '', tlp: '', since: '', until: '' });
              setMore({ items: [], cursor: null });
              navigate('/inbox');
            }}
          >
            {t('inbox.reset')}
          </button>
        </div>
      </form>
      <ListState loaded={page} count={items.length} empty={t('inbox.empty')} />
      {items.length > 0 ? (
        <>
          <p className="count" role="status">
            {t('inbox.count', { count: items.length })}
          </p>
          <ul className="reports">
            {items.map((r) => (
              <InboxRow key={r.id} report={r} />
            ))}
          </ul>
        </>
      ) : null}
      {more.error ? <ErrorNotice error={more.error} /> : null}
      {cursor ? (
        <button type="button" onClick={() => void loadMore(cursor)}>
          {t('inbox.more')}
        </button>
      ) : null}
    </section>
  );
}

/** What a row says when the reporter wrote no description: the URL or SMS text it is about (defanged by SafeText). */
function summaryOf(report: Report): string {
  if (report.description) return report.description;
  const details = (report.details ?? {}) as Record<string, unknown>;
  for (const field of ['url', 'body', 'sender', 'category', 'fraudType', 'family', 'sourceIp']) {
    const value = details[field];
    if (typeof value === 'string' && value) return value;
  }
  return '';
}

function InboxRow({ report }: { report: Report }) {
  const { t, label, dateTime } = useI18n();
  const { api } = useSession();
  const [open, setOpen] = useState(false);
  const [detail, setDetail] = useState<{ report?: Report; error?: unknown }>({});
  const panelId = useId();
  const summary = summaryOf(report);
  const toggle = async () => {
    setOpen(!open);
    if (open || detail.report) return;
    try {
      setDetail({ report: await api.get<Report>(`/v1/reports/${encodeURIComponent(report.id)}`) });
    } catch (error) {
      setDetail({ error });
    }
  };
  return (
    <li className="report-row" data-report-id={report.id}>
      <div className="row-head">
        <TlpBadge tlp={report.tlp} />
        <span className="kind">{label('kind', report.kind)}</span>
        <time dateTime={report.createdAt}>{dateTime(report.createdAt)}</time>
      </div>
      <p className="subject">
        {report.title ? <SafeText text={report.title} limit={120} /> : null}
        {report.title && summary ? ' — ' : null}
        {summary ? <SafeText text={summary} limit={160} /> : null}
        {!report.title && !summary ? t('inbox.untitled') : null}
      </p>
      <div className="row-actions">
        <button type="button" aria-expanded={open} aria-controls={panelId} onClick={() => void toggle()}>
          {open ? t('inbox.hideIndicators') : t('inbox.showIndicators')}
        </button>
        <Link to={`/reports/${encodeURIComponent(report.id)}`}>{t('inbox.open')}</Link>
      </div>
      <div id={panelId} hidden={!open} className="row-panel">
        {open && !detail.report && !detail.error ? <Loading /> : null}
        {detail.error ? <ErrorNotice error={detail.error} /> : null}
        {detail.report ? <IndicatorTable indicators={detail.report.indicators ?? []} /> : null}
      </div>
    </li>
  );
}
