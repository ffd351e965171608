import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { declinedApply } from '../change/apply-again';
import { ErrorPanel } from '../ErrorPanel';
import { useWizard } from '../store/wizard';

/** The apply as it happens: each step, the engine's verification, and an automatic rollback when there was one. */
export function Apply() {
  const { t } = useTranslation();
  const { apply, progress, addProgress, goTo, applySetup } = useWizard();
  useEffect(() => window.dockside.onEvent('change:progress', (event) => addProgress(event.message)), [addProgress]);
  const outcome = apply.status === 'ready' ? apply.value : null;
  return (
    <>
      <section className="panel" aria-labelledby="apply-heading" aria-busy={apply.status === 'loading'}>
        <h2 id="apply-heading">{t('applyStep.heading')}</h2>
        {apply.status === 'loading' && <p>{t('applyStep.working')}</p>}
        <ol className="progress mono" data-testid="apply-progress" aria-live="polite">
          {progress.map((line, index) => (
            <li key={index}>{t(line.code, line.params)}</li>
          ))}
        </ol>
        {outcome !== null && (
          <div role="status" data-testid="apply-outcome" data-outcome={outcome.outcome} className={outcome.outcome === 'applied' ? 'outcome ok' : 'outcome bad'}>
            <p>
              <strong>{t(`apply.outcome.${outcome.outcome}`)}</strong> {t(`applyStep.explain.${outcome.outcome}`)}
            </p>
            {outcome.differences.length > 0 && (
              <ul>
                {outcome.differences.map((difference, index) => (
                  <li key={index}>{t(difference.code, difference.params)}</li>
                ))}
              </ul>
            )}
            {outcome.active !== null && (
              <p className="hint">{t('applyStep.engineReports', { mirrors: outcome.active.mirrors.join(', ') || '—' })}</p>
            )}
          </div>
        )}
      </section>
      {apply.status === 'failed' && (
        <div data-testid="apply-outcome" data-outcome="failed">
          {/* Declined (main's confirmation, or the password prompt): main kept the change, so it may be applied again. */}
          <ErrorPanel error={apply.error} onRetry={declinedApply(apply) ? () => void applySetup() : undefined} />
        </div>
      )}
      {/* While the apply runs there is nothing to do but wait: no empty panel of actions. */}
      {apply.status !== 'loading' && (
        <section className="panel actions" aria-label={t('wizard.actions')}>
          {outcome?.outcome === 'applied' ? (
            <button type="button" data-testid="apply-done" onClick={() => goTo('done')}>
              {t('wizard.continue')}
            </button>
          ) : (
            <button type="button" className="secondary" onClick={() => goTo('review')}>
              {t('wizard.back')}
            </button>
          )}
        </section>
      )}
    </>
  );
}
