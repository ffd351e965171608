import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../ErrorPanel';
import { activeProfile, useWizard } from '../store/wizard';
import { MirrorTable } from '../wizard/MirrorTable';

/** The live probe of mirror candidates: added by hand, from the profile or Nexus, or the public catalog; the fastest usable one preselected. */
export function Mirrors() {
  const { t } = useTranslation();
  const id = useId();
  const [url, setUrl] = useState('');
  const { mirrors, suggestedMirrors, probeMirrors, onProbeEvent, chooseMirror, planSetup, goTo } = useWizard();
  const fromProfile = useWizard((state) => activeProfile(state) !== null);
  const probing = mirrors.probe.status === 'loading';

  useEffect(() => window.dockside.onEvent('mirrors:probe-progress', onProbeEvent), [onProbeEvent]);
  useEffect(() => {
    if (suggestedMirrors.length > 0 && useWizard.getState().mirrors.probe.status === 'idle') void probeMirrors(suggestedMirrors);
  }, [suggestedMirrors, probeMirrors]);

  const add = (event: FormEvent): void => {
    event.preventDefault();
    if (url.trim() === '' || probing) return;
    void probeMirrors([url.trim()]);
    setUrl('');
  };
  return (
    <>
      <section className="panel" aria-labelledby="mirrors-heading" aria-busy={probing}>
        <h2 id="mirrors-heading">{t('mirrors.heading')}</h2>
        <p>{t(fromProfile ? 'mirrors.introProfile' : 'mirrors.intro')}</p>
        <form className="field-row" onSubmit={add}>
          <label htmlFor={id}>{t('mirrors.addLabel')}</label>
          <input id={id} data-testid="mirror-add-url" type="text" value={url} placeholder="https://mirror.example.com" spellCheck={false} autoComplete="off" onChange={(event) => setUrl(event.target.value)} />
          <button type="submit" data-testid="mirror-add" disabled={probing || url.trim() === ''}>
            {t('mirrors.add')}
          </button>
          <button type="button" className="secondary" disabled={probing} onClick={() => void probeMirrors([])}>
            {t('mirrors.probeCatalog')}
          </button>
        </form>
        {mirrors.total > 0 && (
          <p>
            <label>
              {t('mirrors.progress', { done: mirrors.done, total: mirrors.total })}{' '}
              <progress max={mirrors.total} value={mirrors.done} />
            </label>
          </p>
        )}
        <MirrorTable mirrors={mirrors} multiple={fromProfile} onChoose={chooseMirror} />
      </section>
      {mirrors.probe.status === 'failed' && <ErrorPanel error={mirrors.probe.error} />}
      <section className="panel actions" aria-label={t('wizard.actions')}>
        <button type="button" className="secondary" onClick={() => goTo('signIn')}>
          {t('wizard.back')}
        </button>
        <button type="button" data-testid="mirrors-continue" disabled={probing} onClick={() => void planSetup()}>
          {t('mirrors.review')}
        </button>
      </section>
    </>
  );
}
