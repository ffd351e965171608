import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../ErrorPanel';
import { useWizard } from '../store/wizard';
import { ChangeList } from '../change/ChangeList';

/** Everything the setup will change, before anything is: each item, the diff of the files, warnings; then one Apply. */
export function Review() {
  const { t, i18n } = useTranslation();
  const { plan, planSetup, applySetup, goTo } = useWizard();
  return (
    <>
      <section className="panel" aria-labelledby="review-heading" aria-busy={plan.status === 'loading'}>
        <h2 id="review-heading">{t('review.heading')}</h2>
        {plan.status === 'loading' && <p>{t('review.planning')}</p>}
        {plan.status === 'ready' && (
          <>
            {plan.value.planId === null ? (
              <p data-testid="review-nothing">{t('review.nothing')}</p>
            ) : (
              <>
                <p>{t('review.intro')}</p>
                <h3>{t('review.changes')}</h3>
                <ChangeList items={plan.value.changes} testId="review-changes" />
                {/* The engine words its reason in English; the items above already say it in the user's language. */}
                {plan.value.reason !== '' && i18n.language === 'en' && (
                  <>
                    <h3>{t('review.why')}</h3>
                    <p className="hint">{plan.value.reason}</p>
                  </>
                )}
              </>
            )}
            {plan.value.diff !== '' && (
              <>
                <h3>{t('review.diff')}</h3>
                <pre className="mono diff" data-testid="review-diff">
                  {plan.value.diff}
                </pre>
              </>
            )}
            {plan.value.warnings.length > 0 && (
              <>
                <h3>{t('review.warnings')}</h3>
                <ul className="warnings">
                  {plan.value.warnings.map((warning, index) => (
                    <li key={index}>{warning}</li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </section>
      {plan.status === 'failed' && <ErrorPanel error={plan.error} onRetry={() => void planSetup()} />}
      <section className="panel actions" aria-label={t('wizard.actions')}>
        <button type="button" className="secondary" onClick={() => goTo('mirrors')}>
          {t('wizard.back')}
        </button>
        {plan.status === 'ready' && plan.value.planId !== null && (
          <button type="button" data-testid="review-apply" onClick={() => void applySetup()}>
            {t('review.apply')}
          </button>
        )}
      </section>
    </>
  );
}
