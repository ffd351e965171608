import { PrivilegedEventSchema, type PrivilegedResult } from '../../../shared/plan';
import type { PrivilegedRequest } from '../../../shared/privileged';
import { DocksideError } from '../errors';
import type { Elevator } from './elevator';
import { encodeRequest } from './privileged-request';

/** How to start the privileged entry: the runtime (node, or Electron as node) and the script. */
export interface PrivilegedEntry {
  runtime: string;
  script: string;
}

/**
 * Hands the request to the privileged process and follows its progress. A process that ends
 * without a result line (killed, sudo refused) is an error value that says how it ended.
 */
export async function runPrivileged(
  request: PrivilegedRequest,
  entry: PrivilegedEntry,
  elevator: Elevator,
  onProgress: (message: string) => void,
): Promise<PrivilegedResult> {
  let result: PrivilegedResult | undefined;
  const exit = await elevator.run([entry.runtime, entry.script, encodeRequest(request)], (line) => {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      onProgress(line);
      return;
    }
    const event = PrivilegedEventSchema.safeParse(json);
    if (!event.success) onProgress(line);
    else if (event.data.type === 'progress') onProgress(event.data.message);
    else result = event.data;
  });
  if (result) return result;
  const how =
    exit.code === 1 && elevator.name === 'sudo'
      ? ' (was the administrator password refused?)'
      : exit.code === 1 && elevator.name === 'sudo-noninteractive'
        ? ' (sudo needs a password and there is no terminal to type it: run the command at a terminal, or with sudo)'
        : '';
  throw new DocksideError(
    'privileged-failed',
    `The administrator process ended (exit ${exit.code})${how} without reporting a result: ${exit.stderr.trim() || 'no message'}. ` +
      'Nothing is half-written: each file is replaced in one step, and `dockside rollback` restores the last change.',
  );
}
