import { useState } from 'react';
import { SafeText } from '../components/SafeText.js';
import { ErrorNotice, ListState } from '../components/Status.js';
import { useI18n } from '../i18n/index.js';
import type { FraudCase } from '../investigate-types.js';
import { Link } from '../router.js';
import { hasScope } from '../scopes.js';
import { useLoad, useSession } from '../session.js';
import '../investigate.css';

type Label = 'fraud' | 'legitimate';

/** Open cases, oldest first; deciding one removes it from the queue (fraud is shared unless refused). */
export default function FraudCases() {
  const { t, label, dateTime } = useI18n();
  const { api, me } = useSession();
  const cases = useLoad(
    (a) =>
      a.get<{ items: FraudCase[]; next: string | null }>('/v1/fraud/cases', { status: 'open', limit: 50 }),
    [],
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const mayDecide = hasScope(me, 'fraud:admin');
  const decide = async (c: FraudCase, decision: Label) => {
    setBusy(c.id);
    setError(null);
    try {
      await api.post(`/v1/fraud/cases/${encodeURIComponent(c.id)}/decision`, { label: decision });
      setDone(
        t('cases.decided', { id: c.id, label: t(decision === 'fraud' ? 'cases.fraud' : 'cases.legitimate') }),
      );
      cases.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const items = cases.data?.items ?? [];
  return (
    <section aria-labelledby="cases-title">
      <p>
        <Link to="/fraud">{t('fraud.title')}</Link>
      </p>
      <h1 id="cases-title">{t('cases.title')}</h1>
      <p className="lead">{t('cases.lead')}</p>
      {mayDecide ? null : <p className="hint">{t('fraud.readOnly')}</p>}
      {done ? (
        <p className="notice success" role="status">
          {done}
        </p>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
      <ListState loaded={cases} count={items.length} empty={t('cases.empty')} />
      {items.length > 0 ? (
        <div className="table-scroll">
          <table data-testid="cases">
            <thead>
              <tr>
                <th scope="col">{t('cases.openedAt')}</th>
                <th scope="col">{t('cases.account')}</th>
                <th scope="col">{t('cases.event')}</th>
                <th scope="col">{t('cases.decision')}</th>
                <th scope="col" className="number">
                  {t('cases.score')}
                </th>
                {mayDecide ? <th scope="col">{t('fraud.actions')}</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <time dateTime={c.openedAt}>{dateTime(c.openedAt)}</time>
                  </td>
                  <td>
                    <SafeText text={c.accountId} limit={80} />
                  </td>
                  <td>
                    <SafeText text={c.eventId} limit={80} />
                  </td>
                  <td>{label('engine', c.decision)}</td>
                  <td className="number">{c.score}</td>
                  {mayDecide ? (
                    <td className="actions">
                      <button
                        type="button"
                        className="primary"
                        disabled={busy !== null}
                        onClick={() => void decide(c, 'fraud')}
                      >
                        {t('cases.fraud')}
                      </button>
                      <button
                        type="button"
                        disabled={busy !== null}
                        onClick={() => void decide(c, 'legitimate')}
                      >
                        {t('cases.legitimate')}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
