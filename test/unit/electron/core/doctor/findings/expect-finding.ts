import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { type Finding, FindingSchema } from '../../../../../../shared/doctor';
import type { Evidence } from '../../../../../../electron/core/doctor/evidence/types';
import type { Detector } from '../../../../../../electron/core/doctor/findings/finding';
import { chinese, english } from '../../../../../harness/english';

export { evidenceEnglish } from '../../../../../harness/doctor-run';

/**
 * The detector's finding for this evidence: it must exist, carry the detector's id and pass
 * FindingSchema, and offer its fix as data (the app's fix button) exactly when it offers a command.
 */
export function expectFinding(detector: Detector, evidence: Evidence): Finding {
  const found = detector.detect(evidence);
  expect(found).not.toBeNull();
  const finding = FindingSchema.parse(found);
  expect(finding.id).toBe(detector.id);
  expect(finding.fix.action === null, `fix.action of ${finding.id} goes with fix.command ${String(finding.fix.command)}`).toBe(finding.fix.command === null);
  return finding;
}

/** A recorded Nexus answer from test/fixtures/nexus/. */
export function nexusFixture(name: string): string {
  return readFileSync(new URL(`../../../../../fixtures/nexus/${name}`, import.meta.url), 'utf8');
}

/** Everything a finding says in one language, to look for a quoted message in it. */
export function allText(finding: Finding, lang: 'en' | 'zh-CN'): string {
  const say = lang === 'en' ? english : chinese;
  return [say(finding.title), say(finding.explanation), say(finding.fix.text)].join('\n');
}

