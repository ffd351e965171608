import { ipcContract, type IpcResult } from '../../../shared/ipc';
import { type IpcChannel, isIpcChannel } from '../../../shared/ipc-channels';
import type { MessageCode } from '../../../shared/message';
import { fail, ok } from '../../../shared/result';
import { DocksideError, toErrorValue } from '../../core/errors';
import type { Handlers } from './types';

/** A refusal of ours inside a request schema (shared/ipc.ts): a custom issue whose params name its catalog sentence. */
function ownRefusal(issue: { code: string; params?: Record<string, unknown> }): MessageCode | null {
  const key = issue.code === 'custom' ? issue.params?.key : undefined;
  return typeof key === 'string' ? (key as MessageCode) : null;
}

/**
 * Validates the request against the channel's schema, runs the handler and turns every outcome
 * into a result value: a thrown Error would reach the renderer as a bare message. The channel
 * is checked again here because the name comes from another process.
 */
export async function dispatch<C extends IpcChannel>(handlers: Handlers, channel: C, raw: unknown): Promise<IpcResult<C>> {
  if (!isIpcChannel(channel)) return fail('unknown-channel', 'desktop.error.unknown-channel', { channel: String(channel) });
  const parsed = ipcContract[channel].request.safeParse(raw ?? {});
  if (!parsed.success) {
    const own = parsed.error.issues.map((issue) => ({ key: ownRefusal(issue), field: issue.path.join('.') })).find((issue) => issue.key !== null);
    if (own?.key) return fail('invalid-request', own.key, { channel, field: own.field });
    // zod's own words (English), quoted for the bug report: only a bug in the renderer sends such a request.
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(request)'}: ${issue.message}`);
    return fail('invalid-request', 'desktop.error.invalid-request', { channel, issues: `${channel}: ${issues.join('; ')}` });
  }
  try {
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    return ok(await handler(parsed.data)) as IpcResult<C>;
  } catch (error) {
    if (error instanceof DocksideError) return { ok: false, error: toErrorValue(error) };
    // An unexpected error keeps its own code when it has one (a Node errno, a library's), and its text as the detail.
    const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : 'internal';
    return { ok: false, error: { ...toErrorValue(error), code } };
  }
}
