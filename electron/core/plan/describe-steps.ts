import { type Message, type MessageCode, msg } from '../../../shared/message';
import type { FileRole, Plan } from '../../../shared/plan';

const WRITE: Record<FileRole, MessageCode> = {
  'daemon-json': 'plan.step.write-daemon-json',
  'ca-cert': 'plan.step.write-ca',
  'os-ca': 'plan.step.write-os-ca',
  'os-trust-record': 'plan.step.write-os-trust-record',
};
const REMOVE: Record<FileRole, MessageCode> = {
  'daemon-json': 'plan.step.remove-daemon-json',
  'ca-cert': 'plan.step.remove-ca',
  'os-ca': 'plan.step.remove-os-ca',
  'os-trust-record': 'plan.step.remove-os-trust-record',
};

/** The plan's steps as messages, for the confirmation and for --json. */
export function describeSteps(plan: Plan): Message[] {
  return plan.steps.map((step) => {
    switch (step.type) {
      case 'write-file':
        return msg(WRITE[step.role], { path: step.path });
      case 'remove-file':
        return msg(REMOVE[step.role], { path: step.path });
      case 'reload-engine':
        return msg('plan.step.reload');
      case 'restart-engine':
        return msg('plan.step.restart');
      case 'verify':
        return msg('plan.step.verify', { mirrors: step.expected.mirrors.join(', '), insecure: step.expected.insecureRegistries.join(', ') });
      case 'refresh-os-trust':
        return msg('plan.step.refresh-os-trust', { commands: step.commands.map((argv) => argv.join(' ')).join('; ') });
      case 'verify-os-trust':
        return step.trusted
          ? msg(step.host === null ? 'plan.step.verify-os-trust.held' : 'plan.step.verify-os-trust.validates', { fingerprint: step.sha256, registry: step.host ?? '' })
          : msg('plan.step.verify-os-trust.gone', { fingerprint: step.sha256 });
    }
  });
}
