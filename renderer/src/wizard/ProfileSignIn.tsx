import { type FormEvent, useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProfileRegistryState } from '../../../shared/profile';
import { ErrorPanel } from '../ErrorPanel';
import { useWizard } from '../store/wizard';
import { type Account, missingSignIns, registriesAsking } from './profile-setup';

/**
 * A profile's Sign in: every registry of it that asks for credentials, TLS or plain HTTP, as
 * main's survey found them. One account for all of them, and an account of its own for any
 * registry where it differs. Nothing is checked here: apply signs in to each once, first, and a
 * refused password stops the setup before anything else is changed.
 */
export function ProfileSignIn() {
  const { t } = useTranslation();
  const id = useId();
  const { survey, username, password, accounts, inspection, setUsername, setPassword, setAccount, surveyProfile, goTo } = useWizard();
  useEffect(() => {
    if (useWizard.getState().survey.status === 'idle') void surveyProfile();
  }, [surveyProfile]);
  const states = survey.status === 'ready' ? survey.value : [];
  const asking = registriesAsking(states);
  const shared = { username, password };
  const missing = missingSignIns(states, shared, accounts);
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (survey.status === 'ready' && missing.length === 0) goTo('mirrors');
  };
  return (
    <>
      <section className="panel" aria-labelledby="signin-heading" aria-busy={survey.status === 'loading'}>
        <h2 id="signin-heading">{t('profileSignIn.heading')}</h2>
        {survey.status === 'loading' && <p aria-live="polite">{t('profileSignIn.surveying')}</p>}
        {survey.status === 'ready' && (
          <form className="form-grid" onSubmit={submit}>
            {asking.length === 0 ? (
              <p className="span" data-testid="signin-none">
                {t('profileSignIn.none')}
              </p>
            ) : (
              <>
                <p className="span">{t('profileSignIn.intro')}</p>
                <label htmlFor={`${id}-user`}>{t('signIn.username')}</label>
                <input id={`${id}-user`} data-testid="signin-username" type="text" autoComplete="off" spellCheck={false} value={username} onChange={(event) => setUsername(event.target.value)} />
                <label htmlFor={`${id}-password`}>{t('signIn.password')}</label>
                <input id={`${id}-password`} data-testid="signin-password" type="password" autoComplete="off" value={password} onChange={(event) => setPassword(event.target.value)} />
                <h3 className="span">{t('profileSignIn.registries')}</h3>
                <ul className="span profile-registries profile-accounts" data-testid="signin-registries">
                  {asking.map((state) => (
                    <RegistryAccount key={state.host} state={state} shared={shared} own={accounts[state.host]} onChange={(account) => setAccount(state.host, account)} />
                  ))}
                </ul>
                {missing.length > 0 && (
                  <p className="hint span" data-testid="signin-missing">
                    {t('profileSignIn.missing', { registries: missing.join(', ') })}
                  </p>
                )}
                <p className="hint span">{t('profileSignIn.checkedOnApply')}</p>
              </>
            )}
            <div className="span actions">
              <button type="button" className="secondary" onClick={() => goTo(inspection.status === 'ready' ? 'trust' : 'connect')}>
                {t('wizard.back')}
              </button>
              <button type="submit" data-testid="signin-submit" disabled={missing.length > 0}>
                {t('profileSignIn.continue')}
              </button>
            </div>
          </form>
        )}
      </section>
      {survey.status === 'failed' && <ErrorPanel error={survey.error} onRetry={() => void surveyProfile()} />}
    </>
  );
}

/** One registry that asks: who it will sign in as, and, when ticked, fields for an account of its own. */
function RegistryAccount({ state, shared, own, onChange }: { state: ProfileRegistryState; shared: Account; own: Account | undefined; onChange(account: Account | null): void }) {
  const { t } = useTranslation();
  const id = useId();
  const account = own ?? shared;
  const outcome =
    account.username !== '' && account.password !== ''
      ? t('profileSignIn.signsInAs', { username: account.username })
      : state.signIn.state === 'signed-in'
        ? t('profileSignIn.keeps', { username: state.signIn.username ?? '' })
        : t('profileSignIn.needsAccount');
  return (
    <li data-host={state.host} data-testid="signin-registry">
      <code>{state.host}</code>
      {state.insecure && <span className="badge warn">{t('profileSignIn.plainHttp')}</span>}
      <span className="hint account-outcome" data-testid="signin-outcome">
        {outcome}
      </span>
      <label className="own-account">
        <input type="checkbox" data-testid="signin-own" checked={own !== undefined} onChange={(event) => onChange(event.target.checked ? { username: '', password: '' } : null)} />
        {t('profileSignIn.ownAccount')}
      </label>
      {own !== undefined && (
        <div className="form-grid own-account-fields">
          <label htmlFor={`${id}-user`}>{t('signIn.username')}</label>
          <input id={`${id}-user`} data-testid="signin-own-username" type="text" autoComplete="off" spellCheck={false} value={own.username} onChange={(event) => onChange({ ...own, username: event.target.value })} />
          <label htmlFor={`${id}-password`}>{t('signIn.password')}</label>
          <input id={`${id}-password`} data-testid="signin-own-password" type="password" autoComplete="off" value={own.password} onChange={(event) => onChange({ ...own, password: event.target.value })} />
        </div>
      )}
    </li>
  );
}
