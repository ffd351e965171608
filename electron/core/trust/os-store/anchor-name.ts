import { createHash, X509Certificate } from 'node:crypto';

/** Dockside's anchor files: named after the CA (never a host, as mkcert does), so two registries of one CA share one file. */
export const ANCHOR_FILE_NAME = /^dockside-[0-9a-f]{16}\.crt$/;

export function anchorFileName(sha256: string): string {
  return `dockside-${sha256.slice(0, 16)}.crt`;
}

/** The first certificate's DER digests, lowercase hex: SHA-256 names the file, SHA-1 is how macOS and Windows name it. */
export function caDigests(pem: string): { sha256: string; sha1: string } {
  const der = new X509Certificate(pem).raw;
  return { sha256: createHash('sha256').update(der).digest('hex'), sha1: createHash('sha1').update(der).digest('hex') };
}
