import { discoverNexusTrustingSystem } from '../../core/nexus/discover';
import type { Handlers } from './types';

/** `nexus:discover`: what `dockside nexus discover --json` prints. Needs nothing of the machine. */
export function nexusHandlers(): Pick<Handlers, 'nexus:discover'> {
  return {
    'nexus:discover': async ({ url, username, password }) =>
      discoverNexusTrustingSystem(url, username !== undefined && password !== undefined ? { username, password } : undefined),
  };
}
