import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { declinedApply } from '../change/apply-again';
import { ChangeList } from '../change/ChangeList';
import { UnifiedDiff } from '../change/UnifiedDiff';
import { allowPublicRegistry, overridablePublicRegistry } from '../change/public-registry';
import { PublicRegistryAllowed, PublicRegistryRefusal } from '../change/PublicRegistryRefusal';
import { ErrorPanel } from '../ErrorPanel';
import { type ChangeOrigin, type DashboardChangeRequest, type DashboardPlan, useDashboard } from '../store/dashboard';
import { ApplyOutcome } from '../trust/ApplyOutcome';

function ChangeTitle({ request }: { request: DashboardChangeRequest }) {
  const { t } = useTranslation();
  switch (request.kind) {
    case 'trust-add':
    case 'trust-remove':
      return <>{t(`dashboard.change.title.${request.kind}`, { registry: request.registry })}</>;
    case 'mirrors-use':
      return <>{t('dashboard.change.title.mirrors-use', { urls: request.urls.join(', ') })}</>;
    default:
      return <>{t(`dashboard.change.title.${request.kind}`)}</>;
  }
}

/** What applying will do, before it is done: reason, what it touches, the diff of the files, warnings. */
export function ChangePlanView({ plan }: { plan: DashboardPlan }) {
  const { t } = useTranslation();
  return (
    <div className="plan" data-testid="change-plan">
      {plan.reason !== null && (
        <>
          <h4>{t('dashboard.change.reason')}</h4>
          <p>{t(plan.reason.code, plan.reason.params)}</p>
        </>
      )}
      {plan.changes.length > 0 && (
        <>
          <h4>{t('dashboard.change.changes')}</h4>
          <ChangeList items={plan.changes} />
        </>
      )}
      {plan.diff !== '' && (
        <>
          <h4>{t('dashboard.change.diff')}</h4>
          <UnifiedDiff diff={plan.diff} />
        </>
      )}
      {plan.warnings.length > 0 && (
        <>
          <h4>{t('dashboard.change.warnings')}</h4>
          <ul>
            {plan.warnings.map((warning, index) => (
              <li key={index}>{t(warning.code, warning.params)}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** The change started from this section, if any: plan, one Apply, progress, outcome. */
export function ChangePanel({ origin }: { origin: ChangeOrigin }) {
  const { t } = useTranslation();
  const change = useDashboard((state) => (state.change?.origin === origin ? state.change : null));
  const applyChange = useDashboard((state) => state.applyChange);
  const planChange = useDashboard((state) => state.planChange);
  const closeChange = useDashboard((state) => state.closeChange);
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const request = change?.request;
  // The plan appears where the button was: move the focus there so a keyboard user reads it next.
  useEffect(() => {
    if (request !== undefined) heading.current?.focus();
  }, [request]);
  if (change === null) return null;
  const { plan, apply, progress, request: planned } = change;
  const applying = apply.status === 'loading';
  // Declined (main's confirmation, or the password prompt): main kept the change, so Apply stays.
  const finished = apply.status === 'ready' || (apply.status === 'failed' && !declinedApply(apply));
  return (
    <section className="change" aria-labelledby={headingId} aria-busy={plan.status === 'loading' || applying} data-testid="dashboard-change">
      <h3 id={headingId} ref={heading} tabIndex={-1}>
        <ChangeTitle request={change.request} />
      </h3>
      {plan.status === 'loading' && <p role="status">{t('dashboard.change.planning')}</p>}
      {plan.status === 'failed' &&
        (overridablePublicRegistry(planned, plan.error) ? (
          <PublicRegistryRefusal request={planned} error={plan.error} onAllow={() => void planChange(origin, allowPublicRegistry(planned))} onClose={closeChange} />
        ) : (
          <ErrorPanel error={plan.error} onRetry={() => void planChange(origin, change.request)} />
        ))}
      {plan.status === 'ready' && (
        <>
          {(planned.kind === 'trust-add' || planned.kind === 'mirrors-use') && planned.allowPublicRegistry === true && <PublicRegistryAllowed request={planned} />}
          <ChangePlanView plan={plan.value} />
          {plan.value.planId === null && <p role="status">{t('dashboard.change.nothingToDo')}</p>}
          {!finished && (
            <div className="actions">
              {plan.value.planId !== null && (
                <button type="button" onClick={() => void applyChange()} disabled={applying}>
                  {applying ? t('dashboard.change.applying') : t('dashboard.change.apply')}
                </button>
              )}
              {!applying && (
                <button type="button" className="quiet" onClick={closeChange}>
                  {t('dashboard.change.close')}
                </button>
              )}
            </div>
          )}
          <ApplyOutcome progress={progress} outcome={apply.status === 'ready' ? apply.value : null} error={apply.status === 'failed' ? apply.error : null} />
          {finished && (
            <button type="button" className="quiet" onClick={closeChange}>
              {t('dashboard.change.close')}
            </button>
          )}
        </>
      )}
      {plan.status === 'failed' && !overridablePublicRegistry(planned, plan.error) && (
        <button type="button" className="quiet" onClick={closeChange}>
          {t('dashboard.change.close')}
        </button>
      )}
    </section>
  );
}
