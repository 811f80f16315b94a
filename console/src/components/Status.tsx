import { ApiError } from '../api.js';
import { useI18n } from '../i18n/index.js';
import type { Loaded } from '../session.js';

/** A failed API call in words a non-engineer can act on, in the current language. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  let message: string;
  let fields: { field: string; reason: string }[] = [];
  if (error instanceof ApiError) {
    const p = error.problem;
    fields = p.errors ?? [];
    if (p.status === 0) message = t('error.network');
    else if (p.status === 403) message = t('error.forbidden', { detail: p.detail });
    else if (p.status === 404) message = t('error.notFound');
    else if (p.status === 429) message = t('error.rateLimited');
    else if (p.status === 400 || p.status === 413 || p.status === 415) message = t('error.validation');
    else message = t('error.server', { code: p.code });
  } else {
    message = t('error.server', { code: 'client' });
  }
  return (
    <div className="notice error" role="alert">
      <p>{message}</p>
      {fields.length > 0 ? (
        <ul>
          {fields.slice(0, 10).map((f) => (
            <li key={`${f.field}:${f.reason}`}>
              <code>{f.field}</code>: <bdi dir="auto">{f.reason}</bdi>
            </li>
          ))}
        </ul>
      ) : null}
      {onRetry ? (
        <button type="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status" aria-live="polite">
      {t('common.loading')}
    </p>
  );
}

export function Empty({ children }: { children: string }) {
  return (
    <p className="empty" role="status">
      {children}
    </p>
  );
}

/**
 * The states of a loaded list around its table: loading (first load only), failed (with retry),
 * loaded but empty. The caller renders the list itself when `count` > 0.
 */
export function ListState({
  loaded,
  count,
  empty,
}: {
  loaded: Loaded<unknown>;
  count: number;
  empty: string;
}) {
  return (
    <>
      {loaded.loading && !loaded.data ? <Loading /> : null}
      {loaded.error ? <ErrorNotice error={loaded.error} onRetry={loaded.reload} /> : null}
      {loaded.data && count === 0 ? <Empty>{empty}</Empty> : null}
    </>
  );
}
