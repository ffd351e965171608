import { PrivilegedEventSchema, type PrivilegedResult } from '../../../shared/plan';
import { type Message, msg } from '../../../shared/message';
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
  onProgress: (message: Message) => void,
): Promise<PrivilegedResult> {
  let result: PrivilegedResult | undefined;
  const exit = await elevator.run([entry.runtime, entry.script, encodeRequest(request)], (line) => {
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      onProgress(msg('plan.progress.output', { line }));
      return;
    }
    const event = PrivilegedEventSchema.safeParse(json);
    if (!event.success) onProgress(msg('plan.progress.output', { line }));
    else if (event.data.type === 'progress') onProgress(event.data.message);
    else result = event.data;
  });
  if (result) return result;
  const how = exit.code === 1 && elevator.name === 'sudo' ? 'sudo' : exit.code === 1 && elevator.name === 'sudo-noninteractive' ? 'sudo-noninteractive' : 'plain';
  const stderr = exit.stderr.trim();
  throw new DocksideError('privileged-failed', `plan.error.privileged-failed.${how}${stderr === '' ? '-silent' : ''}` as const, { exit: exit.code, stderr });
}
