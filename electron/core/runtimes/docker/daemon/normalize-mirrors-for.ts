import { engineVersion, type DockerTarget } from '../engine/docker-cli';
import { normalizeMirrors } from './validate';

/**
 * Mirrors as dockerd accepts them from this engine. Only a mirror with a path depends on the
 * engine's version (Engine 25+), so the engine is asked only then: one docker call less on
 * every ordinary switch.
 */
export async function normalizeMirrorsFor(target: DockerTarget, urls: string[]): Promise<string[]> {
  const hasPath = urls.some((url) => /^[a-z]+:\/\/[^/]*\/[^/]/i.test(url.trim()));
  return normalizeMirrors(urls, hasPath ? await engineVersion(target) : undefined);
}
