import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Finding } from '../../../shared/doctor';
import { ErrorPanel } from '../ErrorPanel';
import { useDashboard } from '../store/dashboard';
import { ChangePanel } from './ChangePanel';
import { SignInForm } from './SignInForm';

function FindingItem({ finding }: { finding: Finding }) {
  const { t } = useTranslation();
  const fix = useDashboard((state) => state.fix);
  const busy = useDashboard((state) => state.change?.apply.status === 'loading' || state.migrate.status === 'loading');
  const titleId = useId();
  const action = finding.fix.action;
  return (
    <li className={`finding ${finding.severity}`} data-testid="finding" data-finding-id={finding.id} aria-labelledby={titleId}>
      <p className="finding-title" id={titleId}>
        <span className={`badge severity-${finding.severity}`}>{t(`dashboard.findings.severity.${finding.severity}`)}</span> <strong>{t(finding.title.code, finding.title.params)}</strong>
      </p>
      <p>{t(finding.explanation.code, finding.explanation.params)}</p>
      <details>
        <summary>{t('dashboard.findings.evidence')}</summary>
        <ul className="evidence-list">
          {finding.evidence.map((item, index) => (
            <li key={index}>
              <code className="inline">{item.source}</code>
              {item.detail !== '' && <pre className="mono">{item.detail}</pre>}
              {item.text && <p className="small">{t(item.text.code, item.text.params)}</p>}
            </li>
          ))}
        </ul>
      </details>
      <p>
        <span className="label">{t('dashboard.findings.fix')}: </span>
        {t(finding.fix.text.code, finding.fix.text.params)}
      </p>
      {finding.fix.command !== null && (
        <p className="small">
          <span className="label">{t('dashboard.findings.command')}: </span>
          <code className="inline">{finding.fix.command}</code>
        </p>
      )}
      {action !== null && (
        <button type="button" onClick={() => void fix(action)} disabled={busy}>
          {t(`dashboard.findings.action.${action.kind}`)}
        </button>
      )}
    </li>
  );
}

/** doctor:run for this machine (and a registry chosen from the trusted and signed-in ones): findings with evidence and a fix. */
export function FindingsSection() {
  const { t } = useTranslation();
  const doctor = useDashboard((state) => state.doctor);
  const target = useDashboard((state) => state.doctorTarget);
  const setTarget = useDashboard((state) => state.setDoctorTarget);
  const runDoctor = useDashboard((state) => state.runDoctor);
  const trust = useDashboard((state) => state.trust);
  const creds = useDashboard((state) => state.creds);
  const selectId = useId();
  const registries = [
    ...new Set([
      ...(trust.status === 'ready' ? trust.value.registries.map((entry) => entry.registry) : []),
      ...(creds.status === 'ready' ? creds.value.registries.map((entry) => entry.registry) : []),
    ]),
  ];
  const running = doctor.status === 'loading';
  return (
    <section className="panel" aria-labelledby="dashboard-findings-heading" data-testid="dashboard-findings" aria-busy={running}>
      <h3 id="dashboard-findings-heading">{t('dashboard.findings.heading')}</h3>
      <p className="muted">{t('dashboard.findings.intro')}</p>
      <form
        className="field-row"
        onSubmit={(event) => {
          event.preventDefault();
          void runDoctor();
        }}
      >
        <label htmlFor={selectId}>{t('dashboard.findings.target')}</label>
        <select id={selectId} value={target} onChange={(event) => setTarget(event.target.value)}>
          <option value="">{t('dashboard.findings.machineOnly')}</option>
          {registries.map((registry) => (
            <option key={registry} value={registry}>
              {registry}
            </option>
          ))}
        </select>
        <button type="submit" disabled={running}>
          {running ? t('dashboard.findings.running') : t('dashboard.findings.run')}
        </button>
      </form>
      <div>
        {running && (
          <p className="muted" role="status">
            {t('dashboard.findings.running')}
          </p>
        )}
        {doctor.status === 'ready' && (
          <>
            <p className="muted" role="status">
              {t('dashboard.findings.checked', { what: doctor.value.registry ?? t('dashboard.findings.machineOnly') })}
            </p>
            {doctor.value.findings.length === 0 ? (
              <p className="outcome ok">{t('dashboard.findings.none')}</p>
            ) : (
              <ul className="findings">
                {doctor.value.findings.map((finding, index) => (
                  <FindingItem key={`${finding.id}-${index}`} finding={finding} />
                ))}
              </ul>
            )}
            {doctor.value.skipped.length > 0 && (
              <details>
                <summary>{t('dashboard.findings.skipped')}</summary>
                <ul>
                  {doctor.value.skipped.map((item, index) => (
                    <li key={`${item.check}-${index}`}>
                      <code>{item.check}</code>: {t(item.reason.code, item.reason.params)}
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </>
        )}
      </div>
      {doctor.status === 'failed' && <ErrorPanel error={doctor.error} onRetry={() => void runDoctor()} />}
      <SignInForm />
      <ChangePanel origin="findings" />
    </section>
  );
}
