import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDashboard } from '../store/dashboard';
import { ChangePanel } from './ChangePanel';
import { Loaded } from './Loaded';

/**
 * Install the CA of a registry typed here (`dockside trust add`): main reads the certificate the
 * registry sends (or checks it against the fingerprint given) and the plan shows it before Apply.
 */
function AddTrustForm({ busy }: { busy: boolean }) {
  const { t } = useTranslation();
  const planChange = useDashboard((state) => state.planChange);
  const [registry, setRegistry] = useState('');
  const [fingerprint, setFingerprint] = useState('');
  const registryId = useId();
  const fingerprintId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const typed = registry.trim();
    const pin = fingerprint.trim();
    if (typed === '' || busy) return;
    void planChange('trusted', { kind: 'trust-add', registry: typed, ...(pin === '' ? {} : { fingerprint: pin }) });
  };
  return (
    <form className="add-trust" onSubmit={submit} data-testid="trust-add-form">
      <p className="muted">{t('dashboard.trusted.addIntro')}</p>
      <div className="field-row">
        <label htmlFor={registryId}>{t('dashboard.trusted.addRegistry')}</label>
        <input id={registryId} type="text" value={registry} placeholder={t('dashboard.trusted.addPlaceholder')} autoComplete="off" spellCheck={false} onChange={(event) => setRegistry(event.target.value)} />
      </div>
      <div className="field-row">
        <label htmlFor={fingerprintId}>{t('dashboard.trusted.addFingerprint')}</label>
        <input id={fingerprintId} type="text" className="mono" value={fingerprint} autoComplete="off" spellCheck={false} onChange={(event) => setFingerprint(event.target.value)} />
      </div>
      <button type="submit" disabled={registry.trim() === '' || busy}>
        {t('dashboard.trusted.add')}
      </button>
    </form>
  );
}

/** The registries with a CA in certs.d, each with Remove (plan, then Apply), and a form to install another's. */
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
                        {registry.error !== null && <span className="warn-text">{t('dashboard.trusted.unreadable', { message: t(registry.error.key, registry.error.params) })}</span>}
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
      <AddTrustForm busy={busy} />
      <ChangePanel origin="trusted" />
    </section>
  );
}
