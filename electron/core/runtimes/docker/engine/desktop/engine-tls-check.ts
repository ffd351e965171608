import { type Message, msg } from '../../../../../../shared/message';
import { parseRegistryName } from '../../../../trust/registry-name';
import { type DockerTarget, runDocker } from '../docker-cli';
import { outputDetail } from '../../../../platform/command-output';

const PULL_TIMEOUT_MS = 60_000;
/**
 * A reference no registry can serve: a digest of zeros names no content, so the pull never
 * downloads anything (a proxy repository cannot fetch it either) and the registry's "not found"
 * proves the engine's TLS handshake validated.
 */
const PROBE = `dockside-tls-check@sha256:${'0'.repeat(64)}`;

export type EngineTlsState = 'trusted' | 'untrusted' | 'engine-down' | 'unreachable' | 'unknown';

export interface EngineTlsCheck {
  state: EngineTlsState;
  /** The pull's own words, for the message. */
  detail: string;
  message: Message;
}

/**
 * A real TLS request through the engine (after Docker Desktop restarted): `docker pull` of a
 * reference that cannot exist on the registry. The engine dials the registry with its own trust
 * (certs.d and the OS store it read at start), so a TLS refusal means it does not trust the CA
 * yet, and any answer of the registry (not found, unauthorized) means it does.
 */
export async function checkEngineTrustsRegistry(target: DockerTarget, registry: string): Promise<EngineTlsCheck> {
  const { dirName } = parseRegistryName(registry);
  const result = await runDocker(target, ['pull', '--quiet', `${dirName}/${PROBE}`], PULL_TIMEOUT_MS);
  const text = `${result.stderr}\n${result.stdout}`;
  const detail = outputDetail(text);
  const state = stateOf(result.code, text);
  return { state, detail, message: msg(`engine.desktop.tls-check.${state}`, { registry: dirName, detail }) };
}

function stateOf(code: number, text: string): EngineTlsState {
  if (code === 0) return 'trusted';
  if (/x509:|tls: failed to verify certificate|certificate signed by unknown authority|certificate is not trusted/i.test(text)) return 'untrusted';
  if (/Cannot connect to the Docker daemon|error during connect/i.test(text)) return 'engine-down';
  if (/connection refused|no such host|i\/o timeout|network is unreachable|no route to host/i.test(text)) return 'unreachable';
  if (/manifest unknown|not found|unauthorized|denied|no basic auth credentials|authentication required|does not exist/i.test(text)) return 'trusted';
  return 'unknown';
}

