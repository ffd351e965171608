import { type DoctorJson, DoctorJsonSchema, type EvidenceItem } from '../../shared/doctor';
import type { Evidence } from '../../electron/core/doctor/evidence/types';
import { gatherEvidence } from '../../electron/core/doctor/gather';
import { DETECTORS } from '../../electron/core/doctor/findings/index';
import { runDoctor } from '../../electron/core/doctor/run-doctor';
import { createEngineControl } from '../../electron/core/runtimes/docker/engine/control';
import { execProgram } from '../../electron/core/platform/exec';
import { english } from './english';

export interface DoctorRun {
  evidence: Evidence;
  result: DoctorJson;
}

export interface RegistryDoctorOptions {
  /** A scratch directory: the absent engine socket, pidfile, daemon.json and docker config are named in it. */
  dir: string;
  certsDir: string;
  registry: string;
  repository: string;
  credentials: { username: string; password: string } | null;
  daemonJsonPath?: string;
  image?: string;
}

/**
 * gatherEvidence + runDoctor over every detector, as `dockside doctor <registry>/<repository> --json`
 * does, with no engine running (its socket and pidfile do not exist): the registry's evidence is
 * what is looked at. The result is parsed with the --json schema.
 */
export async function doctorWithoutEngine(options: RegistryDoctorOptions): Promise<DoctorRun> {
  const dockerHost = `unix://${options.dir}/no-engine.sock`;
  const evidence = await gatherEvidence({
    registry: { registry: options.registry, repository: options.repository, credentials: options.credentials },
    local: {
      daemonJsonPath: options.daemonJsonPath ?? `${options.dir}/absent-daemon.json`,
      certsDir: options.certsDir,
      configDir: `${options.dir}/absent-docker-config`,
      engine: createEngineControl({ kind: 'pidfile', pidfile: `${options.dir}/no-engine.pid`, dockerHost }, { exec: execProgram }),
      target: { exec: execProgram, dockerHost },
      env: { PATH: process.env.PATH, DOCKER_HOST: dockerHost },
    },
    mirrors: false,
    image: options.image ?? null,
    timeoutMs: 5_000,
  });
  return { evidence, result: DoctorJsonSchema.parse(JSON.parse(JSON.stringify(runDoctor(evidence, DETECTORS)))) };
}

/** An evidence item as an English reader sees it: the verbatim detail, then Dockside's text. */
export function evidenceEnglish(item: EvidenceItem | undefined): string {
  if (item === undefined) return '';
  return [item.detail, item.text ? english(item.text) : ''].filter((part) => part !== '').join(' — ');
}
