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
] as const;

export type IpcChannel = (typeof IPC_CHANNELS)[number];

export function isIpcChannel(value: unknown): value is IpcChannel {
  return typeof value === 'string' && (IPC_CHANNELS as readonly string[]).includes(value);
}
