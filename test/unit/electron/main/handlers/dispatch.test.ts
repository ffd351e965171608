import { describe, expect, it } from 'vitest';
import { createHandlers, type Handlers } from '../../../../../electron/main/handlers/index';
import { dispatch } from '../../../../../electron/main/handlers/dispatch';
import type { IpcChannel } from '../../../../../shared/ipc-channels';

const appSource = { name: 'Dockside', version: '1.2.3', platform: 'linux', arch: 'x64' };

describe('IPC dispatch', () => {
  it('returns the handler value as an ok result', async () => {
    const result = await dispatch(createHandlers({ app: appSource }), 'app:info', {});
    expect(result).toEqual({ ok: true, value: { name: 'Dockside', version: '1.2.3', platform: 'linux', arch: 'x64' } });
  });

  it('refuses a request that does not match the channel schema, naming the field', async () => {
    const result = await dispatch(createHandlers({ app: appSource }), 'app:info', { unexpected: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-request');
    expect(result.error.message).toContain('app:info');
    expect(result.error.message).toContain('unexpected');
  });

  it('refuses a channel outside the contract (names come from another process)', async () => {
    const handlers = createHandlers({ app: appSource });
    const result = await dispatch(handlers, 'app:delete-everything' as IpcChannel, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
  });

  it('turns a thrown error into an error value and keeps its code', async () => {
    const failing: Handlers = {
      'app:info': async () => {
        throw Object.assign(new Error('keychain is locked'), { code: 'keychain-locked' });
      },
    };
    expect(await dispatch(failing, 'app:info', {})).toEqual({ ok: false, error: { code: 'keychain-locked', message: 'keychain is locked' } });
  });

  it('reports an unsupported platform instead of passing it on', async () => {
    const result = await dispatch(createHandlers({ app: { ...appSource, platform: 'plan9' } }), 'app:info', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
