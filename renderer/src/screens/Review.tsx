import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../ErrorPanel';
import { useWizard } from '../store/wizard';
import { ChangeList } from '../change/ChangeList';
import { UnifiedDiff } from '../change/UnifiedDiff';

/** Everything the setup will change, before anything is: each item, the diff of the files, warnings; then one Apply. */
export function Review() {
  const { t } = useTranslation();
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
                {plan.value.reason !== null && (
                  <>
                    <h3>{t('review.why')}</h3>
                    <p className="hint">{t(plan.value.reason.code, plan.value.reason.params)}</p>
                  </>
                )}
              </>
            )}
            {plan.value.diff !== '' && (
              <>
                <h3>{t('review.diff')}</h3>
                <UnifiedDiff diff={plan.value.diff} testId="review-diff" />
              </>
            )}
            {plan.value.warnings.length > 0 && (
              <>
                <h3>{t('review.warnings')}</h3>
                <ul className="warnings">
                  {plan.value.warnings.map((warning, index) => (
                    <li key={index}>{t(warning.code, warning.params)}</li>
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
