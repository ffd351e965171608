import type { EngineSpec } from '../../../../../shared/engine';
import { DocksideError } from '../../../errors';
import type { EngineControl, EngineDeps } from './engine-control';
import { pidfileControl } from './pidfile-control';
import { serviceControl } from './service-control';
import { waitForEngine } from './wait-for-engine';

export function createEngineControl(spec: EngineSpec, deps: EngineDeps): EngineControl {
  if (spec.kind === 'pidfile') return pidfileControl(spec, deps);
  if (spec.kind === 'none') return noEngine(spec, deps);
  return serviceControl(spec, deps);
}

function noEngine(spec: EngineSpec, deps: EngineDeps): EngineControl {
  const refuse = async (): Promise<never> => {
    throw new DocksideError('no-engine', 'engine.error.no-engine');
  };
  return {
    spec,
    daemonPid: async () => undefined,
    reload: refuse,
    restart: refuse,
    waitUntilReady: (timeoutMs) => waitForEngine({ exec: deps.exec, dockerHost: spec.dockerHost, socketApi: deps.socketApi }, timeoutMs, { sleep: deps.sleep }),
  };
}
