import { ListState } from '../components/Status.js';
import { useI18n } from '../i18n/index.js';
import type { DashboardCampaigns } from '../investigate-types.js';
import { Link } from '../router.js';
import { useLoad } from '../session.js';
import '../investigate.css';

/** The dashboard endpoint already ranks the campaigns a caller may see; no second listing API. */
const DAYS = 90;

export default function Campaigns() {
  const { t } = useI18n();
  const list = useLoad((api) => api.get<DashboardCampaigns>('/v1/console/dashboard', { days: DAYS }), []);
  return (
    <section aria-labelledby="campaigns-title">
      <h1 id="campaigns-title">{t('campaigns.title')}</h1>
      <p className="lead">{t('campaigns.lead')}</p>
      <ListState loaded={list} count={list.data?.campaigns.length ?? 0} empty={t('campaigns.empty')} />
      {list.data && list.data.campaigns.length > 0 ? (
        <table className="campaign-table">
          <thead>
            <tr>
              <th scope="col">{t('campaigns.id')}</th>
              <th scope="col">{t('campaigns.size')}</th>
              <th scope="col">{t('campaigns.latest')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('campaigns.open')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.campaigns.map((c) => {
              const last = c.growth.at(-1);
              return (
                <tr key={c.campaignId}>
                  <td>
                    <code>{c.campaignId}</code>
                  </td>
                  <td>{c.size}</td>
                  <td>{last ? `${last.day}: +${last.reports}` : '—'}</td>
                  <td>
                    <Link to={`/campaigns/${encodeURIComponent(c.campaignId)}`}>{t('campaigns.open')}</Link>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
