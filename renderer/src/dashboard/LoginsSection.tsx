import { useTranslation } from 'react-i18next';
import type { CredentialEntry } from '../../../shared/credentials';
import { ErrorPanel } from '../ErrorPanel';
import { useDashboard } from '../store/dashboard';
import { Loaded } from './Loaded';

function StoreText({ entry }: { entry: CredentialEntry }) {
  const { t } = useTranslation();
  if (entry.store.source === 'plaintext' || entry.store.helper === null) {
    return (
      <>
        <span className="badge warn">{t('dashboard.logins.plaintext')}</span>
        <span className="warn-text small">{t('dashboard.logins.plaintextWarning')}</span>
      </>
    );
  }
  return (
    <span className="badge ok">
      {t('dashboard.logins.helper', { helper: entry.store.helper })} <span className="muted">({t(`dashboard.logins.source.${entry.store.source}`)})</span>
    </span>
  );
}

/** The registries Docker has credentials for, where each secret lives, Sign out; moving plaintext secrets to the keychain. */
export function LoginsSection() {
  const { t } = useTranslation();
  const creds = useDashboard((state) => state.creds);
  const refresh = useDashboard((state) => state.refresh);
  const signOut = useDashboard((state) => state.signOut);
  const logout = useDashboard((state) => state.logout);
  const migrate = useDashboard((state) => state.migrate);
  const migrateCreds = useDashboard((state) => state.migrateCreds);
  const signingOut = signOut?.state.status === 'loading';
  return (
    <section className="panel" aria-labelledby="dashboard-logins-heading" data-testid="dashboard-logins">
      <h3 id="dashboard-logins-heading">{t('dashboard.logins.heading')}</h3>
      <Loaded value={creds} retry={() => void refresh()}>
        {(value) => {
          const plaintext = value.registries.some((entry) => entry.store.source === 'plaintext');
          return (
            <>
              <p className="muted">{t('dashboard.logins.intro', { path: value.configPath })}</p>
              {value.registries.length === 0 ? (
                <p>{t('dashboard.logins.none')}</p>
              ) : (
                <ul className="rows">
                  {value.registries.map((entry) => (
                    <li key={entry.registry} className="row" data-testid="login-row">
                      <div className="row-main">
                        <strong className="mono">{entry.registry}</strong>
                        <span>
                          <span className="label">{t('dashboard.logins.username')}: </span>
                          {entry.username ?? <span className="muted">{t('dashboard.logins.unknownUser')}</span>}
                        </span>
                        <span>
                          <span className="label">{t('dashboard.logins.store')}: </span>
                          <StoreText entry={entry} />
                        </span>
                      </div>
                      <button
                        type="button"
                        className="secondary-button"
                        aria-label={t('dashboard.logins.signOutLabel', { registry: entry.registry })}
                        disabled={signingOut}
                        onClick={() => void logout(entry.registry)}
                      >
                        {signingOut && signOut?.registry === entry.registry ? t('dashboard.logins.signingOut') : t('dashboard.logins.signOut')}
                      </button>
                    </li>
                  ))}
                </ul>
              )}
              {value.warnings.length > 0 && (
                <ul className="warn-text">
                  {value.warnings.map((warning, index) => (
                    <li key={index}>{t(warning.code, warning.params)}</li>
                  ))}
                </ul>
              )}
              {plaintext && (
                <button type="button" onClick={() => void migrateCreds()} disabled={migrate.status === 'loading'}>
                  {migrate.status === 'loading' ? t('dashboard.logins.migrating') : t('dashboard.logins.migrate')}
                </button>
              )}
            </>
          );
        }}
      </Loaded>
      <div aria-live="polite">
        {signOut?.state.status === 'ready' && (
          <p className="outcome ok" role="status">
            {signOut.state.value.erased ? t('dashboard.logins.signedOut', { registry: signOut.registry }) : t('dashboard.logins.notStored', { registry: signOut.registry })}
          </p>
        )}
        {migrate.status === 'ready' && (
          <>
            <p className="outcome ok" role="status">
              {t('dashboard.logins.migrated', { count: migrate.value.moved.length })}
            </p>
            {migrate.value.moved.length > 0 && (
              <ul className="small" data-testid="migrated-entries">
                {migrate.value.moved.map((entry) => (
                  <li key={entry.registry}>
                    {entry.store.helper === null ? entry.registry : t('dashboard.logins.movedTo', { registry: entry.registry, helper: entry.store.helper })}
                    {entry.store.reason && <span className="muted"> {t('store.reason', { reason: t(entry.store.reason.code, entry.store.reason.params) })}</span>}
                  </li>
                ))}
              </ul>
            )}
            {migrate.value.warnings.length > 0 && (
              <ul className="warn-text">
                {migrate.value.warnings.map((warning, index) => (
                  <li key={index}>{t(warning.code, warning.params)}</li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
      {signOut?.state.status === 'failed' && <ErrorPanel error={signOut.state.error} onRetry={() => void logout(signOut.registry)} />}
      {migrate.status === 'failed' && <ErrorPanel error={migrate.error} onRetry={() => void migrateCreds()} />}
    </section>
  );
}
