import { readMachineState } from './machine-state';

process.stdout.write(`${JSON.stringify(readMachineState(), null, 2)}\n`);
