import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorValue } from '../../shared/result';

/** Says what happened, why and the fix in the user's language, with the stable code as evidence. */
export function ErrorPanel({ error, onRetry }: { error: ErrorValue; onRetry?: () => void }) {
  const { t } = useTranslation();
  // Several panels may show at once (the dashboard's sections): each heading needs its own id.
  const headingId = useId();
  return (
    <section className="panel error" role="alert" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('errors.heading')}</h2>
      <p>{t(error.key, error.params)}</p>
      <p className="evidence">
        {t('errors.code')}: <code>{error.code}</code>
      </p>
      {onRetry !== undefined && (
        <button type="button" onClick={onRetry}>
          {t('errors.retry')}
        </button>
      )}
    </section>
  );
}
