import { type FormEvent, useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../ErrorPanel';
import { activeProfile, useWizard } from '../store/wizard';
import { ProfileSignIn } from '../wizard/ProfileSignIn';
import { StoreName } from '../change/StoreName';

/** User name and password (or token), checked once with the registry; the secret goes to the keychain on Apply. A profile signs in to each of its registries that asks. */
export function SignIn() {
  return useWizard(activeProfile) === null ? <RegistrySignIn /> : <ProfileSignIn />;
}

function RegistrySignIn() {
  const { t } = useTranslation();
  const id = useId();
  const { registry, username, password, signIn, setUsername, setPassword, checkSignIn, skipSignIn, goTo } = useWizard();
  const checking = signIn.status === 'loading';
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!checking && username !== '' && password !== '') void checkSignIn();
  };
  return (
    <>
      <section className="panel" aria-labelledby="signin-heading" aria-busy={checking}>
        <h2 id="signin-heading">{t('signIn.heading', { registry })}</h2>
        <p>{t('signIn.intro')}</p>
        <form className="form-grid" onSubmit={submit}>
          <label htmlFor={`${id}-user`}>{t('signIn.username')}</label>
          <input id={`${id}-user`} data-testid="signin-username" type="text" autoComplete="off" spellCheck={false} value={username} onChange={(event) => setUsername(event.target.value)} />
          <label htmlFor={`${id}-password`}>{t('signIn.password')}</label>
          <input id={`${id}-password`} data-testid="signin-password" type="password" autoComplete="off" value={password} onChange={(event) => setPassword(event.target.value)} />
          <p className="hint span">{t('signIn.once')}</p>
          <div className="span actions">
            <button type="button" className="secondary" onClick={() => goTo('trust')}>
              {t('wizard.back')}
            </button>
            <button type="button" className="secondary" data-testid="signin-skip" onClick={skipSignIn}>
              {t('signIn.skip')}
            </button>
            <button type="submit" data-testid="signin-submit" disabled={checking || username === '' || password === ''}>
              {checking ? t('signIn.checking') : t('signIn.check')}
            </button>
          </div>
        </form>
      </section>
      {signIn.status === 'failed' && <ErrorPanel error={signIn.error} />}
      {signIn.status === 'ready' && (
        <section className="panel" aria-labelledby="signin-ok-heading">
          <h3 id="signin-ok-heading">{t('signIn.accepted', { username: signIn.value.username })}</h3>
          <p data-testid="signin-store">
            <StoreName store={signIn.value.store} />
          </p>
          <p className="hint">{t('signIn.configPath', { path: signIn.value.configPath })}</p>
          {signIn.value.warnings.length > 0 && (
            <ul className="warnings">
              {signIn.value.warnings.map((warning, index) => (
                <li key={index}>{t(warning.code, warning.params)}</li>
              ))}
            </ul>
          )}
          <button type="button" data-testid="signin-continue" onClick={() => goTo('mirrors')}>
            {t('wizard.continue')}
          </button>
        </section>
      )}
    </>
  );
}
