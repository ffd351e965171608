import { type Message, msg } from '../../../shared/message';
import type { Plan } from '../../../shared/plan';

/** The plan's steps as messages, for the confirmation and for --json. */
export function describeSteps(plan: Plan): Message[] {
  return plan.steps.map((step) => {
    switch (step.type) {
      case 'write-file':
        return msg(step.role === 'ca-cert' ? 'plan.step.write-ca' : 'plan.step.write-daemon-json', { path: step.path });
      case 'remove-file':
        return msg(step.role === 'ca-cert' ? 'plan.step.remove-ca' : 'plan.step.remove-daemon-json', { path: step.path });
      case 'reload-engine':
        return msg('plan.step.reload');
      case 'restart-engine':
        return msg('plan.step.restart');
      case 'verify':
        return msg('plan.step.verify', { mirrors: step.expected.mirrors.join(', '), insecure: step.expected.insecureRegistries.join(', ') });
    }
  });
}
