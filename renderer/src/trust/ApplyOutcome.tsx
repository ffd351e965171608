import { useTranslation } from 'react-i18next';
import type { Message } from '../../../shared/message';
import type { ErrorValue } from '../../../shared/result';
import { declinedCode } from '../change/apply-again';
import type { ChangeOutcome } from '../store/wizard';

/** The apply's progress lines as they arrive, then its outcome: applied, or failed (rolled back) with the reason. */
export function ApplyOutcome({ progress, outcome, error }: { progress: readonly Message[]; outcome: ChangeOutcome | null; error: ErrorValue | null }) {
  const { t } = useTranslation();
  const succeeded = outcome !== null && (outcome.outcome === 'applied' || outcome.outcome === 'unchanged');
  // The user said no (main's confirmation or the password prompt): nothing ran, and that is no failure.
  const declined = error === null ? null : declinedCode(error);
  return (
    <div className="apply" aria-live="polite">
      {progress.length > 0 && (
        <>
          <h4>{t('apply.progress')}</h4>
          <ol className="progress mono" data-testid="apply-progress">
            {progress.map((line, index) => (
              <li key={index}>{t(line.code, line.params)}</li>
            ))}
          </ol>
        </>
      )}
      {outcome !== null && (
        <p className={succeeded ? 'outcome ok' : 'outcome bad'} role="status" data-testid="apply-outcome">
          <strong>{t(`apply.outcome.${outcome.outcome}`)}</strong> {outcome.reason !== null && t(outcome.reason.code, outcome.reason.params)}
        </p>
      )}
      {error !== null && declined !== null && (
        <p className="outcome" role="status" data-testid="apply-outcome" data-outcome="declined">
          {t(error.key, error.params)}
        </p>
      )}
      {error !== null && declined === null && (
        <p className="outcome bad" role="alert" data-testid="apply-outcome">
          <strong>{t('apply.outcome.failed')}</strong> {t(error.key, error.params)} (<code>{error.code}</code>)
        </p>
      )}
    </div>
  );
}
