import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Exec } from '../../../../../../electron/core/platform/exec';

const FIXTURES = join(import.meta.dirname, '..', '..', '..', '..', '..', 'fixtures', 'nss');

interface Answer { case: string; args: string[]; stdin?: 'ca' | 'other'; code: number; stdout: string; stderr: string }
const recorded = JSON.parse(readFileSync(join(FIXTURES, 'certutil-answers.json'), 'utf8')) as { nickname: string; answers: Answer[] };

export const caPem = readFileSync(join(FIXTURES, 'ca.pem'), 'utf8');
export const otherPem = readFileSync(join(FIXTURES, 'other-ca.pem'), 'utf8');
export const ca = new X509Certificate(caPem);
/** The nickname the recording used: nssNickname of the recorded CA then. */
export const recordedNickname = recorded.nickname;

export const CERTUTIL = '/usr/bin/certutil';

/**
 * Replays real certutil answers (test/fixtures/nss/record.ts) database by database: `script`
 * names, per database directory, the recorded cases certutil is expected to be asked, in order.
 * Each call must be that case's exact command line (and stdin), or the test fails.
 */
export function replayCertutil(script: Record<string, string[]>): { exec: Exec; calls: string[]; remaining: () => Record<string, string[]> } {
  const queues = Object.fromEntries(Object.entries(script).map(([dir, cases]) => [dir, [...cases]]));
  const calls: string[] = [];
  const exec: Exec = async (command, args, options) => {
    expect(command).toBe(CERTUTIL);
    const spec = args[args.indexOf('-d') + 1] ?? '';
    const dir = spec.replace(/^(sql|dbm):/, '');
    calls.push(`${args[0]} ${dir}`);
    const name = queues[dir]?.shift();
    if (name === undefined) throw new Error(`unexpected certutil ${args.join(' ')}`);
    const answer = recorded.answers.find((entry) => entry.case === name);
    if (answer === undefined) throw new Error(`no recorded case ${name}`);
    expect(args).toEqual(answer.args.map((arg) => (arg === '<db>' ? spec : arg)));
    const sent = options?.input === undefined ? undefined : new X509Certificate(options.input).fingerprint256;
    expect(sent).toBe(answer.stdin === 'ca' ? ca.fingerprint256 : answer.stdin === 'other' ? new X509Certificate(otherPem).fingerprint256 : undefined);
    const put = (text: string): string => text.split('<dir>').join(dir);
    return { code: answer.code, stdout: put(answer.stdout), stderr: put(answer.stderr), timedOut: false };
  };
  return { exec, calls, remaining: () => Object.fromEntries(Object.entries(queues).filter(([, cases]) => cases.length > 0)) };
}
