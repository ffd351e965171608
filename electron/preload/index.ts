import { contextBridge, ipcRenderer } from 'electron';
import { createDocksideApi } from '../../shared/ipc-client';

// Exactly the contract, nothing else: the renderer never sees ipcRenderer itself, nor the event object.
contextBridge.exposeInMainWorld(
  'dockside',
  createDocksideApi({
    send: (channel, request) => ipcRenderer.invoke(channel, request),
    listen: (name, listener) => {
      const forward = (_event: Electron.IpcRendererEvent, payload: unknown): void => listener(payload);
      ipcRenderer.on(name, forward);
      return () => {
        ipcRenderer.removeListener(name, forward);
      };
    },
  }),
);
