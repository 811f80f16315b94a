import { type FormEvent, useId, useState } from 'react';
import { type ApiClient, ApiError } from '../api.js';
import { LanguageSwitch } from '../components/Layout.js';
import { ErrorNotice } from '../components/Status.js';
import { useI18n } from '../i18n/index.js';
import type { Me } from '../types.js';

export type LoginNotice = 'expired' | 'loggedOut' | null;

/** The API key is sent once to POST /v1/sessions and dropped; the browser keeps only an HttpOnly cookie. */
export function Login({
  api,
  notice,
  onLogin,
}: {
  api: ApiClient;
  notice: LoginNotice;
  onLogin: (me: Me) => void;
}) {
  const { t } = useI18n();
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [invalid, setInvalid] = useState<string | null>(null);
  const keyId = useId();
  const hintId = useId();
  const errorId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setInvalid(null);
    if (!key.trim()) {
      setInvalid(t('login.empty'));
      return;
    }
    setBusy(true);
    try {
      const me = await api.post<Me>('/v1/sessions', { apiKey: key.trim() });
      setKey('');
      onLogin(me);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 400)) setInvalid(t('login.invalidKey'));
      else setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <header className="top">
        <div className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-org">{t('app.tagline')}</span>
        </div>
        <div className="tools">
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" className="login">
        <h1>{t('login.title')}</h1>
        {notice === 'expired' ? (
          <p className="notice warn" role="alert">
            {t('login.sessionExpired')}
          </p>
        ) : null}
        {notice === 'loggedOut' ? (
          <p className="notice info" role="status">
            {t('login.loggedOut')}
          </p>
        ) : null}
        <p>{t('login.lead')}</p>
        <form onSubmit={submit} noValidate>
          <label htmlFor={keyId}>{t('login.keyLabel')}</label>
          <input
            id={keyId}
            name="apiKey"
            type="password"
            autoComplete="off"
            spellCheck={false}
            value={key}
            onChange={(e) => setKey(e.target.value)}
            aria-describedby={invalid ? `${hintId} ${errorId}` : hintId}
            aria-invalid={invalid ? true : undefined}
          />
          <p id={hintId} className="hint">
            {t('login.keyHint')}
          </p>
          {invalid ? (
            <p id={errorId} className="notice error" role="alert">
              {invalid}
            </p>
          ) : null}
          <button type="submit" className="primary" disabled={busy}>
            {busy ? t('login.busy') : t('login.submit')}
          </button>
        </form>
        {error ? <ErrorNotice error={error} /> : null}
      </main>
    </div>
  );
}
