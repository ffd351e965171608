import { homedir } from 'node:os';
import { installUserCommands, removeUserCommands, type UserCommandsEnv, userCommandsStatus } from '../../core/platform/user-commands';
import type { HandlerDeps, Handlers } from './types';

/** `path:*`: dockside and docker-credential-dockside on the user's PATH through ~/.docker/bin and one profile line. */
export function userCommandHandlers(deps: HandlerDeps): Pick<Handlers, 'path:status' | 'path:install' | 'path:remove'> {
  return {
    'path:status': async () => userCommandsStatus(deps.userCommands()),
    'path:install': async () => installUserCommands(deps.userCommands()),
    'path:remove': async () => removeUserCommands(deps.userCommands()),
  };
}

/** The user's side of the change from an environment (the app's own, or a test's with a temporary HOME). */
export function userCommandsEnv(env: NodeJS.ProcessEnv, launchersDir: string | null, packaged: boolean, platform: NodeJS.Platform = process.platform): UserCommandsEnv {
  return { platform, home: env.HOME ?? homedir(), shell: env.SHELL, path: env.PATH, launchersDir, packaged };
}
