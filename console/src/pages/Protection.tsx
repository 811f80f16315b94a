import { useState } from 'react';
import { BrandForm } from '../components/BrandForm.js';
import { CheckBox } from '../components/CheckBox.js';
import { SafeText } from '../components/SafeText.js';
import { Empty, ErrorNotice, Loading } from '../components/Status.js';
import { useI18n } from '../i18n/index.js';
import type { Brand, LookalikeAlert } from '../investigate-types.js';
import { useLoad, useSession } from '../session.js';
import '../investigate.css';

const joined = (values: string[]) => (values.length === 0 ? '—' : values.join(', '));

function Brands() {
  const { t, label } = useI18n();
  const { me } = useSession();
  const brands = useLoad((api) => api.get<{ items: Brand[] }>('/v1/brands'), []);
  const [editing, setEditing] = useState<Brand | 'new' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const done = (b: Brand) => {
    setEditing(null);
    setSaved(b.id);
    brands.reload();
  };
  return (
    <section aria-labelledby="brands-title">
      <h2 id="brands-title">{t('brands.title')}</h2>
      {saved ? (
        <p className="notice success" role="status">
          {t('brands.saved', { id: saved })}
        </p>
      ) : null}
      {editing === null ? (
        <div className="actions">
          <button type="button" onClick={() => setEditing('new')}>
            {t('brands.create')}
          </button>
        </div>
      ) : (
        <BrandForm
          key={editing === 'new' ? 'new' : editing.id}
          {...(editing === 'new' ? {} : { brand: editing })}
          onSaved={done}
          onCancel={() => setEditing(null)}
        />
      )}
      {brands.loading && !brands.data ? <Loading /> : null}
      {brands.error ? <ErrorNotice error={brands.error} onRetry={brands.reload} /> : null}
      {brands.data && brands.data.items.length === 0 ? <Empty>{t('brands.empty')}</Empty> : null}
      {brands.data && brands.data.items.length > 0 ? (
        <div className="table-scroll">
          <table data-testid="brands">
            <thead>
              <tr>
                <th scope="col">{t('brands.id')}</th>
                <th scope="col">{t('brands.namesJa')}</th>
                <th scope="col">{t('brands.namesEn')}</th>
                <th scope="col">{t('brands.domains')}</th>
                <th scope="col">{t('brands.senders')}</th>
                <th scope="col">{t('brands.sector')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('brands.edit')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {brands.data.items.map((b) => (
                <tr key={b.id}>
                  <td>
                    <code>{b.id}</code>{' '}
                    {b.builtIn ? <span className="muted">({t('brands.builtIn')})</span> : null}
                  </td>
                  <td>
                    <SafeText text={joined(b.namesJa)} limit={120} />
                  </td>
                  <td>
                    <SafeText text={joined(b.namesEn)} limit={120} />
                  </td>
                  <td>
                    {/* Official domains are the brand's own, but copied text still must not be a link. */}
                    <SafeText text={joined(b.officialDomains)} limit={200} />
                  </td>
                  <td>{joined(b.officialSenders)}</td>
                  <td>{label('sector', b.sector)}</td>
                  <td>
                    {!b.builtIn && b.orgId === me.organization.id ? (
                      <button type="button" className="link-button" onClick={() => setEditing(b)}>
                        {t('brands.edit')}
                        <span className="visually-hidden"> {b.id}</span>
                      </button>
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

function Alerts() {
  const { t, label, dateTime } = useI18n();
  const alerts = useLoad(
    (api) => api.get<{ items: LookalikeAlert[] }>('/v1/lookalike-alerts', { limit: 100 }),
    [],
  );
  return (
    <section aria-labelledby="alerts-title">
      <h2 id="alerts-title">{t('alerts.title')}</h2>
      {alerts.loading && !alerts.data ? <Loading /> : null}
      {alerts.error ? <ErrorNotice error={alerts.error} onRetry={alerts.reload} /> : null}
      {alerts.data && alerts.data.items.length === 0 ? <Empty>{t('alerts.empty')}</Empty> : null}
      {alerts.data && alerts.data.items.length > 0 ? (
        <div className="table-scroll">
          <table>
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
                  <td>{label('alertStatus', a.status)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

export default function Protection() {
  const { t } = useI18n();
  return (
    <div>
      <h1>{t('prot.title')}</h1>
      <p className="lead">{t('prot.lead')}</p>
      <CheckBox />
      <Brands />
      <Alerts />
    </div>
  );
}
