import { useState } from 'react';
import { BacktestTable } from '../components/BacktestTable.js';
import { RuleSetDiff } from '../components/RuleSetDiff.js';
import { RuleSetEditor } from '../components/RuleSetEditor.js';
import { ErrorNotice, ListState, Loading } from '../components/Status.js';
import { useI18n } from '../i18n/index.js';
import type { JournalBacktest, RuleSetStatus, RuleSetSummary, RuleSetVersion } from '../investigate-types.js';
import { Link } from '../router.js';
import { hasScope } from '../scopes.js';
import { useLoad, useSession } from '../session.js';
import '../investigate.css';

const versionPath = (setId: string, version: string) =>
  `/v1/fraud/rule-sets/${encodeURIComponent(setId)}/versions/${encodeURIComponent(version)}`;

/** The status changes offered from each status (activating retires the previous active version). */
const NEXT: Record<RuleSetStatus, RuleSetStatus[]> = {
  draft: ['shadow', 'active', 'retired'],
  shadow: ['active', 'retired'],
  active: ['retired'],
  retired: ['shadow', 'active'],
};
const ACTION_KEY = {
  active: 'fraud.activate',
  shadow: 'fraud.shadow',
  retired: 'fraud.retire',
  draft: 'fraud.view',
} as const;

function VersionView({
  setId,
  version,
  mayEdit,
  onSaved,
}: {
  setId: string;
  version: string;
  mayEdit: boolean;
  onSaved(saved: RuleSetSummary): void;
}) {
  const { t } = useI18n();
  const body = useLoad((api) => api.get<RuleSetVersion>(versionPath(setId, version)), [setId, version]);
  const [editing, setEditing] = useState(false);
  if (body.loading && !body.data) return <Loading />;
  if (body.error || !body.data) return <ErrorNotice error={body.error} onRetry={body.reload} />;
  const json = JSON.stringify(body.data.ruleSet, null, 2);
  return (
    <section aria-labelledby="version-title" data-testid="rule-version">
      <h2 id="version-title">
        {setId} — {t('fraud.json', { version })}
      </h2>
      {editing ? (
        <RuleSetEditor
          initial={json}
          onSaved={(saved) => {
            setEditing(false);
            onSaved(saved);
          }}
          onCancel={() => setEditing(false)}
        />
      ) : (
        <>
          <pre className="json">{json}</pre>
          {mayEdit ? (
            <div className="actions">
              <button type="button" onClick={() => setEditing(true)}>
                {t('fraud.edit')}
              </button>
            </div>
          ) : null}
        </>
      )}
    </section>
  );
}

export default function Fraud() {
  const { t, label, dateTime } = useI18n();
  const { api, me } = useSession();
  const sets = useLoad((a) => a.get<{ items: RuleSetSummary[] }>('/v1/fraud/rule-sets'), []);
  const [selected, setSelected] = useState<{ setId: string; version: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState<'status' | 'backtest' | null>(null);
  const [backtest, setBacktest] = useState<JournalBacktest | null>(null);
  const mayEdit = hasScope(me, 'fraud:admin');

  const run = async (kind: 'status' | 'backtest', work: () => Promise<void>) => {
    setBusy(kind);
    setActionError(null);
    try {
      await work();
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(null);
    }
  };
  const setStatus = (s: RuleSetSummary, status: RuleSetStatus) =>
    run('status', async () => {
      await api.put(`${versionPath(s.setId, s.version)}/status`, { status });
      sets.reload();
    });
  const runBacktest = (s: RuleSetSummary) =>
    run('backtest', async () => {
      setBacktest(null);
      setBacktest(await api.post<JournalBacktest>(`${versionPath(s.setId, s.version)}/backtest`, {}));
    });

  const items = sets.data?.items ?? [];
  const bySet = new Map<string, RuleSetSummary[]>();
  for (const s of items) bySet.set(s.setId, [...(bySet.get(s.setId) ?? []), s]);
  return (
    <div>
      <h1>{t('fraud.title')}</h1>
      <p className="lead">{t('fraud.lead')}</p>
      <p>
        <Link to="/fraud/cases">{t('cases.nav')}</Link>
      </p>
      {mayEdit ? null : <p className="hint">{t('fraud.readOnly')}</p>}
      {notice ? (
        <p className="notice success" role="status">
          {notice}
        </p>
      ) : null}
      {actionError ? <ErrorNotice error={actionError} /> : null}
      <ListState loaded={sets} count={items.length} empty={t('fraud.empty')} />
      {[...bySet].map(([setId, versions]) => (
        <section key={setId} aria-labelledby={`set-${setId}`}>
          <h2 id={`set-${setId}`}>
            {t('fraud.set')}: <code>{setId}</code>
          </h2>
          <div className="table-scroll">
            <table data-testid="rule-sets">
              <thead>
                <tr>
                  <th scope="col">{t('fraud.version')}</th>
                  <th scope="col">{t('fraud.status')}</th>
                  <th scope="col" className="number">
                    {t('fraud.rules')}
                  </th>
                  <th scope="col">{t('fraud.changedAt')}</th>
                  <th scope="col">{t('fraud.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((s) => (
                  <tr key={s.version} data-version={s.version} data-status={s.status}>
                    <td>
                      <code>{s.version}</code>
                    </td>
                    <td>
                      <span className={`status-badge status-${s.status}`}>{label('status', s.status)}</span>
                    </td>
                    <td className="number">{s.rules}</td>
                    <td>
                      <time dateTime={s.statusChangedAt}>{dateTime(s.statusChangedAt)}</time>
                    </td>
                    <td className="actions">
                      <button type="button" onClick={() => setSelected({ setId, version: s.version })}>
                        {t('fraud.view')}
                        <span className="visually-hidden"> {s.version}</span>
                      </button>
                      {mayEdit
                        ? NEXT[s.status].map((next) => (
                            <button
                              key={next}
                              type="button"
                              disabled={busy !== null}
                              onClick={() => void setStatus(s, next)}
                            >
                              {t(ACTION_KEY[next])}
                              <span className="visually-hidden"> {s.version}</span>
                            </button>
                          ))
                        : null}
                      {mayEdit ? (
                        <button type="button" disabled={busy !== null} onClick={() => void runBacktest(s)}>
                          {t('fraud.backtest')}
                          <span className="visually-hidden"> {s.version}</span>
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{t('fraud.diff')}</h3>
          <RuleSetDiff setId={setId} versions={versions} />
        </section>
      ))}
      {busy === 'backtest' ? <p role="status">{t('bt.busy')}</p> : null}
      {backtest ? <BacktestTable report={backtest} /> : null}
      {selected ? (
        <VersionView
          key={`${selected.setId}|${selected.version}`}
          setId={selected.setId}
          version={selected.version}
          mayEdit={mayEdit}
          onSaved={(saved) => {
            setNotice(t('fraud.saved', { version: saved.version }));
            setSelected({ setId: saved.setId, version: saved.version });
            sets.reload();
          }}
        />
      ) : null}
    </div>
  );
}
