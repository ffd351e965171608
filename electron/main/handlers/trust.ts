import type { X509Certificate } from 'node:crypto';
import { DocksideError } from '../../core/errors';
import { trustList } from '../../core/trust/certs-d';
import { parseCertificates } from '../../core/trust/certificate-info';
import { fetchCaFromUrl } from '../../core/trust/fetch-ca-url';
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
async function givenCa(fingerprint: string | undefined, source: { caUrl?: string; caPem?: { text: string; label: string } }): Promise<X509Certificate[] | undefined> {
  if (source.caUrl !== undefined) {
    if (fingerprint === undefined) throw new DocksideError('ca-url-needs-fingerprint', 'tls.error.ca-url.needs-pin', { url: source.caUrl });
    return [await fetchCaFromUrl(source.caUrl, parseFingerprint(fingerprint))];
  }
  if (source.caPem !== undefined) return parseCertificates(Buffer.from(source.caPem.text, 'utf8'), source.caPem.label);
  return undefined;
}
