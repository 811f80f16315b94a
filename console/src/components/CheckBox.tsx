import { type FormEvent, useId, useState } from 'react';
import { useI18n } from '../i18n/index.js';
import type { CheckReason, SmsCheckResult, UrlCheckResult } from '../investigate-types.js';
import { useSession } from '../session.js';
import { SafeText } from './SafeText.js';
import { ErrorNotice } from './Status.js';

type Mode = 'sms' | 'url';
type Result = { mode: 'sms'; value: SmsCheckResult } | { mode: 'url'; value: UrlCheckResult };

/** Reasons come with both texts; the current language picks one, so a switch needs no new request. */
function Reasons({ reasons }: { reasons: CheckReason[] }) {
  const { t, lang } = useI18n();
  if (reasons.length === 0) return <p className="empty">{t('check.noReasons')}</p>;
  return (
    <ul className="plain reasons" data-testid="check-reasons">
      {reasons.map((r) => (
        <li key={`${r.code}|${r.subject ?? ''}|${r.brand ?? ''}`} data-code={r.code}>
          <SafeText text={lang === 'ja' ? r.ja : r.en} limit={300} />{' '}
          <span className="muted">(+{r.weight})</span>
          {r.subject ? (
            <>
              {' '}
              <code className="defanged">
                <bdi dir="ltr">{r.subject}</bdi>
              </code>
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** "Check this SMS / URL": POST /v1/check/sms or /v1/check/url, verdict, score and reasons. */
export function CheckBox() {
  const { t, label } = useI18n();
  const { api } = useSession();
  const ids = useId();
  const [mode, setMode] = useState<Mode>('sms');
  const [sender, setSender] = useState('');
  const [body, setBody] = useState('');
  const [url, setUrl] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [empty, setEmpty] = useState(false);
  const [result, setResult] = useState<Result | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const text = mode === 'sms' ? body.trim() : url.trim();
    setEmpty(text === '');
    if (text === '') return;
    setBusy(true);
    setError(null);
    try {
      if (mode === 'sms') {
        const value = await api.post<SmsCheckResult>('/v1/check/sms', {
          body,
          ...(sender.trim() ? { sender: sender.trim() } : {}),
        });
        setResult({ mode, value });
      } else {
        setResult({ mode, value: await api.post<UrlCheckResult>('/v1/check/url', { url: text }) });
      }
    } catch (e) {
      setResult(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const v = result?.value;
  return (
    <section aria-labelledby={`${ids}-title`}>
      <h2 id={`${ids}-title`}>{t('check.title')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <fieldset>
          <legend>{t('check.mode')}</legend>
          {(['sms', 'url'] as const).map((m) => (
            <label key={m} className="choice">
              <input
                type="radio"
                name={`${ids}-mode`}
                value={m}
                checked={mode === m}
                onChange={() => {
                  setMode(m);
                  setResult(null);
                }}
              />{' '}
              {t(m === 'sms' ? 'check.sms' : 'check.url')}
            </label>
          ))}
        </fieldset>
        {mode === 'sms' ? (
          <>
            <label htmlFor={`${ids}-sender`}>{t('check.sender')}</label>
            <input
              id={`${ids}-sender`}
              type="text"
              maxLength={64}
              value={sender}
              onChange={(e) => setSender(e.target.value)}
            />
            <label htmlFor={`${ids}-body`}>{t('check.body')}</label>
            <textarea
              id={`${ids}-body`}
              rows={4}
              maxLength={4000}
              value={body}
              aria-invalid={empty}
              aria-describedby={empty ? `${ids}-empty` : undefined}
              onChange={(e) => setBody(e.target.value)}
            />
          </>
        ) : (
          <>
            <label htmlFor={`${ids}-url`}>{t('check.urlLabel')}</label>
            <input
              id={`${ids}-url`}
              type="text"
              inputMode="url"
              maxLength={8192}
              value={url}
              aria-invalid={empty}
              aria-describedby={empty ? `${ids}-empty` : undefined}
              onChange={(e) => setUrl(e.target.value)}
            />
          </>
        )}
        {empty ? (
          <p id={`${ids}-empty`} className="field-error">
            {t('check.empty')}
          </p>
        ) : null}
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('check.busy') : t('check.submit')}
          </button>
        </div>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {result && v ? (
        <div className="check-result" role="status" data-testid="check-result" data-verdict={v.verdict}>
          <dl className="facts">
            <dt>{t('check.verdict')}</dt>
            <dd>
              <span className={`verdict verdict-${v.verdict}`}>{label('verdict', v.verdict)}</span>
            </dd>
            <dt>{t('check.score')}</dt>
            <dd>
              <meter
                min={0}
                max={100}
                low={40}
                high={70}
                optimum={0}
                value={v.score}
                aria-label={t('check.score')}
              />{' '}
              {v.score}
            </dd>
          </dl>
          <h3>{t('check.reasons')}</h3>
          <Reasons reasons={v.reasons} />
          {result.mode === 'sms' && result.value.links.length > 0 ? (
            <>
              <h3>{t('check.links')}</h3>
              <ul className="plain">
                {result.value.links.map((l) => (
                  <li key={l.url}>
                    <code className="defanged">
                      <bdi dir="ltr">{l.url}</bdi>
                    </code>{' '}
                    <span className={`verdict verdict-${l.verdict}`}>{label('verdict', l.verdict)}</span>{' '}
                    {l.score}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {result.mode === 'sms' && result.value.brands.length > 0 ? (
            <p>
              {t('check.brands')}: <bdi dir="auto">{result.value.brands.join('、')}</bdi>
            </p>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
