import { ipcContract, type IpcResult } from '../../../shared/ipc';
import { type IpcChannel, isIpcChannel } from '../../../shared/ipc-channels';
import { fail, ok } from '../../../shared/result';
import type { Handlers } from './types';

/**
 * Validates the request against the channel's schema, runs the handler and turns every outcome
 * into a result value: a thrown Error would reach the renderer as a bare message. The channel
 * is checked again here because the name comes from another process.
 */
export async function dispatch<C extends IpcChannel>(handlers: Handlers, channel: C, raw: unknown): Promise<IpcResult<C>> {
  if (!isIpcChannel(channel)) return fail('unknown-channel', `unknown IPC channel ${String(channel)}`);
  const parsed = ipcContract[channel].request.safeParse(raw ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(request)'}: ${issue.message}`);
    return fail('invalid-request', `${channel}: ${issues.join('; ')}`);
  }
  try {
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    return ok(await handler(parsed.data)) as IpcResult<C>;
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : 'internal';
    return fail(code, error instanceof Error ? error.message : String(error));
  }
}
