/**
 * The channel names of the IPC contract, free of zod so the sandboxed preload can carry them.
 * shared/ipc.ts checks at compile time that its contract has exactly these keys.
 */
export const IPC_CHANNELS = [
  'app:info',
  'status:get',
  'trust:inspect',
  'trust:list',
  'creds:list',
  'login',
  'nexus:discover',
  'mirrors:probe',
  'doctor:run',
  'change:plan',
  'change:apply',
  'creds:migrate',
  'logout',
  'login:check',
  'history:list',
  'profile:load',
  'profile:pending',
  'profile:survey',
  'path:status',
  'path:install',
  'path:remove',
] as const;

export type IpcChannel = (typeof IPC_CHANNELS)[number];

export function isIpcChannel(value: unknown): value is IpcChannel {
  return typeof value === 'string' && (IPC_CHANNELS as readonly string[]).includes(value);
}

/**
 * The one-way events main sends to the renderer (progress, a profile link), zod-free for the same reason.
 * shared/ipc.ts checks at compile time that its event map has exactly these keys.
 */
export const IPC_EVENTS = ['mirrors:probe-progress', 'change:progress', 'profile:open'] as const;

export type IpcEventName = (typeof IPC_EVENTS)[number];

export function isIpcEventName(value: unknown): value is IpcEventName {
  return typeof value === 'string' && (IPC_EVENTS as readonly string[]).includes(value);
}
