import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Mount points at or below `dir`, deepest first, as listed in /proc/mounts (a stacked mount appears once per layer). */
export function mountsUnder(dir: string): string[] {
  const points = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((line) => line.split(' ')[1])
    .filter((field): field is string => field !== undefined)
    // /proc/mounts escapes space, tab, newline and backslash as octal (\040 ...).
    .map((field) => field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8))))
    .filter((point) => point === dir || point.startsWith(`${dir}/`));
  return points.sort((a, b) => b.split('/').length - a.split('/').length);
}

/**
 * Unmounts everything at or below `dir`, deepest first (a stacked mount is listed, and
 * unmounted, once per layer), falling back to a lazy unmount for a busy mount point.
 * `-n` skips libmount's utab, whose update would create /run/mount on the machine.
 * Synchronous so that the exit hooks can use it too.
 */
export function unmountAllUnder(dir: string): void {
  for (const point of mountsUnder(dir)) {
    if (spawnSync('umount', ['-n', point], { stdio: 'ignore' }).status !== 0) {
      spawnSync('umount', ['-n', '-l', point], { stdio: 'ignore' });
    }
  }
  const left = mountsUnder(dir);
  if (left.length > 0) throw new Error(`still mounted under ${dir}: ${left.join(', ')}`);
}
