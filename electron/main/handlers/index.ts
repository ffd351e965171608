import { appInfo } from './app-info';
import { changeHandlers } from './change';
import { credentialHandlers } from './credentials';
import { doctorHandlers } from './doctor';
import { historyHandlers } from './history';
import { mirrorHandlers } from './mirrors';
import { nexusHandlers } from './nexus';
import { profileHandlers } from './profile';
import { statusHandlers } from './status';
import { trustHandlers } from './trust';
import type { HandlerDeps, Handlers } from './types';
import { userCommandHandlers } from './user-commands';

export type { ChangeDeps, HandlerDeps, Handlers } from './types';

/** Every channel's handler over the composition root's deps (the types live in types.ts, which imports no handler). */
export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    'app:info': () => appInfo({ ...deps.app, languages: deps.change.systemLanguages() }),
    ...statusHandlers(deps),
    ...trustHandlers(deps),
    ...credentialHandlers(deps),
    ...nexusHandlers(),
    ...mirrorHandlers(deps),
    ...doctorHandlers(deps),
    ...changeHandlers(deps),
    ...historyHandlers(deps),
    ...profileHandlers(deps),
    ...userCommandHandlers(deps),
  };
}
