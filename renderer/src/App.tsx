import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Dashboard } from './dashboard/Dashboard';
import { LanguageSwitch } from './LanguageSwitch';
import { Wizard } from './screens/Wizard';
import { useNavigation, type View } from './store/navigation';
import { followProfileLinks } from './wizard/profile-link';

const VIEWS: readonly View[] = ['setup', 'dashboard'];

export function App() {
  const { t } = useTranslation();
  const { view, show, decide } = useNavigation();
  useEffect(() => {
    void decide();
  }, [decide]);
  useEffect(followProfileLinks, []);
  return (
    <div className="app">
      <header className="topbar">
        <div>
          <h1>{t('app.title')}</h1>
          <p className="tagline">{t('app.tagline')}</p>
        </div>
        <nav aria-label={t('nav.label')} className="views">
          {VIEWS.map((name) => (
            <button key={name} type="button" data-testid={`view-${name}`} className={view === name ? 'tab current' : 'tab'} aria-current={view === name ? 'page' : undefined} onClick={() => show(name)}>
              {t(`nav.${name}`)}
            </button>
          ))}
        </nav>
        <LanguageSwitch />
      </header>
      <main>{view === 'dashboard' ? <Dashboard /> : <Wizard />}</main>
    </div>
  );
}
