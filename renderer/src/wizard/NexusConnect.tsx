import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NexusRepository } from '../../../shared/nexus';
import { ErrorPanel } from '../ErrorPanel';
import { useWizard } from '../store/wizard';

/** The registry name Docker uses for an endpoint Nexus reports: host:port of an https connector, or the host of a path-routed one. */
function registryOf(endpoint: string): string | null {
  if (endpoint.startsWith('https://')) return endpoint.slice('https://'.length).replace(/\/$/, '');
  if (!endpoint.includes('://')) return endpoint.split('/')[0] ?? null;
  return null;
}

/** A Nexus address (and optionally an account that may read its settings): its docker repositories, roles and endpoints to pick from. */
export function NexusConnect() {
  const { t } = useTranslation();
  const id = useId();
  const { nexusUrl, nexus, inspection, setNexusUrl, discoverNexus, setRegistry, connect } = useWizard();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const busy = nexus.status === 'loading';
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (busy || nexusUrl.trim() === '') return;
    void discoverNexus(username !== '' && password !== '' ? { username, password } : undefined);
  };
  const use = (registry: string): void => {
    setRegistry(registry);
    void connect();
  };
  return (
    <>
      <p>{t('connect.nexusIntro')}</p>
      <form className="form-grid" onSubmit={submit} aria-busy={busy}>
        <label htmlFor={`${id}-url`}>{t('connect.nexusUrl')}</label>
        <input id={`${id}-url`} data-testid="connect-nexus-url" type="text" value={nexusUrl} placeholder="https://nexus.example.com" spellCheck={false} autoComplete="off" onChange={(event) => setNexusUrl(event.target.value)} />
        <label htmlFor={`${id}-user`}>{t('connect.nexusUser')}</label>
        <input id={`${id}-user`} type="text" value={username} autoComplete="off" spellCheck={false} onChange={(event) => setUsername(event.target.value)} />
        <label htmlFor={`${id}-password`}>{t('connect.nexusPassword')}</label>
        <input id={`${id}-password`} type="password" value={password} autoComplete="off" onChange={(event) => setPassword(event.target.value)} />
        <div className="span actions">
          <button type="submit" data-testid="connect-nexus-submit" disabled={busy || nexusUrl.trim() === ''}>
            {busy ? t('connect.discovering') : t('connect.discover')}
          </button>
        </div>
      </form>
      {nexus.status === 'failed' && <ErrorPanel error={nexus.error} onRetry={() => void discoverNexus()} />}
      {nexus.status === 'ready' && (
        <>
          <p className="hint">{t('connect.nexusFound', { version: nexus.value.version ?? '?', count: nexus.value.repositories.length })}</p>
          {nexus.value.notes.length > 0 && (
            <ul className="warnings">
              {nexus.value.notes.map((note, index) => (
                <li key={index}>{t(note.code, note.params)}</li>
              ))}
            </ul>
          )}
          <table className="repositories" data-testid="nexus-repositories">
            <caption className="visually-hidden">{t('connect.repositoriesCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('connect.repository')}</th>
                <th scope="col">{t('connect.roles')}</th>
                <th scope="col">{t('connect.endpoints')}</th>
              </tr>
            </thead>
            <tbody>
              {nexus.value.repositories.map((repository) => (
                <RepositoryRow key={repository.name} repository={repository} recommended={Object.values(nexus.value.recommended).includes(repository.name)} busy={inspection.status === 'loading'} onUse={use} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </>
  );
}

function RepositoryRow({ repository, recommended, busy, onUse }: { repository: NexusRepository; recommended: boolean; busy: boolean; onUse(registry: string): void }) {
  const { t } = useTranslation();
  return (
    <tr>
      <td>
        <strong>{repository.name}</strong> <span className="hint">{repository.type}</span>
        {recommended && <span className="badge ok">{t('connect.recommended')}</span>}
        {repository.notes.map((note, index) => (
          <div key={index} className="hint">
            {t(note.code, note.params)}
          </div>
        ))}
      </td>
      <td>{repository.roles.map((role) => t(`connect.role.${role}`)).join(', ') || '—'}</td>
      <td>
        {repository.endpoints.length === 0 && <span className="hint">{t('connect.noEndpoint')}</span>}
        {repository.endpoints.map((endpoint) => {
          const registry = registryOf(endpoint);
          return (
            <div key={endpoint}>
              <code>{endpoint}</code>{' '}
              {registry !== null && repository.roles.some((role) => role !== 'mirror') && (
                <button type="button" className="secondary small" disabled={busy} onClick={() => onUse(registry)}>
                  {t('connect.useRegistry')}
                </button>
              )}
            </div>
          );
        })}
      </td>
    </tr>
  );
}
