import { defangIndicator } from '../defang.js';
import { useI18n } from '../i18n/index.js';
import { indicatorPath } from '../kinds.js';
import { Link } from '../router.js';
import type { Sighting } from '../types.js';
import { Defanged } from './SafeText.js';

/** Indicators of a report: defanged text; the only link is to the console's own indicator page. */
export function IndicatorTable({ indicators }: { indicators: Sighting[] }) {
  const { t, label } = useI18n();
  if (indicators.length === 0) return <p className="empty">{t('inbox.noIndicators')}</p>;
  return (
    <table className="indicators">
      <thead>
        <tr>
          <th scope="col">{t('indicator.type')}</th>
          <th scope="col">{t('indicator.value')}</th>
          <th scope="col">{t('indicator.role')}</th>
        </tr>
      </thead>
      <tbody>
        {indicators.map((i) => (
          <tr key={`${i.type}:${i.value}:${i.role}`}>
            <td>{label('type', i.type)}</td>
            <td>
              <Link to={indicatorPath(i.type, defangIndicator(i.type, i.value))}>
                <Defanged type={i.type} value={i.value} />
              </Link>
            </td>
            <td>{label('role', i.role)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
