import { useTranslation } from 'react-i18next';
import type { ChangePlan } from '../store/wizard';

/** What applying will do, before it is done: the reason, the steps in order, the diff of the files, warnings. */
export function PlanView({ plan }: { plan: ChangePlan }) {
  const { t } = useTranslation();
  return (
    <div className="plan" data-testid="change-plan">
      <h4>{t('plan.reason')}</h4>
      <p>{plan.reason}</p>
      {plan.steps.length > 0 && (
        <>
          <h4>{t('plan.steps')}</h4>
          <ol>
            {plan.steps.map((step, index) => (
              <li key={index}>{step}</li>
            ))}
          </ol>
        </>
      )}
      {plan.diff !== '' && (
        <>
          <h4>{t('plan.diff')}</h4>
          <pre className="mono diff">{plan.diff}</pre>
        </>
      )}
      {plan.warnings.length > 0 && (
        <>
          <h4>{t('plan.warnings')}</h4>
          <ul>
            {plan.warnings.map((warning, index) => (
              <li key={index}>{warning}</li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
