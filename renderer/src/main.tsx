import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initI18n } from './i18n/index';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');

void initI18n(navigator.languages).then(() => {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
});
