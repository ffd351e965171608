import type { IpcChannel } from '../../../shared/ipc-channels';
import type { IpcRequest, IpcResponse } from '../../../shared/ipc';
import type { Machine } from '../../core/machine';
import { appInfo, type AppInfoSource } from './app-info';
import { credentialHandlers } from './credentials';
import { doctorHandlers } from './doctor';
import { mirrorHandlers } from './mirrors';
import { nexusHandlers } from './nexus';
import { statusHandlers } from './status';
import { trustHandlers } from './trust';

/**
 * One implementation per channel. The mapped type makes a channel of the contract without a
 * handler a compile error. Handlers never import `electron`: the UI test bridge serves these
 * same functions to the renderer running in Chromium.
 */
export type Handlers = { [C in IpcChannel]: (request: IpcRequest<C>) => Promise<IpcResponse<C>> };

export interface HandlerDeps {
  app: AppInfoSource;
  /** This machine's Docker, resolved on first use (see lazyMachine): the composition root decides how. */
  machine: () => Promise<Machine>;
  /** resources/mirrors.json of this installation: the public mirror catalog. */
  catalogPath: string;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    'app:info': () => appInfo(deps.app),
    ...statusHandlers(deps),
    ...trustHandlers(deps),
    ...credentialHandlers(deps),
    ...nexusHandlers(),
    ...mirrorHandlers(deps),
    ...doctorHandlers(deps),
  };
}
