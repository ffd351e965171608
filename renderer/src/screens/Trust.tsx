import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrustInspectJson } from '../../../shared/trust';
import { activeProfile, type CaSource, useWizard } from '../store/wizard';
import { CaSourceForm } from '../trust/CaSourceForm';
import { CertificateCard } from '../trust/CertificateCard';
import { ProblemList } from '../trust/ProblemList';
import { samePin } from '../trust/same-pin';
import { otherRegistriesOf } from '../wizard/profile-setup';
import { ProfileRegistryList } from '../wizard/ProfileRegistryList';

/** The registry's certificate, whether Docker trusts it, what Docker would object to; the user accepts the CA here and it is installed on Apply. */
export function Trust() {
  const { t } = useTranslation();
  const id = useId();
  const { inspection, profile, caSource, osStore, goTo, acceptTrust, setOsStore } = useWizard();
  const fromProfile = useWizard(activeProfile);
  if (inspection.status !== 'ready') return null;
  const trust = inspection.value;
  const others = fromProfile === null ? [] : otherRegistriesOf(fromProfile.profile, trust.registry);
  const leaf = trust.chain[0];
  const trustedKey = trust.trustedBy === 'certs.d' ? 'certsD' : trust.trustedBy === 'system' ? 'system' : 'no';
  const profilePin = profile.status === 'ready' ? profile.value.profile.registries.find((registry) => registry.host.toLowerCase() === trust.registry.toLowerCase())?.caFingerprint : undefined;
  // A profile names its CA itself; a single registry that sends none takes it from a URL or a file given here.
  const offerSource = fromProfile === null && trust.trustedBy === null && (trust.ca === null || caSource !== null);
  const pinned = profilePin ?? caSource?.fingerprint;
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
              <dt>{t(profilePin !== undefined ? 'trust.pinned' : 'trust.ca-source.pinned')}</dt>
              <dd>
                <span className={pinMatches ? 'badge ok' : 'badge bad'} data-testid="pin-check">
                  {profilePin !== undefined ? t(pinMatches ? 'trust.pinMatches' : 'trust.pinDiffers') : t(pinMatches ? 'trust.ca-source.pinMatches' : 'trust.ca-source.pinDiffers')}
                </span>
              </dd>
            </>
          )}
        </dl>
      </section>
      {offerSource && <CaSourceForm registry={trust.registry} />}
      {trust.ca !== null ? (
        <CertificateCard heading={caHeading(t, trust, caSource)} certificate={trust.ca.certificate} testId="ca" />
      ) : (
        !offerSource && (
          <section className="panel">
            <p>{t('trust.noCa')}</p>
          </section>
        )
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
              {fromProfile === null && (
                <label className="os-store" htmlFor={`${id}-os-store`}>
                  <input id={`${id}-os-store`} type="checkbox" data-testid="trust-os-store" checked={osStore} onChange={(event) => setOsStore(event.target.checked)} />
                  {t('trust.ca-source.osStore')}
                </label>
              )}
              <p className="hint">{t(pinMatches !== true ? 'trust.acceptHint' : profilePin !== undefined ? 'trust.acceptPinnedHint' : 'trust.ca-source.acceptPinnedHint')}</p>
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

/** Where the CA shown comes from: the server's chain, the leaf's issuer link (AIA), or the URL or file the user gave. */
function caHeading(t: ReturnType<typeof useTranslation>['t'], trust: TrustInspectJson, source: CaSource | null): string {
  if (trust.ca?.source === 'server') return t('trust.caFromServer');
  if (trust.ca?.source === 'aia') return t('trust.caFromAia', { url: trust.aia?.urls.join(', ') ?? '' });
  if (source?.kind === 'url') return t('trust.ca-source.fromUrl', { url: source.url });
  if (source?.kind === 'file') return t('trust.ca-source.fromFile', { name: source.name });
  return t('trust.caFromFile');
}
