import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './LanguageSwitch';
import { Welcome } from './screens/Welcome';
import { Wizard } from './screens/Wizard';

export function App() {
  const { t } = useTranslation();
  return (
    <div className="app">
      <header className="topbar">
        <div>
          <h1>{t('app.title')}</h1>
          <p className="tagline">{t('app.tagline')}</p>
        </div>
        <LanguageSwitch />
      </header>
      <main>
        <Welcome />
        <Wizard />
      </main>
    </div>
  );
}
