import { readMachineState } from '../test/harness/machine-state';

process.stdout.write(`${JSON.stringify(readMachineState(), null, 2)}\n`);
