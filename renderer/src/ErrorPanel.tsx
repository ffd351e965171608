import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorValue } from '../../shared/result';

/** Codes the UI explains in the user's language; the engine's message (English) follows as evidence. */
const KNOWN_CODES = [
  'invalid-request',
  'untrusted-sender',
  'unknown-channel',
  'internal',
  'unauthorized',
  'too-many-attempts',
  'token-realm-not-https',
  'fingerprint-mismatch',
  'host-not-found',
  'connection-refused',
  'timeout',
  'unknown-ca',
  'helper-not-on-path',
  'no-secret-service',
  'keychain-locked',
  'elevation-cancelled',
  'apply-declined',
  'invalid-profile',
  'profile-url-not-https',
  'unknown-plan',
  'public-registry',
  // Issue 18, validate before writing.
  'daemon-json-refused',
  'flag-collision',
] as const;

/** Says what happened in the user's language, with the code and the engine's own message as evidence. */
export function ErrorPanel({ error, onRetry }: { error: ErrorValue; onRetry?: () => void }) {
  const { t } = useTranslation();
  // Several panels may show at once (the dashboard's sections): each heading needs its own id.
  const headingId = useId();
  const code = (KNOWN_CODES as readonly string[]).includes(error.code) ? (error.code as (typeof KNOWN_CODES)[number]) : 'other';
  return (
    <section className="panel error" role="alert" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('errors.heading')}</h2>
      <p>{t(`errors.${code}`)}</p>
      <p className="evidence">
        {t('errors.code')}: <code>{error.code}</code> — {error.message}
      </p>
      {onRetry !== undefined && (
        <button type="button" onClick={onRetry}>
          {t('errors.retry')}
        </button>
      )}
    </section>
  );
}
