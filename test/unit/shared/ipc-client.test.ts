import { describe, expect, it } from 'vitest';
import { createDocksideApi, type DocksideTransport } from '../../../shared/ipc-client';
import type { IpcChannel, IpcEventName } from '../../../shared/ipc-channels';

const noEvents: DocksideTransport['listen'] = () => () => undefined;

describe('window.dockside API', () => {
  it('sends contract channels through the transport', async () => {
    const sent: unknown[] = [];
    const api = createDocksideApi({
      send: async (channel, request) => {
        sent.push([channel, request]);
        return { ok: true, value: { name: 'Dockside', version: '0', platform: 'linux', arch: 'x64' } };
      },
      listen: noEvents,
    });
    const result = await api.invoke('app:info', {});
    expect(result.ok).toBe(true);
    expect(sent).toEqual([['app:info', {}]]);
  });

  it('refuses an unknown channel without sending anything', async () => {
    let sent = 0;
    const api = createDocksideApi({
      send: async () => {
        sent += 1;
        return undefined;
      },
      listen: noEvents,
    });
    const result = await api.invoke('shell:exec' as IpcChannel, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown-channel' } });
    expect(sent).toBe(0);
  });

  it('passes events of the contract to their listener and stops when asked', () => {
    const listeners = new Map<string, (payload: unknown) => void>();
    const api = createDocksideApi({
      send: async () => undefined,
      listen: (name, listener) => {
        listeners.set(name, listener);
        return () => listeners.delete(name);
      },
    });
    const got: string[] = [];
    const stop = api.onEvent('change:progress', (event) => got.push(event.message.code));
    listeners.get('change:progress')?.({ type: 'progress', message: { code: 'plan.progress.backup-saved', params: {} } });
    expect(got).toEqual(['plan.progress.backup-saved']);
    stop();
    expect(listeners.has('change:progress')).toBe(false);
  });

  it('refuses to listen to an event outside the contract', () => {
    const api = createDocksideApi({ send: async () => undefined, listen: noEvents });
    expect(() => api.onEvent('shell:output' as IpcEventName, () => undefined)).toThrow(/unknown IPC event/);
  });
});
