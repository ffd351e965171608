import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type CertificateAuthority, createCa, issueCert } from '../harness/certs';
import { createCleanups } from '../harness/cleanup';
import { addHosts } from '../harness/hosts';
import { startNginxSplit } from '../harness/nginx';
import { freePort } from '../harness/ports';
import { startRegistry } from '../harness/registry';
import { makeTempDir, uniqueSuffix } from '../harness/tmp';

/**
 * A Nexus-style front that sends only its leaf certificate (seed 004's nginx): nginx on ::1 under
 * `caurl-<suffix>.dockside.test`, its certificate issued by a test CA it does not send, publishing
 * that CA at `/download/ca.crt` as Nexus admins do, before a real plain-HTTP docker-registry
 * with htpasswd (pulls and pushes both go to it).
 */
export interface LeafFront {
  /** `caurl-<suffix>.dockside.test:<port>`, what the user types on Connect. */
  readonly registry: string;
  /** `https://<registry>/download/ca.crt` */
  readonly caUrl: string;
  readonly ca: CertificateAuthority;
  /** The leaf's own fingerprint: a pin of the wrong certificate, as a user might copy it from a browser. */
  readonly leafFingerprint: string;
  readonly username: string;
  readonly password: string;
  cleanup(): Promise<void>;
}

export async function startLeafFront(): Promise<LeafFront> {
  const suffix = uniqueSuffix();
  const name = `caurl-${suffix}.dockside.test`;
  const cleanups = createCleanups();
  try {
    const dir = makeTempDir('ui-leaf-front');
    cleanups.add(() => dir.remove());
    const hosts = addHosts([name]);
    cleanups.add(() => hosts.remove());
    const ca = await createCa(dir.path, { commonName: `Dockside Leaf Front CA ${suffix}` });
    const leaf = await issueCert(ca, dir.path, { commonName: name, dnsNames: [name] });
    const username = 'dev';
    const password = `Canary-${suffix}-front-pw!`;
    const upstream = cleanups.track(await startRegistry({ listen: { host: '127.0.0.1' }, htpasswd: { users: { [username]: password } } }));
    const port = await freePort('::1');
    cleanups.track(
      await startNginxSplit({
        listen: { host: '::1', port },
        // The leaf only (not chainPath): the front does not send its CA.
        tls: { certPath: leaf.certPath, keyPath: leaf.keyPath },
        pullUpstream: upstream.hostPort,
        pushUpstream: upstream.hostPort,
        files: { '/download/ca.crt': ca.certPath },
      }),
    );
    const registry = `${name}:${port}`;
    return {
      registry,
      caUrl: `https://${registry}/download/ca.crt`,
      ca,
      leafFingerprint: new X509Certificate(readFileSync(leaf.certPath)).fingerprint256,
      username,
      password,
      cleanup: () => cleanups.run(),
    };
  } catch (error) {
    await cleanups.run().catch(() => undefined);
    throw error;
  }
}
