import { chmodSync, copyFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Dockerd } from './dockerd';
import './exit';
import { runOk } from './run';
import { makeTempDir } from './tmp';

/**
 * The one image the tests use, built without the internet: a rootfs holding the static
 * busybox from busybox-static and a few applet links, imported into a test daemon.
 */
const APPLETS = ['sh', 'ls', 'echo', 'cat', 'true'];

let rootfsTar: Promise<string> | undefined;

/** The rootfs tar, built once per process and deleted when the process exits. */
export function seedRootfsTar(): Promise<string> {
  rootfsTar ??= (async () => {
    const tmp = makeTempDir('seed');
    process.once('exit', () => tmp.remove());
    const bin = tmp.join('rootfs', 'bin');
    mkdirSync(bin, { recursive: true });
    copyFileSync('/bin/busybox', join(bin, 'busybox'));
    chmodSync(join(bin, 'busybox'), 0o755);
    for (const applet of APPLETS) symlinkSync('busybox', join(bin, applet));
    const tar = tmp.join('rootfs.tar');
    await runOk('tar', ['--numeric-owner', '--owner=0', '--group=0', '-C', tmp.join('rootfs'), '-cf', tar, '.']);
    return tar;
  })();
  return rootfsTar;
}

/**
 * Imports the seed image into `dockerd` as `ref` and, when `ref` names a registry
 * (`host:port/team/busybox:1`), pushes it there: trust and login for that registry are the
 * caller's. A bare `library/busybox:latest` stays local, the stand-in for Docker Hub's.
 * Returns the image ID.
 */
export async function seedImage(dockerd: Dockerd, ref: string): Promise<string> {
  const imported = await dockerd.docker(['import', '--change', 'CMD ["/bin/sh"]', await seedRootfsTar(), ref]);
  if (imported.code !== 0) throw new Error(`docker import ${ref} exited ${imported.code}: ${imported.stderr}`);
  if (namesRegistry(ref)) {
    const pushed = await dockerd.docker(['push', ref]);
    if (pushed.code !== 0) throw new Error(`docker push ${ref} exited ${pushed.code}:\n${pushed.stdout}\n${pushed.stderr}`);
  }
  return imported.stdout.trim();
}

/** Docker's rule: the first component is a registry when it has a dot or a port, or is localhost. */
function namesRegistry(ref: string): boolean {
  const slash = ref.indexOf('/');
  if (slash < 0) return false;
  const first = ref.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost';
}
