import { type FormEvent, useId, useState } from 'react';
import { ApiError } from '../api.js';
import { type MessageKey, useI18n } from '../i18n/index.js';
import type { Brand } from '../investigate-types.js';
import { useSession } from '../session.js';
import { ErrorNotice } from './Status.js';

export const BRAND_SECTORS = [
  'bank',
  'card',
  'securities',
  'payment',
  'carrier',
  'logistics',
  'government',
  'ecommerce',
  'transport',
  'utility',
  'tech',
  'other',
] as const;

const LIST_FIELDS = [
  ['namesJa', 'brands.namesJa'],
  ['namesEn', 'brands.namesEn'],
  ['officialDomains', 'brands.domains'],
  ['officialSenders', 'brands.senders'],
] as const satisfies readonly (readonly [keyof Brand, MessageKey])[];

type ListField = (typeof LIST_FIELDS)[number][0];
type FieldErrors = Record<string, string[]>;

const lines = (text: string) =>
  text
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** `/officialDomains/2` → `officialDomains`: the server's JSON pointers, grouped by form field. */
export function errorsByField(errors: { field: string; reason: string }[]): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors) {
    const name = e.field.replace(/^\//, '').split('/')[0] || '_';
    const at = e.field.split('/').slice(2).join('/');
    out[name] = [...(out[name] ?? []), at ? `${at}: ${e.reason}` : e.reason];
  }
  return out;
}

/** Create (no `brand`) or edit a registered brand; the server's validation errors shown per field. */
export function BrandForm({
  brand,
  onSaved,
  onCancel,
}: {
  brand?: Brand;
  onSaved(brand: Brand): void;
  onCancel(): void;
}) {
  const { t, label } = useI18n();
  const { api } = useSession();
  const ids = useId();
  const [id, setId] = useState('');
  const [lists, setLists] = useState<Record<ListField, string>>({
    namesJa: brand?.namesJa.join('\n') ?? '',
    namesEn: brand?.namesEn.join('\n') ?? '',
    officialDomains: brand?.officialDomains.join('\n') ?? '',
    officialSenders: brand?.officialSenders.join('\n') ?? '',
  });
  const [sector, setSector] = useState(brand?.sector ?? 'other');
  const [busy, setBusy] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setFieldErrors({});
    const body = {
      ...(brand || id.trim() === '' ? {} : { id: id.trim() }),
      namesJa: lines(lists.namesJa),
      namesEn: lines(lists.namesEn),
      officialDomains: lines(lists.officialDomains),
      officialSenders: lines(lists.officialSenders),
      sector,
    };
    try {
      const saved = brand
        ? await api.patch<Brand>(`/v1/brands/${encodeURIComponent(brand.id)}`, body)
        : await api.post<Brand>('/v1/brands', body);
      onSaved(saved);
    } catch (e) {
      const byField = e instanceof ApiError ? errorsByField(e.problem.errors ?? []) : {};
      setFieldErrors(byField);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const describe = (name: string) => (fieldErrors[name] ? `${ids}-${name}-error` : undefined);
  const fieldError = (name: string) =>
    fieldErrors[name] ? (
      <ul id={`${ids}-${name}-error`} className="plain field-error" data-testid={`error-${name}`}>
        {fieldErrors[name].map((reason) => (
          <li key={reason}>{t('brands.fieldError', { reason })}</li>
        ))}
      </ul>
    ) : null;

  return (
    <form className="brand-form" onSubmit={(e) => void submit(e)} noValidate>
      <h3>{brand ? `${t('brands.edit')}: ${brand.id}` : t('brands.create')}</h3>
      {brand ? null : (
        <>
          <label htmlFor={`${ids}-id`}>{t('brands.id')}</label>
          <input
            id={`${ids}-id`}
            type="text"
            value={id}
            aria-invalid={Boolean(fieldErrors.id)}
            aria-describedby={[`${ids}-id-hint`, describe('id')].filter(Boolean).join(' ')}
            onChange={(e) => setId(e.target.value)}
          />
          <p id={`${ids}-id-hint`} className="hint">
            {t('brands.idHint')}
          </p>
          {fieldError('id')}
        </>
      )}
      {LIST_FIELDS.map(([name, key]) => (
        <div key={name}>
          <label htmlFor={`${ids}-${name}`}>{t(key)}</label>
          <textarea
            id={`${ids}-${name}`}
            rows={2}
            value={lists[name]}
            aria-invalid={Boolean(fieldErrors[name])}
            aria-describedby={[`${ids}-list-hint`, describe(name)].filter(Boolean).join(' ')}
            onChange={(e) => setLists({ ...lists, [name]: e.target.value })}
          />
          {fieldError(name)}
        </div>
      ))}
      <p id={`${ids}-list-hint`} className="hint">
        {t('brands.listHint')}
      </p>
      <label htmlFor={`${ids}-sector`}>{t('brands.sector')}</label>
      <select
        id={`${ids}-sector`}
        value={sector}
        aria-invalid={Boolean(fieldErrors.sector)}
        aria-describedby={describe('sector')}
        onChange={(e) => setSector(e.target.value)}
      >
        {BRAND_SECTORS.map((s) => (
          <option key={s} value={s}>
            {label('sector', s)}
          </option>
        ))}
      </select>
      {fieldError('sector')}
      {error ? <ErrorNotice error={error} /> : null}
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {t('brands.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('brands.cancel')}
        </button>
      </div>
    </form>
  );
}
