import { useTranslation } from 'react-i18next';
import type { MessageCode } from '../../../shared/message';
import type { ErrorValue } from '../../../shared/result';

/**
 * The core's refusals of a CA URL name the CLI's flags for what to do (`--ca-url`, `--ca-file`);
 * on this screen the same advice names its fields. Every other refusal is said in its own words.
 */
const ON_THIS_SCREEN: Partial<Record<MessageCode, MessageCode>> = {
  'tls.error.ca-url.pin-not-found': 'trust.ca-source.error.pin-not-found',
  'tls.error.ca-url.redirect-host': 'trust.ca-source.error.redirect-host',
  'tls.error.ca-url.redirects': 'trust.ca-source.error.redirects',
  'tls.error.ca-url.timeout': 'trust.ca-source.error.timeout',
  'tls.error.ca-url.unreachable': 'trust.ca-source.error.unreachable',
  'tls.error.ca-url.invalid': 'trust.ca-source.error.invalid',
};

/** Why the URL or file given on Trust cannot be used, and what to do, with the stable code as evidence. */
export function CaSourceError({ error }: { error: ErrorValue }) {
  const { t } = useTranslation();
  return (
    <div className="ca-source-error" role="alert" data-testid="ca-source-error" data-code={error.code}>
      <h4>{t('trust.ca-source.errorHeading')}</h4>
      <p>{t(ON_THIS_SCREEN[error.key] ?? error.key, error.params)}</p>
      <p className="evidence">
        {t('errors.code')}: <code>{error.code}</code>
      </p>
    </div>
  );
}
