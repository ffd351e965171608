import type { FileRole, Plan } from '../../../shared/plan';
import type { ChangeItem } from '../../../shared/setup';

/**
 * What a plan touches, item by item, for a UI to word in its own language (the CLI words the
 * steps with describeSteps). An OS store anchor is a CA file to the user (its path says where);
 * root's record of them, the store's refresh and its check are Dockside's own bookkeeping, as
 * the journal is. Whether the CA becomes trusted everywhere is main's confirmation's to say, from the plan.
 */
export function changeItemsOf(plan: Plan | null): ChangeItem[] {
  if (plan === null) return [];
  return plan.steps.flatMap((step): ChangeItem[] => {
    switch (step.type) {
      case 'write-file':
        if (step.role === 'os-trust-record') return [];
        return [{ kind: 'file', path: step.path, role: fileRole(step.role), action: step.beforeSha256 === null ? 'create' : 'modify', elevated: true, ...(step.ca ? { ca: step.ca } : {}) }];
      case 'remove-file':
        if (step.role === 'os-trust-record') return [];
        return [{ kind: 'file', path: step.path, role: fileRole(step.role), action: 'remove', elevated: true, ...(step.ca ? { ca: step.ca } : {}) }];
      case 'reload-engine':
        return [{ kind: 'engine', action: 'reload' }];
      case 'restart-engine':
        return [{ kind: 'engine', action: 'restart' }];
      case 'verify':
        return [{ kind: 'verify', expected: step.expected }];
      case 'refresh-os-trust':
      case 'verify-os-trust':
        return [];
    }
  });
}

function fileRole(role: Exclude<FileRole, 'os-trust-record'>): 'daemon-json' | 'ca-cert' {
  return role === 'os-ca' ? 'ca-cert' : role;
}
