import path from 'node:path';
import { certsDirFor } from '../../trust/registry-name';

/*
 * Where Podman reads CAs and credentials (github.com/containers/image at df7e80d2):
 * - docker/docker_client.go L67-72, L149-184: a registry's certs directory is the first that
 *   exists of `$HOME/.config/containers/certs.d/<host:port>` (homedir.Get(), for root too; not
 *   $XDG_CONFIG_HOME), `/etc/containers/certs.d/<host:port>`, `/etc/docker/certs.d/<host:port>`:
 *   an existing earlier one hides the later ones, they are not merged.
 * - pkg/docker/config/config.go L143-171, L550-589: credentials come from `--authfile`
 *   (REGISTRY_AUTH_FILE) alone when set; else `$XDG_RUNTIME_DIR/containers/auth.json` (or
 *   /run/containers/<uid>/auth.json), then `$XDG_CONFIG_HOME/containers/auth.json` (default
 *   `$HOME/.config`), then Docker's config. The runtime directory is a tmpfs, emptied at reboot.
 */

export const SYSTEM_CERTS_DIR = '/etc/containers/certs.d';
/** Docker's directory, which Podman reads last. */
export const DOCKER_CERTS_DIR = '/etc/docker/certs.d';

/** What the paths depend on, for the user Podman runs as (root for rootful Podman). */
export interface PodmanPathEnv {
  rootless: boolean;
  /** $HOME of that user. */
  home: string;
  xdgConfigHome?: string;
  /** REGISTRY_AUTH_FILE, when set and non-empty. */
  registryAuthFile?: string;
}

/** The auth file Dockside writes `credHelpers` into, and why that one. */
export interface PodmanAuthFile {
  path: string;
  source: 'registry-auth-file' | 'xdg-config-home';
}

/** The certs.d Dockside writes into: /etc/containers/certs.d, or the user's for rootless Podman. */
export function podmanCertsDir(env: PodmanPathEnv): string {
  return env.rootless ? userCertsDir(env.home) : SYSTEM_CERTS_DIR;
}

/**
 * `<certs.d>/<host:port>/ca.crt` for a registry name the user typed. Throws DocksideError
 * `invalid-registry-name` before the name becomes a path.
 */
export function podmanCaFile(env: PodmanPathEnv, registry: string): string {
  return path.posix.join(certsDirFor(podmanCertsDir(env), registry), 'ca.crt');
}

/**
 * The directories Podman tries for a registry, in order; the first that exists is used alone, so
 * one before Dockside's hides Dockside's CA. Throws DocksideError `invalid-registry-name`.
 */
export function podmanCertsLookup(env: PodmanPathEnv, registry: string): string[] {
  return [userCertsDir(env.home), SYSTEM_CERTS_DIR, DOCKER_CERTS_DIR].map((root) => certsDirFor(root, registry));
}

/**
 * The persistent auth file Podman reads: REGISTRY_AUTH_FILE when set (Podman reads only it), else
 * `$XDG_CONFIG_HOME/containers/auth.json`. Never `$XDG_RUNTIME_DIR/containers/auth.json`, which
 * Podman reads first but which is gone after a reboot.
 */
export function podmanAuthFile(env: PodmanPathEnv): PodmanAuthFile {
  if (env.registryAuthFile) return { path: path.posix.resolve(env.registryAuthFile), source: 'registry-auth-file' };
  const configHome = env.xdgConfigHome || path.posix.join(env.home, '.config');
  return { path: path.posix.join(configHome, 'containers', 'auth.json'), source: 'xdg-config-home' };
}

function userCertsDir(home: string): string {
  return path.posix.join(home, '.config', 'containers', 'certs.d');
}
