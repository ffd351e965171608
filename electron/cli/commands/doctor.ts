import { EXIT } from '../../../shared/cli';
import type { DoctorJson, EvidenceItem } from '../../../shared/doctor';
import type { Translate } from '../../../shared/i18n/translate';
import type { Message } from '../../../shared/message';
import { examine } from '../../core/doctor/examine';
import { hasErrors } from '../../core/doctor/run-doctor';
import type { CliContext } from '../context';

/**
 * `doctor [<host[:port]>[/<repository>]] [--image REF]`: gathers the evidence (the machine, the
 * registry, the configured mirrors), runs every detector, prints each finding with its evidence
 * and fix. Exit 1 when any finding is an error. The push probe uses the credentials Docker would
 * send, read where Docker reads them; they are never printed.
 */
export async function doctorCommand(ctx: CliContext, operand: string | undefined, options: { image?: string }): Promise<number> {
  const result = await examine(ctx, { target: operand, image: options.image });
  ctx.out.document(result);
  printDoctor(ctx.out.t, result, (line) => ctx.out.text(line));
  return hasErrors(result) ? EXIT.failed : EXIT.ok;
}

/** One block per finding: severity and title, explanation, evidence, fix and its command; then what was not checked. */
export function printDoctor(t: Translate, result: DoctorJson, line: (text: string) => void): void {
  const say = (message: Message): string => t(message.code, message.params);
  line(t('cli.doctor.examined', { what: result.registry ?? t('cli.doctor.this-machine') }));
  if (result.findings.length === 0) line(t('cli.doctor.healthy'));
  for (const finding of result.findings) {
    line('');
    line(`[${t(`cli.doctor.severity.${finding.severity}`)}] ${say(finding.title)} (${finding.id})`);
    line(`  ${say(finding.explanation)}`);
    line(`  ${t('cli.doctor.evidence')}:`);
    for (const item of finding.evidence) line(`    ${item.source}: ${evidenceText(t, item)}`);
    line(`  ${t('cli.doctor.fix')}: ${say(finding.fix.text)}`);
    if (finding.fix.command) line(`  ${t('cli.doctor.command')}: ${finding.fix.command}`);
  }
  if (result.skipped.length > 0) {
    line('');
    line(`${t('cli.doctor.skipped')}:`);
    for (const item of result.skipped) line(`  ${item.check}: ${say(item.reason)}`);
  }
}

/** The verbatim detail, quoted (what a server or Docker said, searchable as is), then what Dockside makes of it. */
export function evidenceText(t: Translate, item: EvidenceItem): string {
  const said = item.text ? t(item.text.code, item.text.params) : '';
  return [item.detail === '' ? '' : `\`${item.detail}\``, said].filter((part) => part !== '').join(' — ');
}

