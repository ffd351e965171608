import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import { createCa, issueCert } from '../harness/certs';
import { createCleanups } from '../harness/cleanup';
import { addHosts } from '../harness/hosts';
import { makeTempDir, uniqueSuffix } from '../harness/tmp';

/**
 * Where a platform team publishes its profiles, played by Node's https server on 127.0.0.1 under
 * `profiles-<suffix>.dockside.test`, its certificate from a CA of its own. The app fetches a
 * profile trusting only the system's roots, and those honour SSL_CERT_FILE: start() points it at
 * the system bundle plus this CA for the test's lifetime, and stop() puts it back.
 */
export interface ProfileServer {
  /** The https URL of the profile served at `path` (e.g. `/repository/profiles/team.json`). */
  url(path: string): string;
  stop(): Promise<void>;
}

const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

export async function startProfileServer(profiles: Readonly<Record<string, unknown>>): Promise<ProfileServer> {
  const cleanups = createCleanups();
  try {
    const suffix = uniqueSuffix();
    const name = `profiles-${suffix}.dockside.test`;
    const dir = makeTempDir('ui-profiles');
    cleanups.add(() => dir.remove());
    const hosts = addHosts([name], '127.0.0.1');
    cleanups.add(() => hosts.remove());

    const ca = await createCa(dir.path, { commonName: `Dockside Profile Server CA ${suffix}` });
    const cert = await issueCert(ca, dir.path, { commonName: name, dnsNames: [name] });
    const bundle = dir.join('roots.pem');
    writeFileSync(bundle, `${existsSync(SYSTEM_BUNDLE) ? readFileSync(SYSTEM_BUNDLE, 'utf8') : ''}\n${ca.pem}\n`);
    const saved = process.env.SSL_CERT_FILE;
    process.env.SSL_CERT_FILE = bundle;
    cleanups.add(() => {
      if (saved === undefined) delete process.env.SSL_CERT_FILE;
      else process.env.SSL_CERT_FILE = saved;
    });

    const server = createServer({ cert: readFileSync(cert.chainPath), key: readFileSync(cert.keyPath) }, (request, response) => {
      const profile = profiles[new URL(request.url ?? '/', 'https://x').pathname];
      if (profile === undefined) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(profile, null, 2));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.add(() => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the profile server has no port');
    return { url: (path) => `https://${name}:${address.port}${path}`, stop: () => cleanups.run() };
  } catch (error) {
    await cleanups.run().catch(() => undefined);
    throw error;
  }
}
