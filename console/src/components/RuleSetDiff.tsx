import { useId, useMemo, useState } from 'react';
import { useI18n } from '../i18n/index.js';
import type { RuleSetSummary, RuleSetVersion } from '../investigate-types.js';
import { canonicalJson, lineDiff } from '../line-diff.js';
import { useSession } from '../session.js';
import { ErrorNotice, Loading } from './Status.js';

const versionPath = (setId: string, version: string) =>
  `/v1/fraud/rule-sets/${encodeURIComponent(setId)}/versions/${encodeURIComponent(version)}`;

/** Two versions of one rule set side by side as a line diff of their sorted JSON. */
export function RuleSetDiff({ setId, versions: listed }: { setId: string; versions: RuleSetSummary[] }) {
  const { t } = useI18n();
  // Oldest first, so the default compares the newest version with the one before it.
  const versions = [...listed].sort(
    (a, b) =>
      a.createdAt.localeCompare(b.createdAt) || a.version.localeCompare(b.version, 'en', { numeric: true }),
  );
  const { api } = useSession();
  const ids = useId();
  const [from, setFrom] = useState(versions.at(-2)?.version ?? '');
  const [to, setTo] = useState(versions.at(-1)?.version ?? '');
  const [texts, setTexts] = useState<{ from: string; to: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const diff = useMemo(() => (texts ? lineDiff(texts.from, texts.to) : null), [texts]);

  if (versions.length < 2) return <p className="hint">{t('fraud.diffNeedTwo')}</p>;
  const compare = async () => {
    setBusy(true);
    setError(null);
    try {
      const [a, b] = await Promise.all([
        api.get<RuleSetVersion>(versionPath(setId, from)),
        api.get<RuleSetVersion>(versionPath(setId, to)),
      ]);
      setTexts({ from: canonicalJson(a.ruleSet), to: canonicalJson(b.ruleSet) });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const picker = (
    id: string,
    labelKey: 'fraud.diffFrom' | 'fraud.diffTo',
    value: string,
    set: (v: string) => void,
  ) => (
    <span>
      <label htmlFor={id}>{t(labelKey)}</label>
      <select id={id} value={value} onChange={(e) => set(e.target.value)}>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            {v.version}
          </option>
        ))}
      </select>
    </span>
  );
  const added = diff?.filter((l) => l.op === 'add').length ?? 0;
  const removed = diff?.filter((l) => l.op === 'del').length ?? 0;
  return (
    <div className="rule-diff">
      <div className="filters">
        {picker(`${ids}-from`, 'fraud.diffFrom', from, setFrom)}
        {picker(`${ids}-to`, 'fraud.diffTo', to, setTo)}
        <button type="button" onClick={() => void compare()} disabled={busy}>
          {t('fraud.diffShow')}
        </button>
      </div>
      {busy ? <Loading /> : null}
      {error ? <ErrorNotice error={error} /> : null}
      {diff ? (
        <>
          <p role="status">
            {added + removed === 0 ? t('fraud.diffSame') : t('fraud.diffSummary', { added, removed })}
          </p>
          <ol className="diff" data-testid="rule-diff">
            {diff.map((l, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a diff line's position is its identity
              <li key={i} className={l.op}>
                <span className="no" aria-hidden="true">
                  {l.op === 'add' ? '+' : l.op === 'del' ? '−' : ' '}
                  {l.op === 'add' ? l.newNo : l.oldNo}
                </span>
                <span className="visually-hidden">{l.op === 'add' ? '+' : l.op === 'del' ? '-' : ''}</span>
                {l.text}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </div>
  );
}
