import type { X509Certificate } from 'node:crypto';
import { DocksideError } from '../errors';
import { parseCertificates } from './certificate-info';
import { fetchCaFromUrl } from './fetch-ca-url';

/** A CA given besides the chain: a file's certificates (`--ca-file`), or the one fetched from a URL; `path` names it in messages. */
export interface CaFile {
  path: string;
  certificates: X509Certificate[];
  /** Not a file the user named: a mismatch names the URL or label instead of --ca-file. */
  from?: { url: string } | { label: string };
}

/** Where the CA comes from when the registry does not send it: a URL (the pin picks the certificate) or PEM text labelled for messages. */
export interface GivenCaSource {
  caUrl?: string;
  caPem?: { text: string; label: string };
}

/**
 * The CA a URL or PEM text gives, as a CA file: from a URL only with the pin (the server
 * publishing it is not trusted yet), and then the one pinned certificate; undefined when neither is given.
 */
export async function givenCaFile(source: GivenCaSource, pin: string | undefined, now: Date): Promise<CaFile | undefined> {
  if (source.caUrl !== undefined) {
    if (pin === undefined) throw new DocksideError('ca-url-needs-fingerprint', 'tls.error.ca-url.needs-pin', { url: source.caUrl });
    return { path: source.caUrl, certificates: [await fetchCaFromUrl(source.caUrl, pin, { now })], from: { url: source.caUrl } };
  }
  if (source.caPem !== undefined) {
    const { text, label } = source.caPem;
    return { path: label, certificates: parseCertificates(Buffer.from(text, 'utf8'), label), from: { label } };
  }
  return undefined;
}
