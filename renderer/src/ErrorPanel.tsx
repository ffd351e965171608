import { useTranslation } from 'react-i18next';
import type { ErrorValue } from '../../shared/result';

const KNOWN_CODES = ['invalid-request', 'untrusted-sender', 'unknown-channel', 'internal'] as const;

/** Says what happened in the user's language, with the code and the engine's own message as evidence. */
export function ErrorPanel({ error, onRetry }: { error: ErrorValue; onRetry: () => void }) {
  const { t } = useTranslation();
  // The engine's own codes (unreachable, invalid-registry, …) come with its message, shown below.
  const code = (KNOWN_CODES as readonly string[]).includes(error.code) ? error.code : 'other';
  return (
    <section className="panel error" role="alert" aria-labelledby="error-heading">
      <h2 id="error-heading">{t('errors.heading')}</h2>
      <p>{t(`errors.${code as (typeof KNOWN_CODES)[number] | 'other'}`)}</p>
      <p className="evidence">
        {t('errors.code')}: <code>{error.code}</code> — {error.message}
      </p>
      <button type="button" onClick={onRetry}>
        {t('errors.retry')}
      </button>
    </section>
  );
}
