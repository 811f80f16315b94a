import { useI18n } from '../i18n/index.js';
import { Link } from '../router.js';

/** "Open its campaign graph" for a report: the graph page (and Cytoscape) load only when followed. */
export function CampaignLink({ reportId }: { reportId: string }) {
  const { t } = useI18n();
  return (
    <p className="campaign-link">
      <Link to={`/reports/${encodeURIComponent(reportId)}/graph`}>{t('graph.openFromReport')}</Link>
    </p>
  );
}
