import { z } from 'zod';
import { AppInfoSchema } from './app-info';
import type { IpcChannel } from './ipc-channels';
import type { Result } from './result';

/**
 * The whole contract between renderer and main: each channel's request schema (validated by
 * main before any handler runs) and response schema. Adding a channel here without a handler in
 * electron/main is a compile error there, and without a name in ipc-channels.ts a compile error here.
 */
export const ipcContract = {
  'app:info': { request: z.object({}).strict(), response: AppInfoSchema },
} as const satisfies Record<IpcChannel, { request: z.ZodType; response: z.ZodType }>;

type Contract = typeof ipcContract;
export type IpcRequest<C extends IpcChannel> = z.input<Contract[C]['request']>;
export type IpcResponse<C extends IpcChannel> = z.output<Contract[C]['response']>;
export type IpcResult<C extends IpcChannel> = Result<IpcResponse<C>>;

/** What the preload exposes on `window.dockside`; the UI test bridge implements the same shape. */
export interface DocksideApi {
  invoke<C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResult<C>>;
}
