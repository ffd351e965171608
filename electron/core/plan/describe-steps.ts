import type { Plan } from '../../../shared/plan';

/** The plan's steps in words, for the confirmation and for --json. */
export function describeSteps(plan: Plan): string[] {
  return plan.steps.map((step) => {
    switch (step.type) {
      case 'write-file':
        return step.role === 'ca-cert'
          ? `write ${step.path}, creating its directory if needed (a replaced ca.crt is backed up in Dockside's state directory)`
          : `write ${step.path} (a dated backup is kept next to it)`;
      case 'remove-file':
        return step.role === 'ca-cert'
          ? `remove ${step.path}, and its directory if Dockside created it and nothing else is in it (a backup is kept in Dockside's state directory)`
          : `remove ${step.path} (a dated backup is kept next to it)`;
      case 'reload-engine':
        return 'reload the Docker engine (SIGHUP): running containers keep running';
      case 'restart-engine':
        return 'restart the Docker engine: running containers stop unless they have a restart policy';
      case 'verify':
        return `verify with docker info: mirrors [${step.expected.mirrors.join(', ')}], insecure registries [${step.expected.insecureRegistries.join(', ')}]`;
    }
  });
}
