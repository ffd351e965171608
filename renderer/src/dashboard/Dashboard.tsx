import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { activeMirrors, useDashboard } from '../store/dashboard';
import { CommandsOnPathCard } from './CommandsOnPathCard';
import './dashboard.css';
import { EngineSection } from './EngineSection';
import { FindingsSection } from './FindingsSection';
import { HistorySection } from './HistorySection';
import { LoginsSection } from './LoginsSection';
import { MirrorsSection } from './MirrorsSection';
import { TrustedSection } from './TrustedSection';

/** The app's home once set up: the engine, trust, sign-ins, checks, mirrors and history, each change planned, shown, then applied once. */
export function Dashboard() {
  const { t } = useTranslation();
  const refresh = useDashboard((state) => state.refresh);
  const probe = useDashboard((state) => state.probe);
  const addProgress = useDashboard((state) => state.addProgress);
  const onProbeEvent = useDashboard((state) => state.onProbeEvent);
  const loading = useDashboard((state) => state.status.status === 'loading');

  useEffect(() => window.dockside.onEvent('change:progress', (event) => addProgress(event.message)), [addProgress]);
  useEffect(() => window.dockside.onEvent('mirrors:probe-progress', onProbeEvent), [onProbeEvent]);
  useEffect(() => {
    void (async () => {
      await refresh();
      // The mirrors in use are checked each time the dashboard opens; the public catalog once a session
      // (offline, each of its names fails in milliseconds), and again with "Check public mirrors".
      const { status, probes } = useDashboard.getState();
      const inUse = status.status === 'ready' ? activeMirrors(status.value) : [];
      const catalogChecked = Object.values(probes).some((row) => row.result?.sources.includes('catalog') === true);
      await Promise.all([inUse.length > 0 ? probe(inUse) : null, catalogChecked ? null : probe([])]);
    })();
  }, [refresh, probe]);

  return (
    <section className="dashboard" aria-labelledby="dashboard-heading">
      <div className="dashboard-head">
        <div>
          <h2 id="dashboard-heading">{t('dashboard.heading')}</h2>
          <p className="muted">{t('dashboard.intro')}</p>
        </div>
        <button type="button" className="secondary-button" onClick={() => void refresh()} disabled={loading}>
          {t('dashboard.refresh')}
        </button>
      </div>
      <EngineSection />
      <CommandsOnPathCard />
      <MirrorsSection />
      <HistorySection />
      <TrustedSection />
      <LoginsSection />
      <FindingsSection />
    </section>
  );
}
