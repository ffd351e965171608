import { useTranslation } from 'react-i18next';
import type { CertificateInfo } from '../../../shared/trust';

/** One certificate as a person judges it: who it is, who vouches for it, for which names, until when, and its fingerprint. */
export function CertificateCard({ heading, certificate, testId }: { heading: string; certificate: CertificateInfo; testId: string }) {
  const { t, i18n } = useTranslation();
  const date = (iso: string): string => new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
  const names = [...certificate.dnsNames, ...certificate.ipAddresses];
  return (
    <section className="panel" aria-label={heading} data-testid={testId}>
      <h3>{heading}</h3>
      <dl className="facts">
        <dt>{t('cert.subject')}</dt>
        <dd className="multiline">{certificate.subject}</dd>
        <dt>{t('cert.issuer')}</dt>
        <dd className="multiline">
          {certificate.issuer}
          {certificate.selfSigned && <span className="badge">{t('cert.selfSigned')}</span>}
        </dd>
        <dt>{t('cert.names')}</dt>
        <dd>{names.length > 0 ? names.join(', ') : t('cert.noNames')}</dd>
        <dt>{t('cert.validity')}</dt>
        <dd>{t('cert.validRange', { from: date(certificate.notBefore), to: date(certificate.notAfter) })}</dd>
        <dt>{t('cert.fingerprint')}</dt>
        <dd>
          <pre className="mono" data-testid={`${testId}-fingerprint`}>
            {certificate.fingerprintSha256}
          </pre>
        </dd>
      </dl>
    </section>
  );
}
