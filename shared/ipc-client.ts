import type { DocksideApi, IpcEvent, IpcRequest, IpcResult } from './ipc';
import { type IpcChannel, type IpcEventName, isIpcChannel, isIpcEventName } from './ipc-channels';

/** How the API reaches main: ipcRenderer in the preload, the test bridge in UI tests. */
export interface DocksideTransport {
  send(channel: IpcChannel, request: unknown): Promise<unknown>;
  /** Starts listening to one event; returns the function that stops. */
  listen(name: IpcEventName, listener: (payload: unknown) => void): () => void;
}

/**
 * Builds the `window.dockside` API over a transport, refusing names outside the contract before
 * anything is sent or listened to.
 */
export function createDocksideApi(transport: DocksideTransport): DocksideApi {
  return {
    invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<C>> {
      if (!isIpcChannel(channel)) {
        return Promise.resolve({ ok: false, error: { code: 'unknown-channel', key: 'common.error.unknown-channel', params: { channel: String(channel) } } });
      }
      return transport.send(channel, request) as Promise<IpcResult<C>>;
    },
    onEvent<E extends IpcEventName>(name: E, listener: (payload: IpcEvent<E>) => void): () => void {
      if (!isIpcEventName(name)) throw new Error(`unknown IPC event ${String(name)}`);
      return transport.listen(name, (payload) => listener(payload as IpcEvent<E>));
    },
  };
}
