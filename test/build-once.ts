import { execFileSync } from 'node:child_process';

// Suites that drive what ships (the built renderer, CLI, privileged entry and the credential
// helper's launcher) build it from the current source first, unless scripts/test.sh has just done so.
export default function setup(): void {
  if (process.env.DOCKSIDE_BUILT === '1') return;
  execFileSync('npm', ['run', '-s', 'build'], { stdio: 'ignore' });
}
