import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initI18n } from './i18n/index';
import { initialLanguage } from './i18n/initial-language';
import { savedLanguage } from './i18n/saved-language';
import { useAppInfo } from './store/app-info';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');

// The OS's languages come from main (app:info): Chromium's navigator.languages is the app's locale, not the user's list.
async function start(element: HTMLElement): Promise<void> {
  await useAppInfo.getState().load();
  const { state } = useAppInfo.getState();
  await initI18n(initialLanguage(savedLanguage(), state.status === 'ready' ? state.info.languages : []));
  createRoot(element).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void start(root);
