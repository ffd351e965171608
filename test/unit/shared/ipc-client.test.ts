import { describe, expect, it } from 'vitest';
import { createDocksideApi } from '../../../shared/ipc-client';
import type { IpcChannel } from '../../../shared/ipc-channels';

describe('window.dockside API', () => {
  it('sends contract channels through the transport', async () => {
    const sent: unknown[] = [];
    const api = createDocksideApi(async (channel, request) => {
      sent.push([channel, request]);
      return { ok: true, value: { name: 'Dockside', version: '0', platform: 'linux', arch: 'x64' } };
    });
    const result = await api.invoke('app:info', {});
    expect(result.ok).toBe(true);
    expect(sent).toEqual([['app:info', {}]]);
  });

  it('refuses an unknown channel without sending anything', async () => {
    let sent = 0;
    const api = createDocksideApi(async () => {
      sent += 1;
      return undefined;
    });
    const result = await api.invoke('shell:exec' as IpcChannel, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(sent).toBe(0);
  });
});
