import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../ErrorPanel';
import { type ConnectSource, useWizard } from '../store/wizard';
import { NexusConnect } from '../wizard/NexusConnect';
import { ProfileConnect } from '../wizard/ProfileConnect';
import { RegistryConnect } from '../wizard/RegistryConnect';

const SOURCES: readonly ConnectSource[] = ['registry', 'nexus', 'profile'];

/** Where setup starts: a registry typed by hand, a Nexus to discover, or the profile the platform team published. */
export function Connect() {
  const { t } = useTranslation();
  const { source, setSource, inspection, connect } = useWizard();
  return (
    <>
      <section className="panel" aria-labelledby="connect-heading">
        <h2 id="connect-heading">{t('connect.heading')}</h2>
        <fieldset className="segmented">
          <legend>{t('connect.sourceLegend')}</legend>
          {SOURCES.map((name) => (
            <label key={name} className={source === name ? 'current' : undefined}>
              <input type="radio" name="connect-source" value={name} checked={source === name} onChange={() => setSource(name)} />
              {t(`connect.sources.${name}`)}
            </label>
          ))}
        </fieldset>
        {source === 'registry' && <RegistryConnect />}
        {source === 'nexus' && <NexusConnect />}
        {source === 'profile' && <ProfileConnect />}
      </section>
      {inspection.status === 'failed' && <ErrorPanel error={inspection.error} onRetry={() => void connect()} />}
    </>
  );
}
