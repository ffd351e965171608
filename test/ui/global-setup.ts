import { execFileSync } from 'node:child_process';

// UI tests drive the built renderer: build it from the current source first.
export default function setup(): void {
  execFileSync('npx', ['electron-vite', 'build'], { stdio: 'ignore' });
}
