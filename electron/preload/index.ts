import { contextBridge, ipcRenderer } from 'electron';
import { createDocksideApi } from '../../shared/ipc-client';

// Exactly the contract, nothing else: the renderer never sees ipcRenderer itself.
contextBridge.exposeInMainWorld(
  'dockside',
  createDocksideApi((channel, request) => ipcRenderer.invoke(channel, request)),
);
