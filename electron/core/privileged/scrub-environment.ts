import { userInfo } from 'node:os';

/** sudo's secure_path: what root runs is found in root's directories only. */
export const SECURE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The elevated process's environment, reset as sudo's env_reset does, whatever sudo or pkexec
 * let through: no caller's PATH, HOME, XDG_*, DOCKSIDE_*, DOCKER_HOST/DOCKER_CONTEXT/DOCKER_CONFIG
 * (a docker CLI config names plugins it runs) or NODE_OPTIONS reaches what root runs.
 */
export function scrubEnvironment(env: NodeJS.ProcessEnv = process.env): void {
  for (const key of Object.keys(env)) delete env[key];
  env.PATH = SECURE_PATH;
  // From the password database, not from HOME.
  env.HOME = userInfo().homedir;
  env.LANG = 'C.UTF-8';
}
