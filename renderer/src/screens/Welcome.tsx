import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../ErrorPanel';
import { useAppInfo } from '../store/app-info';

const STEPS = ['connect', 'trust', 'signIn', 'mirrors', 'apply'] as const;

export function Welcome() {
  const { t } = useTranslation();
  const { state, load } = useAppInfo();

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <section className="panel" aria-labelledby="welcome-heading">
        <h2 id="welcome-heading">{t('welcome.heading')}</h2>
        <p>{t('welcome.intro')}</p>
        <h3>{t('welcome.stepsHeading')}</h3>
        <ol className="steps">
          {STEPS.map((step) => (
            <li key={step}>{t(`welcome.steps.${step}`)}</li>
          ))}
        </ol>
      </section>
      {state.status === 'failed' ? (
        <ErrorPanel error={state.error} onRetry={() => void load()} />
      ) : (
        <section className="panel" aria-labelledby="about-heading" aria-busy={state.status !== 'ready'}>
          <h2 id="about-heading">{t('about.heading')}</h2>
          {state.status === 'ready' ? (
            <dl className="facts">
              <dt>{t('about.version')}</dt>
              <dd data-testid="app-version">{state.info.version}</dd>
              <dt>{t('about.platform')}</dt>
              <dd data-testid="app-platform">
                {state.info.platform} ({state.info.arch})
              </dd>
            </dl>
          ) : (
            <p>{t('about.loading')}</p>
          )}
        </section>
      )}
    </>
  );
}
