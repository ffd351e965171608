import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNELS } from '../../shared/ipc-channels';
import { fail } from '../../shared/result';
import { dispatch } from './handlers/dispatch';
import type { Handlers } from './handlers/index';

/** Decides whether an IPC message comes from a frame of ours showing our own renderer. */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** The only place that touches ipcMain (lint bans it elsewhere). */
export function registerIpc(handlers: Handlers, isTrustedSender: SenderCheck): void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, (event, request: unknown) => {
      if (!isTrustedSender(event)) {
        return fail('untrusted-sender', `IPC on ${channel} from an untrusted frame was dropped`);
      }
      return dispatch(handlers, channel, request);
    });
  }
}
