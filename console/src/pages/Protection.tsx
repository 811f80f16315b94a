import { useState } from 'react';
import { BrandForm } from '../components/BrandForm.js';
import { CheckBox } from '../components/CheckBox.js';
import { LookalikeAlerts } from '../components/LookalikeAlerts.js';
import { SafeText } from '../components/SafeText.js';
import { ListState } from '../components/Status.js';
import { useI18n } from '../i18n/index.js';
import type { Brand } from '../investigate-types.js';
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
      <ListState loaded={brands} count={brands.data?.items.length ?? 0} empty={t('brands.empty')} />
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

export default function Protection() {
  const { t } = useI18n();
  return (
    <div>
      <h1>{t('prot.title')}</h1>
      <p className="lead">{t('prot.lead')}</p>
      <CheckBox />
      <Brands />
      <LookalikeAlerts />
    </div>
  );
}
