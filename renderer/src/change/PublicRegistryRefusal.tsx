import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ErrorValue } from '../../../shared/result';
import { namedHosts, type PublicRegistryRequest, weakeningOf } from './public-registry';

/**
 * main refused to weaken a public registry: why, in the user's language, and the red
 * confirmation that plans the same change again with the user's allowance. Nothing is applied
 * from here: the plan that comes back is shown, then Apply, then main's own confirmation.
 */
export function PublicRegistryRefusal({ request, error, onAllow, onClose }: { request: PublicRegistryRequest; error: ErrorValue; onAllow: () => void; onClose: () => void }) {
  const { t } = useTranslation();
  const headingId = useId();
  const hintId = useId();
  const what = weakeningOf(request);
  const host = namedHosts(request).join(', ');
  return (
    <section className="panel error public-registry" role="alert" aria-labelledby={headingId} data-testid="public-registry-refusal" data-weakening={what}>
      <h4 id={headingId}>{t('dashboard.change.publicRegistry.heading', { host })}</h4>
      <p>{t(`dashboard.change.publicRegistry.risk.${what}`)}</p>
      <p>
        <strong>{t('dashboard.change.publicRegistry.nothingChanged')}</strong>
      </p>
      {/* The refusal's whole sentence (the fix, the flag), one click away beside its code: not repeated above. */}
      <details className="evidence">
        <summary>
          {t('errors.code')}: <code>{error.code}</code>
        </summary>
        <p>{t(error.key, error.params)}</p>
      </details>
      <div className="danger-zone">
        <p id={hintId}>{t('dashboard.change.publicRegistry.confirmHint')}</p>
        <div className="actions">
          <button type="button" className="danger" aria-describedby={hintId} data-testid="allow-public-registry" onClick={onAllow}>
            {t(`dashboard.change.publicRegistry.allow.${what}`)}
          </button>
          <button type="button" className="secondary-button" onClick={onClose}>
            {t('dashboard.change.publicRegistry.keep')}
          </button>
        </div>
      </div>
    </section>
  );
}

/** Above the plan the user allowed: a reminder, in red, of what they chose, before they press Apply. */
export function PublicRegistryAllowed({ request }: { request: PublicRegistryRequest }) {
  const { t } = useTranslation();
  return (
    <p className="danger-note" data-testid="public-registry-allowed">
      {t(`dashboard.change.publicRegistry.allowed.${weakeningOf(request)}`, { host: namedHosts(request).join(', ') })}
    </p>
  );
}
