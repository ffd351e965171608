import { readFileSync } from 'node:fs';

/**
 * Whether this process holds more rights than the user who started it: root reached through
 * sudo or pkexec (they set SUDO_UID / PKEXEC_UID) or below a parent that is not root. Only then
 * is the privileged process a security boundary; root who runs Dockside directly may write anything anyway.
 */
export function isElevated(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.getuid?.() !== 0) return false;
  // Root who sudoes to root (SUDO_UID=0) is root itself.
  for (const uid of [env.SUDO_UID, env.PKEXEC_UID]) if (uid !== undefined && uid !== '0') return true;
  return parentUid() !== 0;
}

function parentUid(): number | undefined {
  try {
    const status = readFileSync(`/proc/${process.ppid}/status`, 'utf8');
    const uid = /^Uid:\s+(\d+)/m.exec(status)?.[1];
    return uid === undefined ? undefined : Number(uid);
  } catch {
    return undefined;
  }
}
