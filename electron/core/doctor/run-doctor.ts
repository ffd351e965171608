import { type DoctorJson, type Finding, FindingSchema, type FindingSeverity } from '../../../shared/doctor';
import { msg } from '../../../shared/message';
import type { Evidence } from './evidence/types';
import type { Detector } from './findings/finding';

const SEVERITY_ORDER: Record<FindingSeverity, number> = { error: 0, warning: 1, info: 2 };

/**
 * Every detector over the gathered evidence: the findings errors first, then warnings, then
 * info, by id within a severity. A detector that throws, or returns something that is not a
 * Finding, is reported in `skipped` under its id: one broken check never hides the others.
 */
export function runDoctor(evidence: Evidence, detectors: readonly Detector[]): DoctorJson {
  const findings: Finding[] = [];
  const skipped = [...evidence.skipped];
  for (const detector of detectors) {
    let result: Finding | null;
    try {
      result = detector.detect(evidence);
    } catch (error) {
      skipped.push({ check: detector.id, reason: msg('doctor.skipped.check-failed', { detail: error instanceof Error ? error.message : String(error) }) });
      continue;
    }
    if (result === null || result === undefined) continue;
    const checked = FindingSchema.safeParse(result);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      skipped.push({ check: detector.id, reason: msg('doctor.skipped.invalid-finding', { detail: issue ? `${issue.path.join('.') || '.'}: ${issue.message}` : '' }) });
      continue;
    }
    findings.push(checked.data);
  }
  return { registry: evidence.registry?.registry ?? null, findings: sortFindings(findings), skipped };
}

/** Errors, then warnings, then info; by id within each (stable). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Exit status of `dockside doctor`: any error-level finding fails. */
export function hasErrors(result: DoctorJson): boolean {
  return result.findings.some((finding) => finding.severity === 'error');
}
