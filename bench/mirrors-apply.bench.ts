import { chmodSync, mkdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createCleanups } from '../test/harness/cleanup';
import { type Dockerd, startDockerd } from '../test/harness/dockerd';
import { writeEngineOverride } from '../test/harness/engine-override-file';
import { addHosts } from '../test/harness/hosts';
import { startRegistry } from '../test/harness/registry';
import { installAsRoot } from '../test/harness/root-install';
import { seedImage } from '../test/harness/seed-image';
import { allowSudo, createUser } from '../test/harness/sudo-user';
import { makeTempDir, uniqueSuffix } from '../test/harness/tmp';
import { median } from './median';

// `dockside mirrors use` from start to verified-active (the CLI exits once `docker info` shows
// the mirror), via reload and via --restart, on the same isolated dockerd, interleaved so both
// share the machine's noise; and whether a container started before each switch survived it.
// Through the path a user takes: an unprivileged user runs the root-owned install's `dockside`,
// which elevates with real `sudo -n` (a sudoers entry for exactly the elevated entry), and the
// elevated process finds the engine in the root-owned /etc/dockside/engine.json.
// Needs root and the Debian packages of scripts/test.sh; builds nothing (run `npm run build`).
const ROUNDS = 5;

interface Sample {
  ms: number;
  survived: boolean;
}

export async function run(): Promise<void> {
  const cleanups = createCleanups();
  try {
    const suffix = uniqueSuffix();
    const names = [`bench-a-${suffix}.dockside.test`, `bench-b-${suffix}.dockside.test`];
    const hosts = addHosts(names, '127.0.0.1');
    cleanups.add(() => hosts.remove());
    const registries = [cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } })), cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' } }))];
    const mirrors = registries.map((registry, i) => `http://${names[i]}:${registry.hostPort.split(':')[1]}`);
    const install = installAsRoot();
    cleanups.add(() => install.remove());
    const user = await createUser({ pathDirs: [install.binDir] });
    cleanups.add(() => user.remove());
    const sudoers = allowSudo(user, [{ command: '/usr/bin/node', args: [install.privileged, '*'] }]);
    cleanups.add(() => sudoers.remove());
    // The user's preview reads daemon.json and asks the engine its version, as on a real machine.
    const dockerd = cleanups.track(await startDockerd({ extraArgs: ['--group', user.name] }));
    chmodSync(dockerd.dir, 0o755);
    chmodSync(dockerd.configFile, 0o644);
    await seedImage(dockerd, 'dockside-seed:1');
    const state = makeTempDir('bench-state');
    cleanups.add(() => state.remove());
    chmodSync(state.path, 0o755);
    mkdirSync(state.join('root'), { mode: 0o755 });
    const override = writeEngineOverride({ engine: `pidfile:${dockerd.pidfile}`, daemonJson: dockerd.configFile, certsDir: state.join('certs.d'), dockerHost: dockerd.dockerHost, stateDir: state.join('root') });
    cleanups.add(() => override.remove());

    const samples: Record<'reload' | 'restart', Sample[]> = { reload: [], restart: [] };
    let turn = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const mode of ['reload', 'restart'] as const) {
        const container = await startContainer(dockerd);
        const mirror = mirrors[turn++ % 2] ?? '';
        const start = performance.now();
        const result = await user.run('dockside', ['mirrors', 'use', mirror, '--yes', `--${mode}`], { timeoutMs: 180_000 });
        const ms = performance.now() - start;
        if (result.code !== 0) throw new Error(`mirrors use --${mode} exited ${result.code}: ${result.stderr}`);
        samples[mode].push({ ms, survived: await stillRunning(dockerd, container) });
        await dockerd.docker(['rm', '-f', container.id]);
      }
    }
    const reload = median(samples.reload.map((s) => s.ms));
    const restart = median(samples.restart.map((s) => s.ms));
    const survived = (mode: 'reload' | 'restart'): string => `${samples[mode].filter((s) => s.survived).length}/${ROUNDS}`;
    const p1 = reload / restart;
    console.log(`mirrors use -> verified active, as a user through sudo, median of ${ROUNDS}: reload ${reload.toFixed(0)} ms, restart ${restart.toFixed(0)} ms`);
    console.log(`P1 reload/restart ratio ${p1.toFixed(2)} (goal <= 0.2): ${p1 <= 0.2 ? 'ok' : 'OVER'}`);
    console.log(`a container started before the switch survived it: reload ${survived('reload')}, restart ${survived('restart')}`);
  } finally {
    await cleanups.run();
  }
}

/** `cat` with stdin held open runs until stopped; a 1 s stop timeout keeps restarts from waiting 10 s on it. */
async function startContainer(dockerd: Dockerd): Promise<{ id: string; startedAt: string }> {
  const started = await dockerd.docker(['run', '-d', '-i', '--stop-timeout', '1', '--network', 'none', 'dockside-seed:1', 'cat']);
  if (started.code !== 0) throw new Error(`docker run: ${started.stderr}`);
  const id = started.stdout.trim();
  const startedAt = (await dockerd.docker(['inspect', '-f', '{{.State.StartedAt}}', id])).stdout.trim();
  return { id, startedAt };
}

async function stillRunning(dockerd: Dockerd, container: { id: string; startedAt: string }): Promise<boolean> {
  const state = await dockerd.docker(['inspect', '-f', '{{.State.Running}} {{.State.StartedAt}}', container.id]);
  return state.stdout.trim() === `true ${container.startedAt}`;
}
