import { type ChangeEvent, type FormEvent, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../ErrorPanel';
import { useWizard } from '../store/wizard';
import { ProfileRegistryList } from './ProfileRegistryList';

/**
 * A profile from the platform team, as a file, an https URL, or a `dockside://profile?url=` link:
 * it names the registries, pins their CAs and lists the mirrors, and the setup covers all of them.
 */
export function ProfileConnect() {
  const { t } = useTranslation();
  const id = useId();
  const { profile, profileUrl, profileLink, registry, inspection, loadProfile, setProfileUrl, setRegistry, connect } = useWizard();
  const busy = profile.status === 'loading';
  // A refused profile's mistakes, field by field, as main found them.
  const problems = profile.status === 'failed' ? (profile.error.problems ?? []) : [];
  const continueButton = useRef<HTMLButtonElement>(null);
  // A profile a link brought sits below the welcome: Continue gets the focus (and the view), so confirming is one key.
  const linkedReady = profileLink !== null && profile.status === 'ready';
  useEffect(() => {
    if (linkedReady) continueButton.current?.focus();
  }, [linkedReady]);
  const url = profileUrl.trim();
  // A profile of plain-HTTP registries only has no certificate to show: Continue goes straight to Sign in.
  const tlsRegistries = profile.status === 'ready' ? profile.value.profile.registries.filter((entry) => entry.insecure !== true) : [];
  const pick = (event: ChangeEvent<HTMLInputElement>): void => {
    const file = event.target.files?.[0];
    if (file === undefined) return;
    void file.text().then((text) => loadProfile({ text, name: file.name }));
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (busy || url === '') return;
    void loadProfile({ url });
  };
  return (
    <>
      <p>{t('connect.profileIntro')}</p>
      {profileLink !== null && (
        <p className="link-origin" data-testid="connect-profile-link">
          {t('connect.profileFromLink', { url: profileLink })}
        </p>
      )}
      <div className="field-row">
        <label htmlFor={`${id}-file`}>{t('connect.profileFile')}</label>
        <input id={`${id}-file`} data-testid="connect-profile-file" type="file" accept=".json,application/json" onChange={pick} />
      </div>
      <form className="field-row" onSubmit={submit}>
        <label htmlFor={`${id}-url`}>{t('connect.profileUrl')}</label>
        <input
          id={`${id}-url`}
          data-testid="connect-profile-url"
          type="text"
          value={profileUrl}
          placeholder="https://nexus.example.com/repository/profiles/team.json"
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setProfileUrl(event.target.value)}
        />
        <button type="submit" disabled={busy || url === ''}>
          {t('connect.profileLoad')}
        </button>
      </form>
      {busy && <p aria-live="polite">{t('connect.profileLoading')}</p>}
      {profile.status === 'failed' && <ErrorPanel error={profile.error} />}
      {problems.length > 0 && (
        <ul className="warnings" data-testid="connect-profile-problems">
          {problems.map(({ field, problem }, index) => (
            <li key={index}>
              {field !== '' && <code>{field}</code>} {t(problem.code, problem.params)}
            </li>
          ))}
        </ul>
      )}
      {profile.status === 'ready' && (
        <div data-testid="connect-profile">
          <h3>{t('connect.profileName', { name: profile.value.profile.name })}</h3>
          <p className="hint">{profile.value.source}</p>
          <p>{t('connect.profileSetsUp')}</p>
          <ProfileRegistryList registries={profile.value.profile.registries} pins={false} testId="connect-profile-registries" />
          {profile.value.profile.mirrors.length > 0 && <p className="hint">{t('connect.profileMirrors', { mirrors: profile.value.profile.mirrors.join(', ') })}</p>}
          {tlsRegistries.length > 0 && (
            <>
              <label htmlFor={`${id}-registry`}>{t('connect.profileRegistry')}</label>{' '}
              <select id={`${id}-registry`} data-testid="connect-profile-registry" value={registry} onChange={(event) => setRegistry(event.target.value)}>
                {tlsRegistries.map((entry) => (
                  <option key={entry.host} value={entry.host}>
                    {entry.host}
                    {entry.push ? ` (${t('connect.role.push')})` : ''}
                  </option>
                ))}
              </select>{' '}
            </>
          )}
          <button
            ref={continueButton}
            type="button"
            data-testid="connect-profile-continue"
            disabled={(tlsRegistries.length > 0 && registry === '') || inspection.status === 'loading'}
            onClick={() => void connect()}
          >
            {t('connect.continue')}
          </button>
          {tlsRegistries.length > 0 && profile.value.profile.registries.length > 1 && <p className="hint">{t('connect.profileRegistryHint')}</p>}
        </div>
      )}
    </>
  );
}
