import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../ErrorPanel';
import { useWizard } from '../store/wizard';
import { ApplyOutcome } from './ApplyOutcome';
import { PlanView } from './PlanView';

/** Install this CA into certs.d: plan (shown), then Apply once, with progress and outcome. */
export function InstallCa() {
  const { t } = useTranslation();
  const { plan, apply, progress, planInstall, applyPlan } = useWizard();
  const applying = apply.status === 'loading';
  const applied = apply.status === 'ready' || apply.status === 'failed';
  return (
    <section className="panel" aria-labelledby="install-heading" aria-busy={plan.status === 'loading' || applying}>
      <h3 id="install-heading">{t('install.heading')}</h3>
      <p>{t('install.intro')}</p>
      {plan.status !== 'ready' && (
        <button type="button" onClick={() => void planInstall()} disabled={plan.status === 'loading'}>
          {t('install.button')}
        </button>
      )}
      {plan.status === 'failed' && <ErrorPanel error={plan.error} onRetry={() => void planInstall()} />}
      {plan.status === 'ready' && (
        <>
          <PlanView plan={plan.value} />
          {plan.value.planId === null ? (
            <p>{t('install.nothingToDo')}</p>
          ) : (
            !applied && (
              <button type="button" onClick={() => void applyPlan()} disabled={applying}>
                {applying ? t('install.applying') : t('install.apply')}
              </button>
            )
          )}
          <ApplyOutcome
            progress={progress}
            outcome={apply.status === 'ready' ? apply.value : null}
            error={apply.status === 'failed' ? apply.error : null}
          />
        </>
      )}
    </section>
  );
}
