import { type ChangeEvent, type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CaSource, useWizard } from '../store/wizard';
import { CaSourceError } from './CaSourceError';
import './trust.css';

type Kind = CaSource['kind'];
const KINDS: readonly Kind[] = ['url', 'file'];

/** Where Nexus fronts publish their CA; only a suggestion, the user's administrator knows. */
function suggestedUrl(registry: string): string {
  return `https://${registry}/download/ca.crt`;
}

/**
 * The registry sends no CA: the user gives it from a URL (with the pin, required, since the
 * server publishing it is not trusted yet) or from a file read here; "check" judges the
 * registry's chain with it, and Trust then shows the CA that would be installed.
 */
export function CaSourceForm({ registry }: { registry: string }) {
  const { t } = useTranslation();
  const id = useId();
  const { caSource, caCheck, checkCaSource } = useWizard();
  const [kind, setKind] = useState<Kind>(caSource?.kind ?? 'url');
  const [url, setUrl] = useState(caSource?.kind === 'url' ? caSource.url : suggestedUrl(registry));
  const [pin, setPin] = useState(caSource?.fingerprint ?? '');
  const [file, setFile] = useState<{ name: string; pem: string } | null>(caSource?.kind === 'file' ? { name: caSource.name, pem: caSource.pem } : null);
  const checking = caCheck.status === 'loading';
  const source: CaSource | null =
    kind === 'url' ? (url.trim() !== '' && pin.trim() !== '' ? { kind, url: url.trim(), fingerprint: pin.trim() } : null) : file && { kind, ...file, ...(pin.trim() !== '' ? { fingerprint: pin.trim() } : {}) };
  const pick = (event: ChangeEvent<HTMLInputElement>): void => {
    const picked = event.target.files?.[0];
    if (picked === undefined) return;
    void picked.text().then((pem) => setFile({ name: picked.name, pem }));
  };
  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!checking && source !== null) void checkCaSource(source);
  };
  return (
    <section className="panel" aria-labelledby={`${id}-heading`} aria-busy={checking} data-testid="ca-source">
      <h3 id={`${id}-heading`}>{t('trust.ca-source.heading')}</h3>
      <p data-testid="ca-source-not-sent">{t('trust.ca-source.notSent')}</p>
      <fieldset className="segmented">
        <legend>{t('trust.ca-source.legend')}</legend>
        {KINDS.map((name) => (
          <label key={name} className={kind === name ? 'current' : undefined}>
            <input type="radio" name={`${id}-kind`} value={name} data-testid={`ca-source-kind-${name}`} checked={kind === name} onChange={() => setKind(name)} />
            {t(`trust.ca-source.kind.${name}`)}
          </label>
        ))}
      </fieldset>
      <form className="form-grid ca-source-form" onSubmit={submit}>
        {kind === 'url' ? (
          <>
            <label htmlFor={`${id}-url`}>{t('trust.ca-source.url')}</label>
            <input id={`${id}-url`} data-testid="ca-source-url" type="text" required spellCheck={false} autoComplete="off" value={url} onChange={(event) => setUrl(event.target.value)} />
            <p className="hint span">{t('trust.ca-source.urlHint')}</p>
          </>
        ) : (
          <>
            <label htmlFor={`${id}-file`}>{t('trust.ca-source.file')}</label>
            <input id={`${id}-file`} data-testid="ca-source-file" type="file" accept=".crt,.pem,.cer,application/x-x509-ca-cert,application/x-pem-file" onChange={pick} />
          </>
        )}
        <label htmlFor={`${id}-pin`}>{t(kind === 'url' ? 'trust.ca-source.pin' : 'trust.ca-source.filePin')}</label>
        <input
          id={`${id}-pin`}
          data-testid="ca-source-pin"
          type="text"
          className="mono"
          required={kind === 'url'}
          spellCheck={false}
          autoComplete="off"
          placeholder="sha256:…"
          value={pin}
          onChange={(event) => setPin(event.target.value)}
        />
        <p className="hint span">{t(kind === 'url' ? 'trust.ca-source.pinHint' : 'trust.ca-source.filePinHint')}</p>
        <div className="span actions">
          <button type="submit" data-testid="ca-source-check" disabled={checking || source === null}>
            {checking ? t('trust.ca-source.checking') : t('trust.ca-source.check')}
          </button>
        </div>
      </form>
      {caCheck.status === 'failed' && <CaSourceError error={caCheck.error} />}
    </section>
  );
}
