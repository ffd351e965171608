import type { X509Certificate } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrustListJson } from '../../../shared/trust';
import { toErrorValue } from '../errors';
import { describeCertificate, parseCertificates } from './certificate-info';

export const CA_FILE = 'ca.crt';

/**
 * The CAs Docker adds for one registry: every `*.crt` in its certs.d directory (FACTS §3).
 * Like Docker, a file that holds no readable certificate adds nothing.
 */
export async function readRegistryCas(registryDir: string): Promise<X509Certificate[]> {
  const names = await readdir(registryDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
    throw error;
  });
  const cas: X509Certificate[] = [];
  for (const name of names.filter((file) => file.endsWith('.crt')).sort()) {
    const path = join(registryDir, name);
    try {
      cas.push(...parseCertificates(await readFile(path), path));
    } catch {
      // Docker skips such a file too (AppendCertsFromPEM); `trust list` reports it.
    }
  }
  return cas;
}

/** Every registry directory under certs.d that holds a ca.crt, with what that file holds. */
export async function listTrustedRegistries(certsDir: string): Promise<TrustListJson['registries']> {
  const entries = await readdir(certsDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const registries: TrustListJson['registries'] = [];
  for (const entry of entries.filter((dirent) => dirent.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(certsDir, entry.name, CA_FILE);
    const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (bytes === null) continue;
    try {
      registries.push({ registry: entry.name, path, certificates: parseCertificates(bytes, path).map(describeCertificate), error: null });
    } catch (error) {
      registries.push({ registry: entry.name, path, certificates: [], error: toErrorValue(error) });
    }
  }
  return registries;
}

/** `trust list` as a document: the certs dir and every registry it trusts. */
export async function trustList(certsDir: string): Promise<TrustListJson> {
  return { certsDir, registries: await listTrustedRegistries(certsDir) };
}
