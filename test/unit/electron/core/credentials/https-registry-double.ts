import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { type CertificateAuthority, createCa, issueCert } from '../../../../harness/certs';
import { makeTempDir } from '../../../../harness/tmp';

/** A local HTTPS stand-in for a registry on 127.0.0.1, with a CA of its own; every request goes to `onRequest`. */
export interface HttpsRegistryDouble {
  /** 127.0.0.1:<port> */
  hostPort: string;
  ca: CertificateAuthority;
  close(): Promise<void>;
}

export async function startHttpsRegistryDouble(caName: string, onRequest: (req: IncomingMessage, res: ServerResponse) => void): Promise<HttpsRegistryDouble> {
  const root = makeTempDir('https-registry-double');
  const ca = await createCa(root.path, { commonName: caName });
  const leaf = await issueCert(ca, root.path, { commonName: '127.0.0.1', ipAddresses: ['127.0.0.1'] });
  const server = createServer({ cert: readFileSync(leaf.chainPath), key: readFileSync(leaf.keyPath) });
  server.on('request', onRequest);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    hostPort: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    ca,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      root.remove();
    },
  };
}
