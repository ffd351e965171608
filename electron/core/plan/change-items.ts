import type { Plan } from '../../../shared/plan';
import type { ChangeItem } from '../../../shared/setup';

/** What a plan touches, item by item, for a UI to word in its own language (the CLI words the steps with describeSteps). */
export function changeItemsOf(plan: Plan | null): ChangeItem[] {
  if (plan === null) return [];
  return plan.steps.map((step): ChangeItem => {
    switch (step.type) {
      case 'write-file':
        return { kind: 'file', path: step.path, role: step.role, action: step.beforeSha256 === null ? 'create' : 'modify', elevated: true, ...(step.ca ? { ca: step.ca } : {}) };
      case 'remove-file':
        return { kind: 'file', path: step.path, role: step.role, action: 'remove', elevated: true, ...(step.ca ? { ca: step.ca } : {}) };
      case 'reload-engine':
        return { kind: 'engine', action: 'reload' };
      case 'restart-engine':
        return { kind: 'engine', action: 'restart' };
      case 'verify':
        return { kind: 'verify', expected: step.expected };
    }
  });
}
