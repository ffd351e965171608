import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appPromptElevator } from '../../../../../electron/core/plan/choose-elevator';
import { directElevator, pkexecElevator } from '../../../../../electron/core/plan/elevator';

// pkexec played by a script: it runs what it is given (as pkexec does once polkit agreed), so the
// test sees the argv pkexec would get and when each line of the elevated process arrives.
const dir = mkdtempSync(join(tmpdir(), 'dockside-pkexec-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function standIn(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return path;
}

describe('pkexecElevator', () => {
  it('streams each line while the elevated process still runs, through env(1) with ELECTRON_RUN_AS_NODE=1, and returns its exit', async () => {
    const pkexec = standIn('pkexec-runs', 'exec "$@"');
    const script = standIn('elevated', 'echo "$ELECTRON_RUN_AS_NODE:$1"; sleep 0.4; echo second; exit 3');
    const seen: { line: string; at: number }[] = [];
    const exit = await pkexecElevator(pkexec, 'electron').run([script, 'PLAN'], (line) => seen.push({ line, at: Date.now() }));
    const ended = Date.now();
    expect(exit.code).toBe(3);
    expect(seen.map((entry) => entry.line)).toEqual(['1:PLAN', 'second']);
    // The first line came well before the end (sudo-prompt would hand both over together at the end).
    expect(ended - (seen[0]?.at ?? ended)).toBeGreaterThanOrEqual(300);
  });

  it('runs a Node runtime without env(1): nothing needs ELECTRON_RUN_AS_NODE', async () => {
    const pkexec = standIn('pkexec-argv', 'printf "%s\\n" "$@"');
    const lines: string[] = [];
    await pkexecElevator(pkexec, 'node').run(['/usr/bin/node', 'privileged.js', 'PLAN'], (line) => lines.push(line));
    expect(lines).toEqual(['/usr/bin/node', 'privileged.js', 'PLAN']);
  });

  it('a dismissed polkit dialog (exit 126) is elevation-cancelled; not authorized (127) is elevation-failed with pkexec’s words', async () => {
    await expect(pkexecElevator(standIn('pkexec-dismissed', 'exit 126')).run(['/bin/true'], () => undefined)).rejects.toMatchObject({ code: 'elevation-cancelled' });
    await expect(pkexecElevator(standIn('pkexec-refused', 'echo "Not authorized" >&2; exit 127')).run(['/bin/true'], () => undefined)).rejects.toMatchObject({
      code: 'elevation-failed',
      params: { detail: 'Not authorized' },
    });
  });
});

describe('appPromptElevator', () => {
  it('is pkexec on Linux when pkexec is there, and the fallback elsewhere or without it', () => {
    const pkexec = standIn('pkexec-present', 'exec "$@"');
    expect(appPromptElevator(directElevator, 'linux', pkexec).name).toBe('pkexec');
    expect(appPromptElevator(directElevator, 'linux', join(dir, 'absent')).name).toBe('direct');
    expect(appPromptElevator(directElevator, 'darwin', pkexec).name).toBe('direct');
  });
});
