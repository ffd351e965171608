import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { useWizard } from '../store/wizard';

type MirrorsState = ReturnType<typeof useWizard.getState>['mirrors'];

/** One row a candidate, filled in as its result arrives: choice, URL, verdict, latency bar, reason; HTTP marked. */
export function MirrorTable({ mirrors, onChoose }: { mirrors: MirrorsState; onChoose(url: string | null): void }) {
  const { t } = useTranslation();
  const name = useId();
  const latencies = Object.values(mirrors.results).flatMap((result) => (result.latencyMs === null ? [] : [result.latencyMs]));
  const slowest = Math.max(1, ...latencies);
  return (
    <table className="mirrors" data-testid="mirrors-table">
      <caption className="visually-hidden">{t('mirrors.tableCaption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('mirrors.use')}</th>
          <th scope="col">{t('mirrors.url')}</th>
          <th scope="col">{t('mirrors.status')}</th>
          <th scope="col">{t('mirrors.latency')}</th>
          <th scope="col">{t('mirrors.reason')}</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <td>
            <input type="radio" name={name} id={`${name}-none`} checked={mirrors.chosen === null} onChange={() => onChoose(null)} />
          </td>
          <td colSpan={4}>
            <label htmlFor={`${name}-none`}>{t('mirrors.none')}</label>
          </td>
        </tr>
        {mirrors.order.map((url, index) => {
          const result = mirrors.results[url];
          const rowId = `${name}-${index}`;
          return (
            <tr key={url} data-testid="mirror-row" data-url={url}>
              <td>
                <input type="radio" name={name} id={rowId} disabled={result?.usable !== true} checked={mirrors.chosen === url} onChange={() => onChoose(url)} />
              </td>
              <td>
                <label htmlFor={rowId} className="mono">
                  {url}
                </label>
                {url.startsWith('http://') && <span className="badge warn">{t('mirrors.http')}</span>}
                {result?.label !== undefined && <div className="hint">{result.label}</div>}
              </td>
              <td data-testid="mirror-status" data-status={result?.status ?? 'probing'}>
                {result === undefined ? (
                  <span className="badge">{t('mirrors.probing')}</span>
                ) : (
                  <span className={result.usable ? 'badge ok' : 'badge bad'}>{t(`mirrors.statuses.${result.status}`)}</span>
                )}
              </td>
              <td>
                {result?.latencyMs != null && (
                  <span className="latency">
                    <span className="bar" style={{ width: `${Math.max(4, (result.latencyMs / slowest) * 100)}%` }} aria-hidden="true" />
                    <span>{t('mirrors.ms', { ms: Math.round(result.latencyMs) })}</span>
                  </span>
                )}
              </td>
              <td className="reason">{result?.reason}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
