import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]*?)-----END CERTIFICATE-----/g;
/** Larger than any system bundle (Debian's is about 220 KiB). */
const BUNDLE_MAX_BYTES = 16 * 1024 * 1024;

/** The SHA-256 (lowercase hex) of every certificate in a PEM bundle. */
export function bundleFingerprints(text: string): Set<string> {
  const found = new Set<string>();
  for (const match of text.matchAll(CERTIFICATE_BLOCK)) {
    const der = Buffer.from((match[1] ?? '').replace(/\s+/g, ''), 'base64');
    found.add(createHash('sha256').update(der).digest('hex'));
  }
  return found;
}

/** The platform bundle as every program reads it; empty when it is missing. */
export async function readBundle(path: string): Promise<string> {
  try {
    const bytes = await readFile(path);
    return bytes.length > BUNDLE_MAX_BYTES ? '' : bytes.toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}
