import { type ChangeEvent, type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../ErrorPanel';
import { useWizard } from '../store/wizard';

/** A profile from the platform team, as a file or an https URL: it names the registry, pins its CA and lists the mirrors. */
export function ProfileConnect() {
  const { t } = useTranslation();
  const id = useId();
  const [url, setUrl] = useState('');
  const { profile, registry, inspection, loadProfile, setRegistry, connect } = useWizard();
  const busy = profile.status === 'loading';
  const pick = (event: ChangeEvent<HTMLInputElement>): void => {
    const file = event.target.files?.[0];
    if (file === undefined) return;
    void file.text().then((text) => loadProfile({ text, name: file.name }));
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!busy && url.trim() !== '') void loadProfile({ url: url.trim() });
  };
  return (
    <>
      <p>{t('connect.profileIntro')}</p>
      <div className="field-row">
        <label htmlFor={`${id}-file`}>{t('connect.profileFile')}</label>
        <input id={`${id}-file`} data-testid="connect-profile-file" type="file" accept=".json,application/json" onChange={pick} />
      </div>
      <form className="field-row" onSubmit={submit}>
        <label htmlFor={`${id}-url`}>{t('connect.profileUrl')}</label>
        <input id={`${id}-url`} type="text" value={url} placeholder="https://nexus.example.com/repository/profiles/team.json" spellCheck={false} autoComplete="off" onChange={(event) => setUrl(event.target.value)} />
        <button type="submit" disabled={busy || url.trim() === ''}>
          {t('connect.profileLoad')}
        </button>
      </form>
      {profile.status === 'failed' && <ErrorPanel error={profile.error} />}
      {profile.status === 'ready' && (
        <div data-testid="connect-profile">
          <h3>{t('connect.profileName', { name: profile.value.profile.name })}</h3>
          <p className="hint">{profile.value.source}</p>
          <label htmlFor={`${id}-registry`}>{t('connect.profileRegistry')}</label>{' '}
          <select id={`${id}-registry`} value={registry} onChange={(event) => setRegistry(event.target.value)}>
            {profile.value.profile.registries
              .filter((entry) => entry.insecure !== true)
              .map((entry) => (
                <option key={entry.host} value={entry.host}>
                  {entry.host}
                  {entry.push ? ` (${t('connect.role.push')})` : ''}
                </option>
              ))}
          </select>{' '}
          <button type="button" data-testid="connect-profile-continue" disabled={registry === '' || inspection.status === 'loading'} onClick={() => void connect()}>
            {t('connect.continue')}
          </button>
          {profile.value.profile.mirrors.length > 0 && <p className="hint">{t('connect.profileMirrors', { mirrors: profile.value.profile.mirrors.join(', ') })}</p>}
        </div>
      )}
    </>
  );
}
