import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { UserCommandChange, UserCommandsResult, UserCommandsStatus } from '../../../shared/user-commands';
import { ErrorPanel } from '../ErrorPanel';
import { call, type Loadable } from '../store/loadable';

function ChangeList({ changes }: { changes: readonly UserCommandChange[] }) {
  const { t } = useTranslation();
  return (
    <ul className="plain" data-testid="path-changes">
      {changes.map((change) => (
        <li key={change.path}>
          {change.kind === 'link' ? (
            <>
              {t('dashboard.path.change.link')} <code className="inline small">{change.path}</code> → <code className="inline small">{change.target}</code>
            </>
          ) : (
            <>
              {t('dashboard.path.change.line')} <code className="inline small">{change.path}</code>: <code className="inline small">{change.line}</code>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

function Outcome({ done }: { done: { kind: 'install' | 'remove'; result: UserCommandsResult } }) {
  const { t } = useTranslation();
  if (done.result.changed.length === 0) return <p data-testid="path-outcome">{t('dashboard.path.nothingChanged')}</p>;
  return (
    <div data-testid="path-outcome">
      <p className="outcome ok">{t(done.kind === 'install' ? 'dashboard.path.done' : 'dashboard.path.removed')}</p>
      <p className="label">{t(done.kind === 'install' ? 'dashboard.path.changed' : 'dashboard.path.removedItems')}</p>
      <ChangeList changes={done.result.changed} />
    </div>
  );
}

/**
 * The offer to put dockside and docker-credential-dockside on the user's PATH (Docker Desktop's
 * user mode: links in ~/.docker/bin, one line in the shell profile), with the exact changes shown
 * before the click, the outcome after it, and Undo. Shown only when main offers it.
 */
export function CommandsOnPathCard() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<Loadable<UserCommandsStatus>>({ status: 'loading' });
  const [action, setAction] = useState<{ kind: 'install' | 'remove'; state: Loadable<UserCommandsResult> } | null>(null);

  const read = useCallback(async () => setStatus(await call(() => window.dockside.invoke('path:status', {}))), []);
  useEffect(() => {
    void read();
  }, [read]);

  const run = async (kind: 'install' | 'remove'): Promise<void> => {
    setAction({ kind, state: { status: 'loading' } });
    const state = await call(() => window.dockside.invoke(kind === 'install' ? 'path:install' : 'path:remove', {}));
    setAction({ kind, state });
    if (state.status === 'ready') setStatus({ status: 'ready', value: state.value.status });
  };

  if (status.status === 'failed') return <ErrorPanel error={status.error} onRetry={() => void read()} />;
  if (status.status !== 'ready' || !status.value.offer) return null;
  const value = status.value;
  const busy = action?.state.status === 'loading';
  return (
    <section className="panel" aria-labelledby="dashboard-path-heading" data-testid="dashboard-path" aria-busy={busy}>
      <h3 id="dashboard-path-heading">{t('dashboard.path.heading')}</h3>
      <p className="muted">{t('dashboard.path.intro')}</p>
      <ul className="plain" data-testid="path-commands">
        {value.commands.map((command) => (
          <li key={command.name}>
            <code className="inline">{command.name}</code>:{' '}
            {command.foundAt !== null ? (
              <code className="inline small">{command.foundAt}</code>
            ) : command.link === 'ours' ? (
              <span className="muted">{t('dashboard.path.linked', { dir: value.binDir })}</span>
            ) : (
              <span className="muted">{t('dashboard.path.notFound')}</span>
            )}
            {command.link === 'foreign' && <span className="warn-text small"> {t('dashboard.path.foreign', { path: `${value.binDir}/${command.name}` })}</span>}
          </li>
        ))}
      </ul>
      {action?.state.status === 'ready' && <Outcome done={{ kind: action.kind, result: action.state.value }} />}
      {action?.state.status === 'failed' && <ErrorPanel error={action.state.error} />}
      {value.installed ? (
        <>
          <p>{t('dashboard.path.installed', { dir: value.binDir, profile: value.profile.path })}</p>
          <button type="button" className="secondary-button" disabled={busy} onClick={() => void run('remove')}>
            {busy ? t('dashboard.path.working') : t('dashboard.path.undo')}
          </button>
        </>
      ) : (
        <>
          <p>{t('dashboard.path.willChange')}</p>
          <ChangeList changes={value.pending} />
          <button type="button" disabled={busy} onClick={() => void run('install')}>
            {busy ? t('dashboard.path.working') : t('dashboard.path.install')}
          </button>
        </>
      )}
    </section>
  );
}
