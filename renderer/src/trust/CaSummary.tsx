import { useTranslation } from 'react-i18next';
import type { CaSummary as CaSummaryValue } from '../../../shared/ca-summary';

/** The CAs a change installs or removes, as a person checks them before Apply: subject, issuer, fingerprint, validity, never the PEM text. */
export function CaSummary({ certificates }: { certificates: readonly CaSummaryValue[] }) {
  const { t, i18n } = useTranslation();
  const date = (iso: string): string => new Date(iso).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
  return (
    <>
      {certificates.map((ca) => (
        <dl className="facts" key={ca.fingerprintSha256} data-testid="ca-summary">
          <dt>{t('cert.subject')}</dt>
          <dd className="multiline">{ca.subject}</dd>
          <dt>{t('cert.issuer')}</dt>
          <dd className="multiline">{ca.issuer}</dd>
          <dt>{t('cert.fingerprint')}</dt>
          <dd>
            <code className="mono" data-testid="ca-summary-fingerprint">
              {ca.fingerprintSha256}
            </code>
          </dd>
          <dt>{t('cert.validity')}</dt>
          <dd>{t('cert.validRange', { from: date(ca.notBefore), to: date(ca.notAfter) })}</dd>
        </dl>
      ))}
    </>
  );
}
