import { useState } from 'react';
import { defangUrl } from '../defang.js';
import { useI18n } from '../i18n/index.js';
import type { AttributionView } from '../investigate-types.js';
import { Link } from '../router.js';
import { hasScope } from '../scopes.js';
import { useSession } from '../session.js';
import { SafeText } from './SafeText.js';
import { ErrorNotice } from './Status.js';
import { TlpBadge } from './TlpBadge.js';

function EvidenceItem({ kind, value }: { kind: string; value: string }) {
  const { label } = useI18n();
  let body = <SafeText text={value} limit={200} />;
  if (kind === 'report') body = <Link to={`/reports/${encodeURIComponent(value)}`}>{value}</Link>;
  else if (kind === 'url')
    body = (
      <code className="defanged">
        <bdi dir="ltr">{defangUrl(value)}</bdi>
      </code>
    );
  return (
    <li>
      <span className="evidence-kind">{label('evidence', kind)}</span> {body}
    </li>
  );
}

/**
 * Who attributed the campaign to whom, how sure and on what evidence. Confirm and reject are shown
 * to keys that may decide (attribution:write, as the server's requireScope checks) and to no one else.
 */
export function AttributionPanel({
  attributions,
  onChanged,
}: {
  attributions: AttributionView[];
  onChanged(): void;
}) {
  const { t, label, dateTime } = useI18n();
  const { api, me } = useSession();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const mayDecide = hasScope(me, 'attribution:write');
  const decide = async (id: string, decision: 'confirmed' | 'rejected') => {
    setBusy(id);
    setError(null);
    try {
      await api.post(`/v1/attributions/${encodeURIComponent(id)}/decision`, { decision });
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <section className="attribution" aria-labelledby="attr-title" data-testid="attribution-panel">
      <h2 id="attr-title">{t('attr.title')}</h2>
      {error ? <ErrorNotice error={error} /> : null}
      {attributions.length === 0 ? <p className="empty">{t('attr.none')}</p> : null}
      {attributions.length > 0 && !mayDecide ? <p className="hint">{t('attr.readOnly')}</p> : null}
      {attributions.map((a) => (
        <article key={a.id} className="attribution-card" data-decision={a.decision}>
          <h3>
            <bdi dir="auto">
              <SafeText text={a.actor.name} limit={120} />
            </bdi>{' '}
            <span className="muted">({label('stixType', a.actor.type)})</span>
          </h3>
          <dl className="facts">
            <dt>{t('attr.decision')}</dt>
            <dd>
              <span className={`decision decision-${a.decision}`}>{label('decision', a.decision)}</span>{' '}
              <time dateTime={a.updatedAt}>{dateTime(a.updatedAt)}</time>
            </dd>
            <dt>{t('attr.layer')}</dt>
            <dd>{label('layer', a.layer)}</dd>
            <dt>{t('attr.confidence')}</dt>
            <dd>
              <meter min={0} max={100} value={a.confidence} aria-label={t('attr.confidence')} />{' '}
              {a.confidence}
            </dd>
            <dt>{t('tlp.label')}</dt>
            <dd>
              <TlpBadge tlp={a.tlp} />
            </dd>
          </dl>
          <h4>{t('attr.evidence')}</h4>
          {a.evidence.length === 0 ? (
            <p className="empty">{t('common.none')}</p>
          ) : (
            <ul className="plain evidence">
              {a.evidence.slice(0, 50).map((e, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: evidence may repeat; its order is fixed
                <EvidenceItem key={i} kind={e.kind} value={e.ref} />
              ))}
            </ul>
          )}
          {mayDecide ? (
            <div className="actions">
              <button
                type="button"
                className="primary"
                disabled={busy !== null || a.decision === 'confirmed'}
                onClick={() => void decide(a.id, 'confirmed')}
              >
                {busy === a.id ? t('attr.busy') : t('attr.confirm')}
              </button>
              <button
                type="button"
                disabled={busy !== null || a.decision === 'rejected'}
                onClick={() => void decide(a.id, 'rejected')}
              >
                {t('attr.reject')}
              </button>
            </div>
          ) : null}
        </article>
      ))}
    </section>
  );
}
