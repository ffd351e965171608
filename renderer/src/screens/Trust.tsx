import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useWizard } from '../store/wizard';
import { CertificateCard } from '../trust/CertificateCard';
import { InstallCa } from '../trust/InstallCa';
import { ProblemList } from '../trust/ProblemList';

/** The registry's certificate, whether Docker trusts it, what Docker would object to, and the install. */
export function Trust() {
  const { t } = useTranslation();
  const { inspection, apply, back, addProgress } = useWizard();

  // Listen from the moment the screen shows, so no step of an apply is missed.
  useEffect(() => window.dockside.onEvent('change:progress', (event) => addProgress(event.message)), [addProgress]);

  if (inspection.status !== 'ready') return null;
  const trust = inspection.value;
  const leaf = trust.chain[0];
  const trustedKey = trust.trustedBy === 'certs.d' ? 'certsD' : trust.trustedBy === 'system' ? 'system' : 'no';
  return (
    <>
      <section className="panel" aria-labelledby="trust-heading">
        <h2 id="trust-heading">{t('trust.heading', { registry: trust.registry })}</h2>
        <dl className="facts">
          <dt>{t('trust.address')}</dt>
          <dd>
            {trust.address}
            {trust.tlsVersion !== null && ` (${trust.tlsVersion})`}
          </dd>
          <dt>{t('trust.dockerTrusts')}</dt>
          <dd>
            <span className={trust.trustedBy === null ? 'badge warn' : 'badge ok'} data-testid="trusted-by">
              {t(`trust.trustedBy.${trustedKey}`)}
            </span>
          </dd>
          <dt>{t('trust.caPath')}</dt>
          <dd>
            <code>{trust.caPath}</code>
          </dd>
        </dl>
        <button type="button" className="secondary" onClick={back}>
          {t('trust.back')}
        </button>
      </section>
      {trust.ca !== null ? (
        <CertificateCard
          heading={t(trust.ca.source === 'server' ? 'trust.caFromServer' : 'trust.caFromFile')}
          certificate={trust.ca.certificate}
          testId="ca"
        />
      ) : (
        <section className="panel">
          <p>{t('trust.noCa')}</p>
        </section>
      )}
      {leaf !== undefined && <CertificateCard heading={t('trust.serverCertificate')} certificate={leaf} testId="leaf" />}
      <ProblemList problems={trust.problems} />
      {trust.ca !== null && (trust.trustedBy === null || apply.status !== 'idle') && <InstallCa />}
    </>
  );
}
