import type { DoctorJson } from '../../../shared/doctor';
import { type Message, msg } from '../../../shared/message';
import { plaintextSecretOf } from '../credentials/config-entries';
import { authEntryOf, readDockerConfig } from '../credentials/docker-config';
import { secretLocationOf } from '../credentials/secret-store';
import { DocksideError, errorMessage } from '../errors';
import type { Machine } from '../machine';
import { registryPaths } from '../trust/inspect-registry';
import { DETECTORS } from './findings/index';
import { gatherEvidence } from './gather';
import { runDoctor } from './run-doctor';

const DEFAULT_TIMEOUT_MS = 10_000;
/** Distribution's repository name grammar (reference/regexp.go), lower-case path components. */
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

export interface DoctorTarget {
  /** host[:port], validated. */
  registry: string;
  repository: string | null;
}

/** `host[:port][/repository]` as the user typed it; a usage error when it is neither. */
export function parseDoctorTarget(input: string, certsDir: string): DoctorTarget {
  const slash = input.indexOf('/');
  const host = slash === -1 ? input : input.slice(0, slash);
  const repository = slash === -1 ? '' : input.slice(slash + 1).replace(/\/+$/, '');
  const { name } = registryPaths(certsDir, host);
  if (repository !== '' && !REPOSITORY.test(repository)) {
    throw new DocksideError('usage', 'doctor.error.usage.repository', { repository });
  }
  return { registry: name.dirName, repository: repository === '' ? null : repository };
}

/** The registry and repository an image reference names, when it names a registry host (`host:5000/team/app:1`); null for a Docker Hub name. */
export function registryOfImage(image: string): { host: string; repository: string } | null {
  const withoutDigest = image.split('@')[0] ?? '';
  const slash = withoutDigest.indexOf('/');
  if (slash === -1) return null;
  const first = withoutDigest.slice(0, slash);
  if (!first.includes('.') && !first.includes(':') && first !== 'localhost') return null;
  const rest = withoutDigest.slice(slash + 1);
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.indexOf(':', lastSlash + 1);
  return { host: first, repository: colon === -1 ? rest : rest.slice(0, colon) };
}

type DoctorMachine = Pick<Machine, 'daemonJsonPath' | 'certsDir' | 'credentials' | 'engineControl' | 'target'>;

/**
 * The doctor as the CLI and the app run it: gathers the evidence (the machine, the registry
 * `host[:port][/repository]` or the one the image names, the configured mirrors) and runs every
 * detector. The push probe uses the credentials Docker would send, read where Docker reads
 * them; they never appear in the result.
 */
export async function examine(machine: DoctorMachine, request: { target?: string; image?: string }): Promise<DoctorJson> {
  const fromImage = request.target === undefined && request.image ? registryOfImage(request.image) : null;
  const target =
    request.target !== undefined
      ? parseDoctorTarget(request.target, machine.certsDir)
      : fromImage
        ? parseDoctorTarget(`${fromImage.host}/${fromImage.repository}`, machine.certsDir)
        : null;
  const skipped: DoctorJson['skipped'] = [];
  const credentials = target && target.repository !== null ? await storedCredentials(machine, target.registry, skipped) : null;

  const evidence = await gatherEvidence({
    registry: target && { registry: target.registry, repository: target.repository, credentials },
    local: {
      daemonJsonPath: machine.daemonJsonPath,
      certsDir: machine.certsDir,
      configDir: machine.credentials.configDir,
      engine: machine.engineControl,
      target: machine.target,
      env: machine.credentials.env,
    },
    mirrors: true,
    image: request.image ?? null,
    timeoutMs: DEFAULT_TIMEOUT_MS,
  });
  evidence.skipped.unshift(...skipped);
  return runDoctor(evidence, DETECTORS);
}

/** The user name and password Docker would send to the registry: from its credential helper, else config.json's plaintext entry. */
async function storedCredentials(machine: DoctorMachine, registry: string, skipped: DoctorJson['skipped']): Promise<{ username: string; password: string } | null> {
  const skip = (reason: Message): null => {
    skipped.push({ check: 'credentials', reason });
    return null;
  };
  let config;
  try {
    config = (await readDockerConfig(machine.credentials.configDir)).config;
  } catch (error) {
    return skip(errorMessage(error));
  }
  const location = secretLocationOf(config, registry, machine.credentials);
  if (location !== null) {
    try {
      const stored = await location.keychain.get(registry);
      return stored ? { username: stored.username, password: stored.secret } : null;
    } catch (error) {
      return skip(errorMessage(error));
    }
  }
  const plain = plaintextSecretOf(authEntryOf(config, registry));
  if (plain === 'malformed') return skip(msg('doctor.skipped.credentials.malformed', { registry }));
  if (plain === null) return null;
  // An identity token is an OAuth refresh token, not a password: Basic with it proves nothing.
  if (plain.username === '<token>') return skip(msg('doctor.skipped.credentials.identity-token', { registry }));
  return { username: plain.username, password: plain.secret };
}
