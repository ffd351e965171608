import { useTranslation } from 'react-i18next';

/** The app's home once set up. */
export function Dashboard() {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="dashboard-heading">
      <h2 id="dashboard-heading">{t('dashboard.heading')}</h2>
    </section>
  );
}
