import { useTranslation } from 'react-i18next';
import { activeProfile, useWizard } from '../store/wizard';
import { CertificateCard } from '../trust/CertificateCard';
import { ProblemList } from '../trust/ProblemList';
import { samePin } from '../trust/same-pin';
import { otherRegistriesOf } from '../wizard/profile-setup';
import { ProfileRegistryList } from '../wizard/ProfileRegistryList';

/** The registry's certificate, whether Docker trusts it, what Docker would object to; the user accepts the CA here and it is installed on Apply. */
export function Trust() {
  const { t } = useTranslation();
  const { inspection, profile, goTo, acceptTrust } = useWizard();
  const fromProfile = useWizard(activeProfile);
  if (inspection.status !== 'ready') return null;
  const trust = inspection.value;
  const others = fromProfile === null ? [] : otherRegistriesOf(fromProfile.profile, trust.registry);
  const leaf = trust.chain[0];
  const trustedKey = trust.trustedBy === 'certs.d' ? 'certsD' : trust.trustedBy === 'system' ? 'system' : 'no';
  const pinned = profile.status === 'ready' ? profile.value.profile.registries.find((registry) => registry.host.toLowerCase() === trust.registry.toLowerCase())?.caFingerprint : undefined;
  const pinMatches = pinned === undefined || trust.ca === null ? null : samePin(pinned, trust.ca.certificate.fingerprintSha256);
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
          {pinMatches !== null && (
            <>
              <dt>{t('trust.pinned')}</dt>
              <dd>
                <span className={pinMatches ? 'badge ok' : 'badge bad'} data-testid="pin-check">
                  {t(pinMatches ? 'trust.pinMatches' : 'trust.pinDiffers')}
                </span>
              </dd>
            </>
          )}
        </dl>
      </section>
      {trust.ca !== null ? (
        <CertificateCard heading={t(trust.ca.source === 'server' ? 'trust.caFromServer' : 'trust.caFromFile')} certificate={trust.ca.certificate} testId="ca" />
      ) : (
        <section className="panel">
          <p>{t('trust.noCa')}</p>
        </section>
      )}
      {leaf !== undefined && <CertificateCard heading={t('trust.serverCertificate')} certificate={leaf} testId="leaf" />}
      <ProblemList problems={trust.problems} />
      {others.length > 0 && (
        <section className="panel" aria-labelledby="trust-others-heading">
          <h2 id="trust-others-heading">{t('profileSetup.othersHeading')}</h2>
          <p>{t('profileSetup.othersIntro')}</p>
          <ProfileRegistryList registries={others} pins testId="trust-other-registries" />
        </section>
      )}
      <section className="panel actions" aria-label={t('wizard.actions')}>
        <button type="button" className="secondary" onClick={() => goTo('connect')}>
          {t('trust.back')}
        </button>
        {trust.trustedBy !== null ? (
          <button type="button" data-testid="trust-continue" onClick={() => acceptTrust(null)}>
            {t('wizard.continue')}
          </button>
        ) : (
          trust.ca !== null && (
            <>
              <p className="hint">{t(pinMatches === true ? 'trust.acceptPinnedHint' : 'trust.acceptHint')}</p>
              <button type="button" data-testid="trust-accept" disabled={pinMatches === false} onClick={() => acceptTrust(trust.ca?.certificate.fingerprintSha256 ?? null)}>
                {t('trust.accept')}
              </button>
            </>
          )
        )}
      </section>
    </>
  );
}
