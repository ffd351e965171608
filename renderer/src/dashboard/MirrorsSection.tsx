import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorPanel } from '../ErrorPanel';
import { activeMirrors, type MirrorProbe, mirrorKey, useDashboard } from '../store/dashboard';
import { Verdict } from '../wizard/Verdict';
import { ChangePanel } from './ChangePanel';

interface Row extends MirrorProbe {
  active: boolean;
}

function ProbeState({ row }: { row: Row }) {
  const { t } = useTranslation();
  if (row.probing) return <span className="badge">{t(`dashboard.mirrors.step.${row.step ?? 'waiting'}`)}</span>;
  if (row.result === null) return <span className="badge">{t('dashboard.mirrors.status.notChecked')}</span>;
  const { status, latencyMs, throughputKBps } = row.result;
  return (
    <>
      <span className={row.result.usable ? 'badge ok' : 'badge warn'}>{t(`dashboard.mirrors.status.${status}`)}</span>
      {latencyMs !== null && <span className="badge">{t('dashboard.mirrors.latency', { ms: Math.round(latencyMs) })}</span>}
      {throughputKBps !== null && <span className="badge">{t('dashboard.mirrors.speed', { kbps: Math.round(throughputKBps) })}</span>}
    </>
  );
}

/**
 * The mirrors in use and the ones checked (the public catalog, or a URL typed here), each with
 * Use when it serves Docker Hub: Use shows the plan, Apply applies it. Stop using mirrors clears them.
 */
export function MirrorsSection() {
  const { t } = useTranslation();
  const status = useDashboard((state) => state.status);
  const probes = useDashboard((state) => state.probes);
  const probesRunning = useDashboard((state) => state.probesRunning);
  const probeError = useDashboard((state) => state.probeError);
  const probe = useDashboard((state) => state.probe);
  const planChange = useDashboard((state) => state.planChange);
  const busy = useDashboard((state) => state.change?.apply.status === 'loading');
  const [url, setUrl] = useState('');
  const inputId = useId();

  const active = status.status === 'ready' ? activeMirrors(status.value).map(mirrorKey) : [];
  const rows: Row[] = [
    ...active.map((key) => ({ ...(probes[key] ?? { url: key, probing: false, step: null, result: null }), active: true })),
    ...Object.values(probes)
      .filter((row) => !active.includes(row.url))
      .map((row) => ({ ...row, active: false })),
  ];
  // Usable first (fastest first), then the rest, as the prober ranks them; the ones in use stay on top.
  const rank = (row: Row): number => (row.active ? 0 : row.result?.usable ? 1 : row.result === null ? 2 : 3);
  rows.sort((a, b) => rank(a) - rank(b) || (a.result?.latencyMs ?? Infinity) - (b.result?.latencyMs ?? Infinity));
  const pending = rows.filter((row) => row.probing).length;
  // The ones that cannot be used are kept out of the way, with why, a click away.
  const unusable = (row: Row): boolean => !row.active && !row.probing && row.result !== null && !row.result.usable;
  const shown = rows.filter((row) => !unusable(row));
  const folded = rows.filter(unusable);

  const renderRow = (row: Row) => (
    <li key={row.url} className="row" data-testid="mirror-row" data-url={row.url}>
      <div className="row-main">
        <span>
          <strong className="mono">{row.url}</strong>
          {row.label !== undefined && <span className="muted"> · {t(row.label.code, row.label.params)}</span>}
        </span>
        <span>
          {row.active && <span className="badge ok">{t('dashboard.mirrors.inUse')}</span>}
          <ProbeState row={row} />
        </span>
        {row.result !== null && !row.result.usable && (
          <span className="muted small">
            <Verdict result={row.result} />
          </span>
        )}
      </div>
      {!row.active && row.result?.usable === true && (
        <button
          type="button"
          aria-label={t('dashboard.mirrors.useLabel', { url: row.url })}
          disabled={busy}
          onClick={() => void planChange('mirrors', { kind: 'mirrors-use', urls: [row.url], insecure: row.url.toLowerCase().startsWith('http://') })}
        >
          {t('dashboard.mirrors.use')}
        </button>
      )}
    </li>
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const typed = url.trim();
    if (typed === '') return;
    setUrl('');
    void probe([typed]);
  };

  return (
    <section className="panel" aria-labelledby="dashboard-mirrors-heading" data-testid="dashboard-mirrors">
      <h3 id="dashboard-mirrors-heading">{t('dashboard.mirrors.heading')}</h3>
      <p className="muted">{t('dashboard.mirrors.intro')}</p>
      <form className="field-row" onSubmit={submit}>
        <label htmlFor={inputId}>{t('dashboard.mirrors.urlLabel')}</label>
        <input id={inputId} type="text" inputMode="url" value={url} placeholder={t('dashboard.mirrors.urlPlaceholder')} onChange={(event) => setUrl(event.target.value)} />
        <button type="submit" disabled={url.trim() === ''}>
          {t('dashboard.mirrors.probe')}
        </button>
        <button type="button" className="secondary-button" onClick={() => void probe([])}>
          {t('dashboard.mirrors.probePublic')}
        </button>
      </form>
      <p className="muted" role="status" data-testid="probe-progress">
        {probesRunning > 0 ? t('dashboard.mirrors.probing', { count: pending }) : rows.some((row) => row.result !== null) ? t('dashboard.mirrors.probed') : ''}
      </p>
      {rows.length === 0 && <p>{t('dashboard.mirrors.empty')}</p>}
      {shown.length > 0 && <ul className="rows">{shown.map(renderRow)}</ul>}
      {folded.length > 0 && (
        <details className="unusable">
          <summary>{t('dashboard.mirrors.unusable', { count: folded.length })}</summary>
          <ul className="rows">{folded.map(renderRow)}</ul>
        </details>
      )}
      {active.length > 0 && (
        <button type="button" className="secondary-button" disabled={busy} onClick={() => void planChange('mirrors', { kind: 'mirrors-clear' })}>
          {t('dashboard.mirrors.clear')}
        </button>
      )}
      {probeError !== null && <ErrorPanel error={probeError} onRetry={() => void probe([])} />}
      <ChangePanel origin="mirrors" />
    </section>
  );
}
