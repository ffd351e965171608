import { useTranslation } from 'react-i18next';
import type { ProfileRegistry } from '../../../shared/profile';

/**
 * A profile's registries as the setup will treat each: its roles, and how Docker will trust it
 * (the pinned CA, or the one the profile carries, with the fingerprint where the user compares it; plain HTTP; as it is).
 */
export function ProfileRegistryList({ registries, pins, testId }: { registries: readonly ProfileRegistry[]; pins: boolean; testId: string }) {
  const { t } = useTranslation();
  return (
    <ul className="profile-registries" data-testid={testId}>
      {registries.map((registry) => (
        <li key={registry.host} data-host={registry.host}>
          <code>{registry.host}</code>
          {registry.pull === true && <span className="badge">{t('connect.role.pull')}</span>}
          {registry.push === true && <span className="badge">{t('connect.role.push')}</span>}{' '}
          {registry.insecure === true ? (
            <span className="badge warn">{t('profileSetup.insecure')}</span>
          ) : registry.caFingerprint !== undefined || registry.caPem !== undefined ? (
            <>
              <span className="badge ok">{t('profileSetup.pinned')}</span>
              {pins && registry.caFingerprint !== undefined && <div className="mono hint fingerprint">{registry.caFingerprint}</div>}
            </>
          ) : (
            <span className="badge">{t('profileSetup.trustAsIs')}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
