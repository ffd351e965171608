import { open, stat } from 'node:fs/promises';
import type { EngineSpec } from '../../../../../shared/engine';
import type { Exec } from '../../../platform/exec';
import type { EngineControl } from './engine-control';
import { quoteDockerd } from './dockerd-validate';

/**
 * Why a reload did not take, from the engine's own log: dockerd reports nothing to the signal's
 * sender and keeps its old settings, logging `level=error msg="unable to configure the Docker
 * daemon with file <path>: ..."` (checked here with 20.10.24). The same words stop it at its next
 * start, so a configuration named there must never be restarted into.
 */
export interface EngineLog {
  /** Where the log ends now; what is logged after it belongs to the next reload. */
  mark(): Promise<LogMark | undefined>;
  /** dockerd's refusal logged since the mark, quoted without values; undefined when it logged none (or cannot be read). */
  refusalSince(mark: LogMark): Promise<string | undefined>;
}

export type LogMark = { kind: 'file'; pid: number; size: number } | { kind: 'journal'; sinceSeconds: number };

const REFUSAL = /unable to configure the Docker daemon with file|Error reconfiguring the daemon|file configuration validation failed/;
/** At most this much of a log is read after the mark: a reload logs a few lines. */
const MAX_READ = 256 * 1024;
/** journalctl at its fixed places; never the caller's PATH. */
const JOURNALCTL = ['/usr/bin/journalctl', '/bin/journalctl'];

/** The log of this engine: journald for a systemd service, else dockerd's stderr when it is a regular file. */
export function engineLogFor(spec: EngineSpec, control: EngineControl, exec: Exec): EngineLog {
  if (spec.kind === 'systemd') return journalLog(exec);
  return stderrLog(control);
}

function firstRefusal(text: string): string | undefined {
  const line = text.split('\n').find((entry) => REFUSAL.test(entry) && !/level=(info|debug|warning)/.test(entry));
  return line === undefined ? undefined : quoteDockerd(line);
}

/** dockerd's stderr as its own fd 2 names it (/proc/PID/fd/2): the log file it was started with, read without opening a path by name. */
function stderrLog(control: EngineControl): EngineLog {
  const fd2 = (pid: number): string => `/proc/${pid}/fd/2`;
  return {
    async mark() {
      const pid = await control.daemonPid().catch(() => undefined);
      if (pid === undefined) return undefined;
      const info = await stat(fd2(pid)).catch(() => undefined);
      return info?.isFile() ? { kind: 'file', pid, size: info.size } : undefined;
    },
    async refusalSince(mark) {
      if (mark.kind !== 'file') return undefined;
      const handle = await open(fd2(mark.pid), 'r').catch(() => undefined);
      if (handle === undefined) return undefined;
      try {
        const buffer = Buffer.alloc(MAX_READ);
        const { bytesRead } = await handle.read(buffer, 0, MAX_READ, mark.size);
        return firstRefusal(buffer.subarray(0, bytesRead).toString('utf8'));
      } finally {
        await handle.close();
      }
    },
  };
}

function journalLog(exec: Exec): EngineLog {
  return {
    mark: async () => ({ kind: 'journal', sinceSeconds: Math.floor(Date.now() / 1000) - 1 }),
    async refusalSince(mark) {
      if (mark.kind !== 'journal') return undefined;
      for (const journalctl of JOURNALCTL) {
        const result = await exec(journalctl, ['-u', 'docker.service', '--since', `@${mark.sinceSeconds}`, '-o', 'cat', '--no-pager', '-q'], { timeoutMs: 10_000 });
        if (result.code === 127) continue;
        return result.code === 0 ? firstRefusal(result.stdout) : undefined;
      }
      return undefined;
    },
  };
}
