import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { type EmitEvent, ipcEvents } from '../../shared/ipc';
import { IPC_CHANNELS } from '../../shared/ipc-channels';
import { fail } from '../../shared/result';
import { dispatch } from './handlers/dispatch';
import type { Handlers } from './handlers/types';

/** Decides whether an IPC message comes from a frame of ours showing our own renderer. */
export type SenderCheck = (event: IpcMainInvokeEvent) => boolean;

/** The only place that touches ipcMain (lint bans it elsewhere). */
export function registerIpc(handlers: Handlers, isTrustedSender: SenderCheck): void {
  for (const channel of IPC_CHANNELS) {
    ipcMain.handle(channel, (event, request: unknown) => {
      if (!isTrustedSender(event)) {
        return fail('untrusted-sender', 'desktop.error.untrusted-sender', { channel });
      }
      return dispatch(handlers, channel, request);
    });
  }
}

/**
 * The only place that sends events to a renderer: each payload is checked against its schema
 * first (a bug in main must not hand the renderer a shape it does not expect), then sent to
 * every window of ours still alive.
 */
export function createEventSender(targets: () => readonly WebContents[]): EmitEvent {
  return (name, payload) => {
    const checked = ipcEvents[name].parse(payload);
    for (const contents of targets()) if (!contents.isDestroyed()) contents.send(name, checked);
  };
}
