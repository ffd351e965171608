import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { readX509Fields } from './x509-fields';

/** Where Go's crypto/x509 looks on Linux, first found wins (root_linux.go); SSL_CERT_FILE overrides. */
const LINUX_BUNDLES = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
  '/etc/ssl/ca-bundle.pem',
  '/etc/pki/tls/cacert.pem',
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem',
  '/etc/ssl/cert.pem',
];

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * The CAs Docker trusts without certs.d. On Linux, the bundle dockerd's Go reads; elsewhere
 * Docker asks the OS, which Node's own Mozilla list approximates.
 */
export async function systemRoots(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): Promise<X509Certificate[]> {
  if (platform !== 'linux') return parseBundle(rootCertificates.join('\n'));
  for (const file of env.SSL_CERT_FILE ? [env.SSL_CERT_FILE] : LINUX_BUNDLES) {
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text !== null) return parseBundle(text);
  }
  return [];
}

/**
 * Like Go's AppendCertsFromPEM, a block that does not parse is skipped: one bad entry must not
 * hide the rest (nor make every judgement throw on it later).
 */
function parseBundle(text: string): X509Certificate[] {
  return (text.match(PEM_BLOCK) ?? []).flatMap((block) => {
    try {
      const cert = new X509Certificate(block);
      readX509Fields(cert.raw);
      return [cert];
    } catch {
      return [];
    }
  });
}
