import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Exec, ExecOptions, ExecResult } from '../../../../../../../../electron/core/platform/exec';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', '..', '..', '..', 'fixtures', 'docker-desktop');

export interface Answer { case: string; code: number; stdout: string; stderr: string; args?: string[] }

function load(file: string): Answer[] {
  return (JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { answers: Answer[] }).answers;
}

/** Answers of the real docker CLI 28.2.2 without Docker Desktop (recorded here). */
export const recordedCli = load('recorded-answers.json');
/** Answers of a real dockerd to the engine TLS check's pull (recorded here, record-engine-tls.ts). */
export const recordedEngine = load('engine-tls-recorded.json');
/** Answers as Docker's, Apple's and Microsoft's documentation give them (not recorded here: no Docker Desktop, macOS or Windows). */
export const documented = load('documented-answers.json');

export function answer(from: Answer[], name: string, fill: Record<string, string> = {}): ExecResult {
  const found = from.find((entry) => entry.case === name);
  if (found === undefined) throw new Error(`no answer ${name}`);
  const put = (text: string): string => Object.entries(fill).reduce((acc, [key, value]) => acc.split(key).join(value), text);
  return { code: found.code, stdout: put(found.stdout), stderr: put(found.stderr), timedOut: false };
}

/** An exec that answers each command line in turn with `script`'s next answer, recording the lines (and what a file argument held). */
export function scripted(script: Array<(command: string, args: readonly string[], options?: ExecOptions) => ExecResult>): { exec: Exec; lines: string[]; left: () => number } {
  const queue = [...script];
  const lines: string[] = [];
  const exec: Exec = async (command, args, options) => {
    lines.push([command, ...args].join(' '));
    const next = queue.shift();
    if (next === undefined) throw new Error(`unexpected ${[command, ...args].join(' ')}`);
    return next(command, args, options);
  };
  return { exec, lines, left: () => queue.length };
}
