import { useTranslation } from 'react-i18next';
import type { HistoryEntry } from '../../../shared/history';
import { useDashboard } from '../store/dashboard';
import { ChangePanel } from './ChangePanel';
import { Loaded } from './Loaded';

function Outcome({ entry }: { entry: HistoryEntry }) {
  const { t } = useTranslation();
  const outcome = entry.outcome ?? 'unfinished';
  return <span className={outcome === 'applied' ? 'badge ok' : 'badge warn'}>{t(`dashboard.history.outcomes.${outcome}`)}</span>;
}

/** Dockside's changes to this machine, newest first; Roll back on the one rollback would undo now. */
export function HistorySection() {
  const { t, i18n } = useTranslation();
  const history = useDashboard((state) => state.history);
  const refresh = useDashboard((state) => state.refresh);
  const planChange = useDashboard((state) => state.planChange);
  const busy = useDashboard((state) => state.change?.apply.status === 'loading');
  return (
    <section className="panel" aria-labelledby="dashboard-history-heading" data-testid="dashboard-history">
      <h3 id="dashboard-history-heading">{t('dashboard.history.heading')}</h3>
      <p className="muted">{t('dashboard.history.intro')}</p>
      <Loaded value={history} retry={() => void refresh()}>
        {(value) => (
          <>
            {value.entries.length === 0 ? (
              <p>{t('dashboard.history.none')}</p>
            ) : (
              <table className="history">
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.history.time')}</th>
                    <th scope="col">{t('dashboard.history.action')}</th>
                    <th scope="col">{t('dashboard.history.outcome')}</th>
                    <th scope="col">{t('dashboard.history.files')}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t('dashboard.history.rollBack')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {value.entries.map((entry) => (
                    <tr key={entry.id} data-testid="history-entry" data-next={entry.next ? 'true' : 'false'} className={entry.next ? 'next' : undefined}>
                      <td>
                        <time dateTime={entry.at}>{new Date(entry.at).toLocaleString(i18n.language)}</time>
                      </td>
                      <td>{t(`dashboard.history.actions.${entry.action}`)}</td>
                      <td>
                        <Outcome entry={entry} />
                        {entry.undone && <span className="badge">{t('dashboard.history.undone')}</span>}
                        {entry.next && <span className="badge ok">{t('dashboard.history.next')}</span>}
                      </td>
                      <td>
                        <ul className="plain">
                          {entry.files.map((file) => (
                            <li key={file.path}>
                              <code className="inline small">{file.path}</code>
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td>
                        {entry.next && (
                          <button type="button" disabled={busy} onClick={() => void planChange('history', { kind: 'rollback' })}>
                            {t('dashboard.history.rollBack')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {value.skipped > 0 && <p className="warn-text">{t('dashboard.history.skipped', { count: value.skipped })}</p>}
          </>
        )}
      </Loaded>
      <ChangePanel origin="history" />
    </section>
  );
}
