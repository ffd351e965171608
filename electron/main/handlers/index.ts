import type { IpcChannel } from '../../../shared/ipc-channels';
import type { IpcRequest, IpcResponse } from '../../../shared/ipc';
import { appInfo, type AppInfoSource } from './app-info';

/**
 * One implementation per channel. The mapped type makes a channel of the contract without a
 * handler a compile error. Handlers never import `electron`: the UI test bridge serves these
 * same functions to the renderer running in Chromium.
 */
export type Handlers = { [C in IpcChannel]: (request: IpcRequest<C>) => Promise<IpcResponse<C>> };

export interface HandlerDeps {
  app: AppInfoSource;
}

export function createHandlers(deps: HandlerDeps): Handlers {
  return {
    'app:info': () => appInfo(deps.app),
  };
}
