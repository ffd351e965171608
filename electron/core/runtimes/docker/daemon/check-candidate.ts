import { tmpdir } from 'node:os';
import type { EngineControl } from '../engine/engine-control';
import { type DockerTarget, engineVersion } from '../engine/docker-cli';
import { dockerdValidateError, findDockerdBinary, validateWithDockerd } from '../engine/dockerd-validate';
import { FLAG_COLLISION_ERROR, FLAG_VALUES, flagKeyCollisions, type FlagKeyCollision } from '../engine/flag-key-collisions';
import { runningDockerdArgv } from '../engine/running-dockerd';
import { DocksideError } from '../../../errors';
import { checkedKeys, type CheckedKey, UNKNOWN_KEY_ERROR, unknownDaemonKeys } from './known-keys';
import { parseDaemonJson } from './parse';

export interface CandidateCheckInput {
  path: string;
  /** The whole file as it would be written. */
  text: string;
  /** The running dockerd's command line; null when no dockerd is known (nothing runs to collide with). */
  argv: readonly string[] | null;
  /** `dockerd --validate` on the text; null when the engine cannot (before 23.0): the key table decides then. */
  validate: (text: string) => Promise<{ ok: true } | { ok: false; problem: string } | null>;
}

/**
 * Refuses a daemon.json that dockerd would refuse, before anything is written: the engine's own
 * `--validate` where it has it, else Dockside's table of its keys; and any key the running
 * dockerd also has as a flag (which `--validate` cannot see). Throws 'daemon-json-refused' or
 * 'flag-collision'.
 */
export async function checkDaemonJsonCandidate(input: CandidateCheckInput): Promise<void> {
  const value = parseDaemonJson(input.text, input.path).value;
  const verdict = await input.validate(input.text);
  if (verdict !== null && !verdict.ok) throw dockerdValidateError(input.path, verdict.problem);
  if (verdict === null) {
    const unknown = unknownDaemonKeys(value);
    if (unknown.length > 0) throw unknownKeysError(input.path, unknown);
  }
  if (input.argv === null) return;
  const collisions = flagKeyCollisions(checkedKeys(value).map(({ key }) => key), input.argv);
  if (collisions.length > 0) throw flagCollisionError(input.path, collisions);
}

export interface EngineSideOfCheck {
  engineControl: EngineControl;
  target: DockerTarget;
  /** Where the candidate may be written for `dockerd --validate`: root's state dir, or this user's temp dir. */
  privateDir?: string;
}

/** The check against the engine in use: its command line, its binary and its version. */
export async function checkAgainstEngine(engine: EngineSideOfCheck, path: string, text: string): Promise<void> {
  const pid = process.platform === 'linux' ? await engine.engineControl.daemonPid().catch(() => undefined) : undefined;
  const argv = pid === undefined ? null : runningDockerdArgv(pid);
  await checkDaemonJsonCandidate({
    path,
    text,
    argv,
    validate: async (candidate) =>
      validateWithDockerd({
        exec: engine.target.exec,
        engineVersion: pid === undefined ? undefined : await engineVersion(engine.target),
        binary: findDockerdBinary(pid),
        privateDir: engine.privateDir ?? tmpdir(),
        text: candidate,
      }),
  });
}

/** A key as users find it in the file: `"key"`, or `"parent.key"` for one inside an object. */
function named({ key, parent }: CheckedKey): string {
  return parent === undefined ? `"${key}"` : `"${parent}.${key}"`;
}

function unknownKeysError(path: string, unknown: CheckedKey[]): DocksideError {
  const tops = [...new Set(unknown.map(({ key, parent }) => parent ?? key))].map((key) => `"${key}"`).join(', ');
  return new DocksideError('daemon-json-refused', 'daemon.error.daemon-json-refused.unknown-keys', {
    path,
    keys: unknown.map(named).join(', '),
    tops,
    // verbatim: dockerd's own refusal (moby daemon/config), quoted so users can search for it
    dockerd: `unable to configure the Docker daemon with file ${path}: ${UNKNOWN_KEY_ERROR}: ${unknown.map(({ key }) => key).join(', ')}`,
  });
}

function flagCollisionError(path: string, collisions: FlagKeyCollision[]): DocksideError {
  return new DocksideError('flag-collision', 'daemon.error.flag-collision', {
    path,
    flags: collisions.map(({ flag }) => flag).join(', '),
    keys: collisions.map(({ key, flag }) => `"${key}" (${flag})`).join(', '),
    // verbatim: dockerd's own refusal (moby findConfigurationConflicts), quoted so users can search for it
    dockerd: `unable to configure the Docker daemon with file ${path}: ${FLAG_COLLISION_ERROR}: ${collisions.map(({ key }) => `${key}: ${FLAG_VALUES}`).join(', ')}`,
  });
}
