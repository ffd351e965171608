import { type CertificateAuthority, issueCert } from './certs';
import { installCa } from './certs-d';
import type { Cleanups } from './cleanup';
import { freePort } from './ports';
import { startRegistry } from './registry';

/**
 * An htpasswd TLS registry on a ::1 name (the name resolves through the test's hosts entries),
 * its certificate issued by `ca` and that CA installed in certs.d; everything is undone by `cleanups`.
 * Returns the registry's host:port.
 */
export async function startBasicRegistry(
  setup: { ca: CertificateAuthority; dir: string; cleanups: Cleanups },
  name: string,
  users: Record<string, string>,
): Promise<string> {
  const port = await freePort('::1');
  const cert = await issueCert(setup.ca, setup.dir, { commonName: name, dnsNames: [name] });
  setup.cleanups.track(await startRegistry({ listen: { host: '::1', port }, tls: { certPath: cert.chainPath, keyPath: cert.keyPath }, htpasswd: { users } }));
  const hostPort = `${name}:${port}`;
  const installed = installCa(hostPort, setup.ca.pem);
  setup.cleanups.add(() => installed.remove());
  return hostPort;
}
