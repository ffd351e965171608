import { useTranslation } from 'react-i18next';
import { useDashboard } from '../store/dashboard';
import { CodeList, Loaded } from './Loaded';

/** The engine as it runs: kind, running, version, daemon.json, the mirrors and insecure registries in force, drift. */
export function EngineSection() {
  const { t } = useTranslation();
  const status = useDashboard((state) => state.status);
  const refresh = useDashboard((state) => state.refresh);
  return (
    <section className="panel" aria-labelledby="dashboard-engine-heading" data-testid="dashboard-engine">
      <h3 id="dashboard-engine-heading">{t('dashboard.engine.heading')}</h3>
      <Loaded value={status} retry={() => void refresh()}>
        {(value) => {
          const settings = value.active ?? value.daemonJson.settings;
          return (
            <>
              <dl className="facts">
                <dt>{t('dashboard.engine.kind')}</dt>
                <dd>
                  <code>{value.engine.kind}</code>
                  {value.engine.pidfile !== undefined && <span className="muted"> {value.engine.pidfile}</span>}
                </dd>
                <dt>{t('dashboard.engine.state')}</dt>
                <dd>
                  <span className={value.engine.running ? 'badge ok' : 'badge warn'} data-testid="engine-state">
                    {value.engine.running ? t('dashboard.engine.running') : t('dashboard.engine.stopped')}
                  </span>
                </dd>
                <dt>{t('dashboard.engine.version')}</dt>
                <dd>{value.engine.version ?? t('dashboard.engine.unknown')}</dd>
                <dt>{t('dashboard.engine.daemonJson')}</dt>
                <dd>
                  <code className="inline">{value.daemonJson.path}</code>
                  {!value.daemonJson.exists && <span className="muted"> ({t('dashboard.engine.missing')})</span>}
                  {value.daemonJson.error !== null && (
                    <p className="warn-text">{t('dashboard.engine.unreadable', { message: t(value.daemonJson.error.key, value.daemonJson.error.params) })}</p>
                  )}
                </dd>
                <dt>{t('dashboard.engine.mirrors')}</dt>
                <dd data-testid="engine-mirrors">
                  <CodeList values={settings?.mirrors ?? []} />
                </dd>
                <dt>{t('dashboard.engine.insecure')}</dt>
                <dd>
                  <CodeList values={settings?.insecureRegistries ?? []} />
                </dd>
              </dl>
              {value.active === null && value.daemonJson.settings !== null && <p className="muted">{t('dashboard.engine.fromFile')}</p>}
              {value.driftItems.length > 0 && (
                <div className="drift" role="note" data-testid="engine-drift">
                  <h4>{t('dashboard.engine.drift')}</h4>
                  <ul>
                    {value.driftItems.map((item, index) => (
                      <li key={index}>{t(`dashboard.engine.driftKinds.${item.kind}`, { entry: item.entry })}</li>
                    ))}
                  </ul>
                </div>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
