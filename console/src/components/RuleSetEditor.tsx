import { type FormEvent, useId, useState } from 'react';
import { ApiError } from '../api.js';
import { useI18n } from '../i18n/index.js';
import type { RuleSetSummary } from '../investigate-types.js';
import { useSession } from '../session.js';
import { ErrorNotice } from './Status.js';

/**
 * A rule set as JSON text, stored as a new draft version. Nothing here judges the rules: the
 * server's validator does, and its errors are listed by JSON pointer (`/rules/0/when/op`). A draft
 * never changes the active version.
 */
export function RuleSetEditor({
  initial,
  onSaved,
  onCancel,
}: {
  initial: string;
  onSaved(saved: RuleSetSummary): void;
  onCancel(): void;
}) {
  const { t } = useI18n();
  const { api } = useSession();
  const ids = useId();
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [parseError, setParseError] = useState<string | null>(null);
  const [pointers, setPointers] = useState<{ field: string; reason: string }[]>([]);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setParseError(null);
    setPointers([]);
    setError(null);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      setParseError(e instanceof Error ? e.message : String(e));
      return;
    }
    setBusy(true);
    try {
      onSaved(await api.post<RuleSetSummary>('/v1/fraud/rule-sets', body));
    } catch (e) {
      if (e instanceof ApiError && e.problem.errors?.length) setPointers(e.problem.errors);
      else setError(e);
    } finally {
      setBusy(false);
    }
  };

  const invalid = parseError !== null || pointers.length > 0;
  return (
    <form className="rule-editor" onSubmit={(e) => void submit(e)} noValidate>
      <label htmlFor={`${ids}-json`}>{t('fraud.editor')}</label>
      <p id={`${ids}-hint`} className="hint">
        {t('fraud.editorHint')}
      </p>
      <textarea
        id={`${ids}-json`}
        className="json"
        spellCheck={false}
        value={text}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${ids}-hint ${ids}-errors` : `${ids}-hint`}
        onChange={(e) => setText(e.target.value)}
      />
      <div id={`${ids}-errors`} aria-live="polite">
        {parseError ? (
          <p className="field-error" role="alert">
            {t('fraud.invalidJson', { reason: parseError })}
          </p>
        ) : null}
        {pointers.length > 0 ? (
          <div className="notice error" role="alert">
            <p>{t('fraud.errors')}</p>
            <ul className="plain" data-testid="rule-errors">
              {pointers.slice(0, 50).map((p) => (
                <li key={`${p.field}|${p.reason}`}>
                  <code>{p.field || '/'}</code>: <bdi dir="auto">{p.reason}</bdi>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </div>
      {error ? <ErrorNotice error={error} /> : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('fraud.saveDraft')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('brands.cancel')}
        </button>
      </div>
    </form>
  );
}
