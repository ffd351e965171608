import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigation } from '../store/navigation';
import { useWizard } from '../store/wizard';

/** The commands for this registry, written out: image names need the registry's host:port, and pushes go to the push endpoint. */
export function Done() {
  const { t } = useTranslation();
  const { registry, profile, restart } = useWizard();
  const show = useNavigation((state) => state.show);
  const pushRegistry = (profile.status === 'ready' && profile.value.profile.registries.find((entry) => entry.push === true)?.host) || registry;
  const commands = [
    { id: 'pull', label: t('done.pull'), text: `docker pull ${registry}/team/app:1.0` },
    { id: 'tag', label: t('done.tag'), text: `docker tag team/app:1.0 ${pushRegistry}/team/app:1.0` },
    { id: 'push', label: t('done.push'), text: `docker push ${pushRegistry}/team/app:1.0` },
  ];
  return (
    <section className="panel" aria-labelledby="done-heading">
      <h2 id="done-heading">{t('done.heading')}</h2>
      <p>{t('done.intro', { registry })}</p>
      <dl className="commands">
        {commands.map((command) => (
          <CommandLine key={command.id} id={command.id} label={command.label} text={command.text} />
        ))}
      </dl>
      <p className="hint">{t('done.names')}</p>
      <div className="actions">
        <button type="button" className="secondary" onClick={restart}>
          {t('done.another')}
        </button>
        <button type="button" onClick={() => show('dashboard')}>
          {t('done.dashboard')}
        </button>
      </div>
    </section>
  );
}

function CommandLine({ id, label, text }: { id: string; label: string; text: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = (): void => {
    navigator.clipboard.writeText(text).then(
      () => setCopied('copied'),
      () => setCopied('failed'),
    );
  };
  return (
    <>
      <dt>{label}</dt>
      <dd>
        <code data-testid={`done-${id}`}>{text}</code>
        <button type="button" className="secondary small" data-testid={`done-copy-${id}`} onClick={copy} aria-label={t('done.copyLabel', { label })}>
          {t('done.copy')}
        </button>
        <span aria-live="polite" className="hint">
          {copied === 'copied' ? t('done.copied') : copied === 'failed' ? t('done.copyFailed') : ''}
        </span>
      </dd>
    </>
  );
}
