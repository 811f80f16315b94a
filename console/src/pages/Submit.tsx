import { type FormEvent, useId, useState } from 'react';
import { ApiError } from '../api.js';
import { IndicatorTable } from '../components/Indicators.js';
import { ErrorNotice } from '../components/Status.js';
import { useI18n } from '../i18n/index.js';
import { Link } from '../router.js';
import { useSession } from '../session.js';
import type { SubmitResult } from '../types.js';

type Mode = 'url' | 'sms';
const SHARING = ['AMBER', 'GREEN', 'CLEAR', 'AMBER+STRICT'] as const;

interface Draft {
  mode: Mode;
  url: string;
  brand: string;
  sender: string;
  body: string;
  receivedAt: string;
  note: string;
  tlp: string;
}

const EMPTY: Draft = {
  mode: 'url',
  url: '',
  brand: '',
  sender: '',
  body: '',
  receivedAt: '',
  note: '',
  tlp: 'AMBER',
};

/** The API body for a volunteer's report; a datetime-local value is read as Japan time. */
export function reportBody(d: Draft): Record<string, unknown> {
  const description = d.note.trim();
  if (d.mode === 'url') {
    return {
      kind: 'phishing_site',
      tlp: d.tlp,
      description,
      details: { url: d.url.trim(), ...(d.brand.trim() ? { targetBrand: d.brand.trim() } : {}) },
    };
  }
  return {
    kind: 'smishing',
    tlp: d.tlp,
    description,
    details: {
      sender: d.sender.trim(),
      body: d.body,
      ...(d.receivedAt ? { receivedAt: `${d.receivedAt}:00+09:00` } : {}),
    },
  };
}

/** Which input an API field error belongs to (`/details/url` → url). */
const FIELD_OF: Record<string, keyof Draft> = {
  '/details/url': 'url',
  '/details/targetBrand': 'brand',
  '/details/sender': 'sender',
  '/details/body': 'body',
  '/details/receivedAt': 'receivedAt',
  '/description': 'note',
  '/tlp': 'tlp',
};

export default function Submit() {
  const { t } = useI18n();
  const { api } = useSession();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<SubmitResult | null>(null);
  const id = useId();
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const bad = new Set(
    error instanceof ApiError
      ? (error.problem.errors ?? []).map((e) => FIELD_OF[e.field]).filter(Boolean)
      : [],
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setResult(await api.post<SubmitResult>('/v1/reports', reportBody(draft)));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (result) {
    return (
      <section aria-labelledby={`${id}-done`}>
        <h1 id={`${id}-done`}>{t('submit.title')}</h1>
        <p className="notice success" role="status">
          {result.status === 'created' ? t('submit.created') : t('submit.duplicate')}
        </p>
        <h2>{t('submit.extracted')}</h2>
        <IndicatorTable indicators={result.indicators} />
        <p className="actions">
          <Link to={`/reports/${encodeURIComponent(result.id)}`}>{t('submit.openReport')}</Link>
          <button
            type="button"
            onClick={() => {
              setResult(null);
              setDraft(EMPTY);
            }}
          >
            {t('submit.another')}
          </button>
        </p>
      </section>
    );
  }

  const field = (
    name: keyof Draft,
    labelKey: Parameters<typeof t>[0],
    hintKey?: Parameters<typeof t>[0],
  ) => ({
    id: `${id}-${name}`,
    name,
    'aria-describedby': hintKey ? `${id}-${name}-hint` : undefined,
    'aria-invalid': bad.has(name) ? true : undefined,
    label: (
      <label htmlFor={`${id}-${name}`}>
        {t(labelKey)}
        {name === 'url' || name === 'sender' || name === 'body' ? (
          <span className="required"> ({t('submit.required')})</span>
        ) : null}
      </label>
    ),
    hint: hintKey ? (
      <p id={`${id}-${name}-hint`} className="hint">
        {t(hintKey)}
      </p>
    ) : null,
  });
  const url = field('url', 'submit.url', 'submit.urlHint');
  const brand = field('brand', 'submit.brand', 'submit.brandHint');
  const sender = field('sender', 'submit.sender', 'submit.senderHint');
  const body = field('body', 'submit.body', 'submit.bodyHint');
  const received = field('receivedAt', 'submit.receivedAt');
  const note = field('note', 'submit.note');
  const tlp = field('tlp', 'submit.tlp', 'submit.tlpHint');

  return (
    <section aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>{t('submit.title')}</h1>
      <p className="lead">{t('submit.lead')}</p>
      <ul className="guidance">
        <li>{t('submit.guide1')}</li>
        <li>{t('submit.guide2')}</li>
        <li>{t('submit.guide3')}</li>
      </ul>
      <form className="submit-form" onSubmit={submit} noValidate>
        <fieldset>
          <legend>{t('submit.type')}</legend>
          {(['url', 'sms'] as const).map((m) => (
            <label key={m} className="choice">
              <input
                type="radio"
                name="mode"
                value={m}
                checked={draft.mode === m}
                onChange={() => set({ mode: m })}
              />
              {m === 'url' ? t('submit.typeUrl') : t('submit.typeSms')}
            </label>
          ))}
        </fieldset>
        {draft.mode === 'url' ? (
          <>
            {url.label}
            <input
              id={url.id}
              name={url.name}
              aria-describedby={url['aria-describedby']}
              aria-invalid={url['aria-invalid']}
              type="text"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              required
              maxLength={8192}
              value={draft.url}
              onChange={(e) => set({ url: e.target.value })}
            />
            {url.hint}
            {brand.label}
            <input
              id={brand.id}
              name={brand.name}
              aria-describedby={brand['aria-describedby']}
              aria-invalid={brand['aria-invalid']}
              type="text"
              maxLength={200}
              value={draft.brand}
              onChange={(e) => set({ brand: e.target.value })}
            />
            {brand.hint}
          </>
        ) : (
          <>
            {sender.label}
            <input
              id={sender.id}
              name={sender.name}
              aria-describedby={sender['aria-describedby']}
              aria-invalid={sender['aria-invalid']}
              type="text"
              required
              maxLength={64}
              value={draft.sender}
              onChange={(e) => set({ sender: e.target.value })}
            />
            {sender.hint}
            {body.label}
            <textarea
              id={body.id}
              name={body.name}
              aria-describedby={body['aria-describedby']}
              aria-invalid={body['aria-invalid']}
              required
              rows={6}
              maxLength={4000}
              value={draft.body}
              onChange={(e) => set({ body: e.target.value })}
            />
            {body.hint}
            {received.label}
            <input
              id={received.id}
              name={received.name}
              aria-invalid={received['aria-invalid']}
              type="datetime-local"
              value={draft.receivedAt}
              onChange={(e) => set({ receivedAt: e.target.value })}
            />
          </>
        )}
        {note.label}
        <textarea
          id={note.id}
          name={note.name}
          aria-invalid={note['aria-invalid']}
          rows={3}
          maxLength={20000}
          value={draft.note}
          onChange={(e) => set({ note: e.target.value })}
        />
        {tlp.label}
        <select
          id={tlp.id}
          name={tlp.name}
          aria-describedby={tlp['aria-describedby']}
          value={draft.tlp}
          onChange={(e) => set({ tlp: e.target.value })}
        >
          {SHARING.map((l) => (
            <option key={l} value={l}>
              {t(`tlp.${l}`)}
            </option>
          ))}
        </select>
        {tlp.hint}
        {error ? <ErrorNotice error={error} /> : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('submit.sending') : t('submit.send')}
        </button>
      </form>
    </section>
  );
}
