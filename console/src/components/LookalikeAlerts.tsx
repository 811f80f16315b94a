import { useState } from 'react';
import { useI18n } from '../i18n/index.js';
import type { LookalikeAlert } from '../investigate-types.js';
import { useLoad, useSession } from '../session.js';
import { ErrorNotice, ListState } from './Status.js';

type Decision = 'confirmed' | 'dismissed';

/**
 * Lookalike domains of the caller's brands, newest first. An open alert can be confirmed (it is a
 * lookalike worth a takedown) or dismissed; the server decides who may (the brand owner's analysts,
 * the centre) and its 403 is shown as any other error.
 */
export function LookalikeAlerts() {
  const { t, label, dateTime } = useI18n();
  const { api } = useSession();
  const alerts = useLoad(
    (a) => a.get<{ items: LookalikeAlert[] }>('/v1/lookalike-alerts', { limit: 100 }),
    [],
  );
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const decide = async (alert: LookalikeAlert, status: Decision) => {
    setBusy(alert.id);
    setError(null);
    try {
      await api.patch(`/v1/lookalike-alerts/${encodeURIComponent(alert.id)}`, { status });
      alerts.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section aria-labelledby="alerts-title">
      <h2 id="alerts-title">{t('alerts.title')}</h2>
      {error ? <ErrorNotice error={error} /> : null}
      <ListState loaded={alerts} count={alerts.data?.items.length ?? 0} empty={t('alerts.empty')} />
      {alerts.data && alerts.data.items.length > 0 ? (
        <div className="table-scroll">
          <table data-testid="lookalike-alerts">
            <thead>
              <tr>
                <th scope="col">{t('alerts.domain')}</th>
                <th scope="col">{t('alerts.brand')}</th>
                <th scope="col">{t('alerts.kind')}</th>
                <th scope="col">{t('alerts.lastSeen')}</th>
                <th scope="col">{t('alerts.status')}</th>
              </tr>
            </thead>
            <tbody>
              {alerts.data.items.map((a) => (
                <tr key={a.id}>
                  <td>
                    <code className="defanged">
                      <bdi dir="ltr">{a.domain}</bdi>
                    </code>
                  </td>
                  <td>
                    <code>{a.brand}</code>
                  </td>
                  <td>
                    {label('alertKind', a.kind)} ({a.distance})
                  </td>
                  <td>
                    <time dateTime={a.lastSeen}>{dateTime(a.lastSeen)}</time>
                  </td>
                  <td>
                    <span data-testid={`alert-status-${a.id}`}>{label('alertStatus', a.status)}</span>
                    {a.status === 'open' ? (
                      <span className="actions">
                        <button
                          type="button"
                          disabled={busy !== null}
                          aria-label={t('alerts.confirmFor', { domain: a.domain })}
                          onClick={() => void decide(a, 'confirmed')}
                        >
                          {t('alerts.confirm')}
                        </button>
                        <button
                          type="button"
                          className="secondary"
                          disabled={busy !== null}
                          aria-label={t('alerts.dismissFor', { domain: a.domain })}
                          onClick={() => void decide(a, 'dismissed')}
                        >
                          {t('alerts.dismiss')}
                        </button>
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
