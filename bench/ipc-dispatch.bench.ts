import { performance } from 'node:perf_hooks';
import { dispatch } from '../electron/main/handlers/dispatch';
import { createHandlers } from '../electron/main/handlers/index';
import { createPendingLink } from '../electron/main/pending-link';

// What the IPC layer (schema validation, result wrapping) costs on top of the handler itself,
// as a ratio of the two measured in the same run, interleaved to share the machine's noise.
const ROUNDS = 20;
const CALLS = 5_000;

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < CALLS; i += 1) await fn();
  return performance.now() - start;
}

export async function run(): Promise<void> {
  // Only app:info is called: no machine is resolved and no catalog read.
  const handlers = createHandlers({
    app: { name: 'Dockside', version: '0.0.0', platform: 'linux', arch: 'x64' },
    machine: () => Promise.reject(new Error('the bench resolves no machine')),
    catalogPath: '',
    emit: () => undefined,
    change: {
      privileged: { runtime: '', script: '' },
      elevatorFor: () => {
        throw new Error('the bench applies no change');
      },
      newId: () => 'bench',
      confirm: () => Promise.reject(new Error('the bench applies no change')),
      systemLanguages: () => ['en-US'],
    },
    profileLink: createPendingLink(),
    userCommands: () => {
      throw new Error('the bench reads no PATH');
    },
  });
  const direct = () => handlers['app:info']({});
  const viaDispatch = () => dispatch(handlers, 'app:info', {});
  await time(direct);
  await time(viaDispatch);
  const ratios: number[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const d = await time(direct);
    const v = await time(viaDispatch);
    ratios.push(v / d);
  }
  ratios.sort((a, b) => a - b);
  const median = ratios[Math.floor(ratios.length / 2)] ?? Number.NaN;
  console.log(`ipc dispatch / direct handler call: median ratio ${median.toFixed(2)} over ${ROUNDS} rounds of ${CALLS} calls`);
}
