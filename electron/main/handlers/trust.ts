import type { X509Certificate } from 'node:crypto';
import { trustList } from '../../core/trust/certs-d';
import { givenCaFile, type GivenCaSource } from '../../core/trust/given-ca';
import { parseFingerprint } from '../../core/trust/fingerprint';
import { inspectTrust, registryPaths } from '../../core/trust/inspect-registry';
import { caSourceOf } from './ca-source';
import type { HandlerDeps, Handlers } from './types';

/** `trust:inspect` and `trust:list`: what `dockside trust inspect|list --json` print. */
export function trustHandlers(deps: HandlerDeps): Pick<Handlers, 'trust:inspect' | 'trust:list'> {
  return {
    'trust:inspect': async ({ registry, fingerprint, ...source }) => {
      const { certsDir } = await deps.machine();
      const paths = registryPaths(certsDir, registry);
      const caFile = await givenCa(fingerprint, caSourceOf(source, paths.name.dirName));
      return inspectTrust(paths, { certsDir, ...(caFile ? { caFile } : {}) });
    },
    'trust:list': async () => trustList((await deps.machine()).certsDir),
  };
}

/**
 * The CA the user gave on Trust, judged as `--ca-file` would be: from a URL only with the pin
 * (the server publishing it is not trusted yet, the pin picks the certificate), or a file's text.
 */
async function givenCa(fingerprint: string | undefined, source: GivenCaSource): Promise<X509Certificate[] | undefined> {
  const pin = source.caUrl === undefined || fingerprint === undefined ? undefined : parseFingerprint(fingerprint);
  return (await givenCaFile(source, pin, new Date()))?.certificates;
}
