import type { Plan } from '../../shared/plan';
import type { Output } from './output';
import { oneLine } from './trust-text';

/**
 * Every CA a plan installs or removes, as a person checks it before saying yes (issue 19 item 5):
 * subject, issuer, SHA-256 fingerprint and validity, never the PEM text.
 */
export function printPlanCas(out: Output, plan: Plan): void {
  const { t } = out;
  for (const step of plan.steps) {
    if ((step.type !== 'write-file' && step.type !== 'remove-file') || step.ca === undefined) continue;
    out.text(t(step.type === 'write-file' ? 'cli.trust.plan.install' : 'cli.trust.plan.remove', { path: step.path }));
    for (const ca of step.ca) {
      out.text(`  ${t('cli.trust.subject', { subject: oneLine(ca.subject) })}`);
      out.text(`    ${t('cli.trust.issuer', { issuer: oneLine(ca.issuer) })}`);
      out.text(`    ${t('cli.trust.fingerprint', { fingerprint: ca.fingerprintSha256 })}`);
      out.text(`    ${t('cli.trust.valid', { from: ca.notBefore, to: ca.notAfter })}`);
    }
  }
}
