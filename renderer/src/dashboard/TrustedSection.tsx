import { useTranslation } from 'react-i18next';
import { useDashboard } from '../store/dashboard';
import { ChangePanel } from './ChangePanel';
import { Loaded } from './Loaded';

/** The registries with a CA in certs.d, each with Remove (plan, then Apply). */
export function TrustedSection() {
  const { t, i18n } = useTranslation();
  const trust = useDashboard((state) => state.trust);
  const refresh = useDashboard((state) => state.refresh);
  const planChange = useDashboard((state) => state.planChange);
  const busy = useDashboard((state) => state.change?.apply.status === 'loading');
  return (
    <section className="panel" aria-labelledby="dashboard-trusted-heading" data-testid="dashboard-trusted">
      <h3 id="dashboard-trusted-heading">{t('dashboard.trusted.heading')}</h3>
      <Loaded value={trust} retry={() => void refresh()}>
        {(value) => (
          <>
            <p className="muted">{t('dashboard.trusted.intro', { dir: value.certsDir })}</p>
            {value.registries.length === 0 ? (
              <p>{t('dashboard.trusted.none')}</p>
            ) : (
              <ul className="rows">
                {value.registries.map((registry) => {
                  const ca = registry.certificates[registry.certificates.length - 1];
                  return (
                    <li key={registry.registry} className="row" data-testid="trusted-row">
                      <div className="row-main">
                        <strong className="mono">{registry.registry}</strong>
                        {ca !== undefined && (
                          <span className="muted">
                            {ca.commonName ?? ca.subject.split('\n')[0]} · {t('dashboard.trusted.validUntil', { date: new Date(ca.notAfter).toLocaleDateString(i18n.language) })}
                          </span>
                        )}
                        {registry.error !== null && <span className="warn-text">{t('dashboard.trusted.unreadable', { message: registry.error.message })}</span>}
                        <code className="inline muted small">{registry.path}</code>
                      </div>
                      <button
                        type="button"
                        className="secondary-button"
                        aria-label={t('dashboard.trusted.removeLabel', { registry: registry.registry })}
                        disabled={busy}
                        onClick={() => void planChange('trusted', { kind: 'trust-remove', registry: registry.registry })}
                      >
                        {t('dashboard.trusted.remove')}
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </>
        )}
      </Loaded>
      <ChangePanel origin="trusted" />
    </section>
  );
}
