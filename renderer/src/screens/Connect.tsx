import { type FormEvent, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../ErrorPanel';
import { useWizard } from '../store/wizard';

/** The registry typed by hand (host:port); Continue inspects its certificate. */
export function Connect() {
  const { t } = useTranslation();
  const id = useId();
  const { registry, inspection, setRegistry, connect } = useWizard();
  const busy = inspection.status === 'loading';
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!busy && registry.trim() !== '') void connect();
  };
  return (
    <>
      <section className="panel" aria-labelledby="connect-heading" aria-busy={busy}>
        <h2 id="connect-heading">{t('connect.heading')}</h2>
        <p>{t('connect.intro')}</p>
        <form className="field-row" onSubmit={submit}>
          <label htmlFor={id}>{t('connect.registryLabel')}</label>
          <input
            id={id}
            type="text"
            value={registry}
            placeholder="nexus.example.com:8443"
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setRegistry(event.target.value)}
          />
          <button type="submit" disabled={busy || registry.trim() === ''}>
            {busy ? t('connect.checking') : t('connect.continue')}
          </button>
        </form>
      </section>
      {inspection.status === 'failed' && <ErrorPanel error={inspection.error} onRetry={() => void connect()} />}
    </>
  );
}
