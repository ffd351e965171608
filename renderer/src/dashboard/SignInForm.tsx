import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../ErrorPanel';
import { useDashboard } from '../store/dashboard';

/** A finding's "Sign in": user name and password for one registry, checked once, kept in the keychain. */
export function SignInForm() {
  const { t } = useTranslation();
  const signIn = useDashboard((state) => state.signIn);
  const login = useDashboard((state) => state.login);
  const cancel = useDashboard((state) => state.cancelSignIn);
  const [username, setUsername] = useState('');
  // The password lives in this form only, and is dropped once it has been sent.
  const [password, setPassword] = useState('');
  const id = useId();
  const passwordField = useRef<HTMLInputElement>(null);
  if (signIn === null) return null;
  const { registry, state } = signIn;
  const busy = state.status === 'loading';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy || username === '' || password === '') return;
    const secret = password;
    setPassword('');
    void login(registry, username, secret);
  };
  return (
    <section className="change" aria-labelledby={`${id}-heading`} data-testid="sign-in">
      <h3 id={`${id}-heading`}>{t('dashboard.signIn.heading', { registry })}</h3>
      {state.status === 'ready' ? (
        <>
          <p className="outcome ok" role="status">
            {t('dashboard.signIn.done', { registry: state.value.registry, username: state.value.username })}
          </p>
          <button type="button" className="quiet" onClick={cancel}>
            {t('dashboard.change.close')}
          </button>
        </>
      ) : (
        <form onSubmit={submit} className="sign-in">
          <p className="muted">{t('dashboard.signIn.once')}</p>
          <div className="field-row">
            <label htmlFor={`${id}-user`}>{t('dashboard.signIn.username')}</label>
            <input id={`${id}-user`} type="text" autoComplete="username" value={username} onChange={(event) => setUsername(event.target.value)} required />
          </div>
          <div className="field-row">
            <label htmlFor={`${id}-password`}>{t('dashboard.signIn.password')}</label>
            <input ref={passwordField} id={`${id}-password`} type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} required />
          </div>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {busy ? t('dashboard.signIn.signingIn') : t('dashboard.signIn.submit')}
            </button>
            <button type="button" className="quiet" onClick={cancel} disabled={busy}>
              {t('dashboard.signIn.cancel')}
            </button>
          </div>
        </form>
      )}
      {/* Never sent again by itself: "Try again" takes the user back to the password. */}
      {state.status === 'failed' && <ErrorPanel error={state.error} onRetry={() => passwordField.current?.focus()} />}
    </section>
  );
}
