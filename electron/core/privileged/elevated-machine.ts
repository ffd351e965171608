import type { EngineSpec } from '../../../shared/engine';
import type { EngineTarget } from '../../../shared/privileged';
import type { EngineControl } from '../runtimes/docker/engine/engine-control';
import type { DockerTarget } from '../runtimes/docker/engine/docker-cli';
import type { OsTrustStore } from '../trust/os-store/store';

/** The engine and files the privileged process works on, as it derived them itself. */
export interface ElevatedMachine {
  engine: EngineSpec;
  engineControl: EngineControl;
  /** How verification reaches the engine: its own socket, never a caller's DOCKER_HOST when elevated. */
  target: DockerTarget;
  daemonJsonPath: string;
  certsDir: string;
  /** The journal and backups of this process's changes. */
  stateDir: string;
  /** Where a rollback looks for the change it undoes. */
  journalDirs: string[];
  /** How many of Dockside's backups of each file stay after a successful change. */
  keepBackups: number;
  /** Elevated from a user: every path must be root-owned, and nothing the caller says about the target is taken. */
  elevated: boolean;
  /** This machine's OS trust store, detected here from root-owned sources; null (or absent): none Dockside knows. */
  osStore?: OsTrustStore | null;
}

export type { EngineTarget };
