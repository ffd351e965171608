import { readFileSync } from 'node:fs';

/**
 * Whether this process holds more rights than the user who started it: root reached through
 * sudo or pkexec (they set SUDO_UID / PKEXEC_UID) or below a parent that is not root. Only then
 * is the allow-list a security boundary; root who runs Dockside directly may write anything anyway.
 */
export function isElevated(env: NodeJS.ProcessEnv = process.env): boolean {
  if (process.getuid?.() !== 0) return false;
  if (env.SUDO_UID !== undefined || env.PKEXEC_UID !== undefined) return true;
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
