import { type FormEvent, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useWizard } from '../store/wizard';

/** The registry typed by hand (host:port); Continue inspects its certificate. */
export function RegistryConnect() {
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
      <p>{t('connect.intro')}</p>
      <form className="field-row" onSubmit={submit} aria-busy={busy}>
        <label htmlFor={id}>{t('connect.registryLabel')}</label>
        <input
          id={id}
          data-testid="connect-registry"
          type="text"
          value={registry}
          placeholder="nexus.example.com:8443"
          autoComplete="off"
          spellCheck={false}
          onChange={(event) => setRegistry(event.target.value)}
        />
        <button type="submit" data-testid="connect-submit" disabled={busy || registry.trim() === ''}>
          {busy ? t('connect.checking') : t('connect.continue')}
        </button>
      </form>
    </>
  );
}
