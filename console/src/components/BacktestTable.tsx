import { useI18n } from '../i18n/index.js';
import type { BacktestResult, JournalBacktest } from '../investigate-types.js';

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);
const ratio = (x: number | null) => (x === null ? '—' : x.toFixed(3));

/** A version's backtest next to the active set's, on the organization's own decided events. */
export function BacktestTable({ report }: { report: JournalBacktest }) {
  const { t, dateTime } = useI18n();
  const { candidate, active } = report;
  const rows: [string, (r: BacktestResult) => string][] = [
    [t('bt.events'), (r) => r.events.toLocaleString()],
    [t('bt.fraud'), (r) => r.labels.fraud.toLocaleString()],
    [t('bt.legitimate'), (r) => r.labels.legitimate.toLocaleString()],
    [t('bt.anyAlert'), (r) => `${r.alerts.anyAlert.count} (${pct(r.alerts.anyAlert.rate)})`],
    [t('bt.holdOrDeny'), (r) => `${r.alerts.holdOrDeny.count} (${pct(r.alerts.holdOrDeny.rate)})`],
    [t('bt.precision'), (r) => ratio(r.detection.holdOrDeny.precision)],
    [t('bt.recall'), (r) => ratio(r.detection.holdOrDeny.recall)],
    [t('bt.f1'), (r) => ratio(r.detection.holdOrDeny.f1)],
  ];
  return (
    <section aria-labelledby="bt-title" data-testid="backtest">
      <h3 id="bt-title">
        {t('bt.title', { set: candidate.ruleSet.id, version: candidate.ruleSet.version })}
      </h3>
      <p>
        {t('bt.range', {
          from: dateTime(report.from),
          to: dateTime(report.to),
          events: report.events.toLocaleString(),
        })}
      </p>
      {report.truncated ? <p className="notice warn">{t('bt.truncated')}</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('bt.metric')}</th>
            <th scope="col" className="number">
              {t('bt.candidate')} ({candidate.ruleSet.version})
            </th>
            <th scope="col" className="number">
              {t('bt.active')} ({active.ruleSet.id} {active.ruleSet.version})
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([name, value]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td className="number">{value(candidate)}</td>
              <td className="number">{value(active)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>{t('bt.rules')}</h4>
      <table data-testid="backtest-rules">
        <thead>
          <tr>
            <th scope="col">{t('bt.rule')}</th>
            <th scope="col" className="number">
              {t('bt.hits')}
            </th>
            <th scope="col" className="number">
              {t('bt.fraud')}
            </th>
            <th scope="col" className="number">
              {t('bt.legitimate')}
            </th>
          </tr>
        </thead>
        <tbody>
          {candidate.rules.map((r) => (
            <tr key={r.ruleId}>
              <th scope="row">
                <code>{r.ruleId}</code>
              </th>
              <td className="number">{r.hits}</td>
              <td className="number">{r.fraud}</td>
              <td className="number">{r.legitimate}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
