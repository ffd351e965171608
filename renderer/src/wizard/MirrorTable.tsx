import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { useWizard } from '../store/wizard';
import { Verdict } from './Verdict';

type MirrorsState = ReturnType<typeof useWizard.getState>['mirrors'];

/**
 * One row a candidate, filled in as its result arrives: choice, URL, verdict, latency bar, reason;
 * HTTP marked. One choice (radios, "no mirror" among them), or several (checkboxes, for a profile's
 * mirrors: Docker tries them in the order chosen).
 */
export function MirrorTable({ mirrors, multiple, onChoose }: { mirrors: MirrorsState; multiple: boolean; onChoose(url: string | null, checked: boolean): void }) {
  const { t } = useTranslation();
  const name = useId();
  const latencies = Object.values(mirrors.results).flatMap((result) => (result.latencyMs === null ? [] : [result.latencyMs]));
  const slowest = Math.max(1, ...latencies);
  const chosen = mirrors.chosen ?? [];
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
        {!multiple && (
          <tr>
            <td>
              <input type="radio" name={name} id={`${name}-none`} checked={chosen.length === 0} onChange={() => onChoose(null, true)} />
            </td>
            <td colSpan={4}>
              <label htmlFor={`${name}-none`}>{t('mirrors.none')}</label>
            </td>
          </tr>
        )}
        {mirrors.order.map((url, index) => {
          const result = mirrors.results[url];
          const rowId = `${name}-${index}`;
          const position = chosen.indexOf(url);
          return (
            <tr key={url} data-testid="mirror-row" data-url={url}>
              <td>
                <input
                  type={multiple ? 'checkbox' : 'radio'}
                  name={name}
                  id={rowId}
                  disabled={result?.usable !== true}
                  checked={position >= 0}
                  onChange={(event) => onChoose(url, event.target.checked)}
                />
                {multiple && position >= 0 && (
                  <span className="order" data-testid="mirror-order" aria-label={t('mirrors.orderLabel', { position: position + 1 })}>
                    {position + 1}
                  </span>
                )}
              </td>
              <td>
                <label htmlFor={rowId} className="mono">
                  {url}
                </label>
                {url.startsWith('http://') && <span className="badge warn">{t(multiple ? 'mirrors.httpProfile' : 'mirrors.http')}</span>}
                {result?.label !== undefined && <div className="hint">{t(result.label.code, result.label.params)}</div>}
              </td>
              <td className="status" data-testid="mirror-status" data-status={result?.status ?? 'probing'}>
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
              <td className="reason">{result !== undefined && <Verdict result={result} />}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
