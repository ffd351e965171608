import { EXIT } from '../../../shared/cli';
import type { DoctorJson, Finding, LocalizedText } from '../../../shared/doctor';
import { examine } from '../../core/doctor/examine';
import { hasErrors } from '../../core/doctor/run-doctor';
import type { CliContext } from '../context';
import type { CliMessages } from '../messages';

/**
 * `doctor [<host[:port]>[/<repository>]] [--image REF]`: gathers the evidence (the machine, the
 * registry, the configured mirrors), runs every detector, prints each finding with its evidence
 * and fix. Exit 1 when any finding is an error. The push probe uses the credentials Docker would
 * send, read where Docker reads them; they are never printed.
 */
export async function doctorCommand(ctx: CliContext, operand: string | undefined, options: { image?: string }): Promise<number> {
  const result = await examine(ctx, { target: operand, image: options.image });
  ctx.out.document(result);
  printDoctor(ctx.out.messages, result, (line) => ctx.out.text(line));
  return hasErrors(result) ? EXIT.failed : EXIT.ok;
}

/** One block per finding: severity and title, explanation, evidence, fix and its command; then what was not checked. */
export function printDoctor(m: CliMessages, result: DoctorJson, line: (text: string) => void): void {
  const say = (text: LocalizedText): string => (m.lang === 'zh-CN' ? text['zh-CN'] : text.en);
  line(`${m.examined}: ${result.registry ?? m.thisMachine}`);
  if (result.findings.length === 0) line(m.doctorHealthy);
  for (const finding of result.findings) {
    line('');
    line(`[${severityWord(m, finding)}] ${say(finding.title)} (${finding.id})`);
    line(`  ${say(finding.explanation)}`);
    line(`  ${m.evidence}:`);
    for (const item of finding.evidence) line(`    ${item.source}: ${item.detail}`);
    line(`  ${m.fix}: ${say(finding.fix.text)}`);
    if (finding.fix.command) line(`  ${m.runCommand}: ${finding.fix.command}`);
  }
  if (result.skipped.length > 0) {
    line('');
    line(`${m.skippedChecks}:`);
    for (const item of result.skipped) line(`  ${item.check}: ${item.reason}`);
  }
}

function severityWord(m: CliMessages, finding: Finding): string {
  return finding.severity === 'error' ? m.severityError : finding.severity === 'warning' ? m.severityWarning : m.severityInfo;
}
