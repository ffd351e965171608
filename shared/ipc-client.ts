import type { DocksideApi, IpcRequest, IpcResult } from './ipc';
import { type IpcChannel, isIpcChannel } from './ipc-channels';

/**
 * Builds the `window.dockside` API over a transport (ipcRenderer in the preload, the test
 * bridge in UI tests), refusing names outside the contract before anything is sent.
 */
export function createDocksideApi(send: (channel: IpcChannel, request: unknown) => Promise<unknown>): DocksideApi {
  return {
    invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<C>> {
      if (!isIpcChannel(channel)) {
        return Promise.resolve({ ok: false, error: { code: 'unknown-channel', message: `unknown IPC channel ${String(channel)}` } });
      }
      return send(channel, request) as Promise<IpcResult<C>>;
    },
  };
}
