/**
 * Makes the harness's process 'exit' hooks (kill tracked services, restore /etc/hosts and
 * certs.d, remove temp dirs) run when the process is signalled too. Vitest ends a forks-pool
 * worker with SIGTERM, and Node's default for SIGTERM, SIGINT and SIGHUP is to die at once
 * without emitting 'exit'. Imported for its side effect by every module that has such a hook.
 */
const signals = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;

for (const [signal, number] of Object.entries(signals)) {
  process.once(signal, () => process.exit(128 + number));
}
