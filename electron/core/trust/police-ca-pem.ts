import { X509Certificate } from 'node:crypto';
import { CA_PEM_MAX_BYTES } from '../../../shared/privileged';
import { DocksideError } from '../errors';
import { isSelfSigned } from './certificate-info';
import { readX509Fields } from './x509-fields';

/**
 * What the elevated process accepts as a registry's ca.crt (DESIGN §2): PEM certificates and
 * nothing else, each a CA or self-signed, at most 64 KiB. The caller's text is written as is
 * when it passes, so the preview and the file root writes are the same bytes; a private key
 * pasted along, or any other text, is refused rather than silently dropped.
 *
 * Messages name the block's position and type, never its content: the request is the
 * caller's, but what root reports goes into logs and terminals.
 */

export interface PolicedCaPem {
  /** The text as given, byte for byte. */
  pem: string;
  certificates: X509Certificate[];
}

const CODE = 'invalid-ca';
const BEGIN = '-----BEGIN ';
const DASHES = '-----';
/** RFC 7468 labels are short printable words; anything else is not a PEM line, and is not repeated in a message. */
const LABEL = /^[A-Z0-9][A-Z0-9 ]{0,39}$/;
const BLANK = /^[ \t\r\n]*$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const GIVE_ONLY_CERTIFICATES = 'Give only the CA certificate, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE----- (several such blocks for a bundle)';

/** Refuses with 'invalid-ca' unless `text` is only PEM CERTIFICATE blocks, each a CA or self-signed; `label` names it (the registry). */
export function policeCaPem(text: string, label: string): PolicedCaPem {
  const refuse = (problem: string, fix = `${GIVE_ONLY_CERTIFICATES}.`): DocksideError =>
    new DocksideError(CODE, `The CA certificate for ${label} was refused: ${problem}. ${fix}`);

  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > CA_PEM_MAX_BYTES) {
    throw refuse(`it is ${bytes} bytes, and a CA bundle is a few certificates of a few kilobytes, so Dockside takes none over ${CA_PEM_MAX_BYTES / 1024} KiB`, 'Give only the CA certificate(s) of this registry.');
  }
  const blocks = splitBlocks(text, refuse);
  if (blocks.length === 0) throw refuse('it holds no certificate');
  const certificates = blocks.map((block, index) => {
    const which = blocks.length === 1 ? 'the certificate' : `certificate ${index + 1} of ${blocks.length}`;
    const certificate = parseBlock(block.body, (reason) =>
      refuse(`${which} (line ${block.line}) is not a readable X.509 certificate: ${reason}`, 'Copy it again in full, or export the CA certificate again.'),
    );
    if (!isCaOrSelfSigned(certificate)) {
      throw refuse(
        `${which} (SHA-256 ${certificate.fingerprint256}) is neither a CA (basicConstraints CA:TRUE) nor self-signed, so it cannot vouch for the registry's certificate`,
        "Give the CA that issued the registry's certificate (or, for a self-signed registry certificate, that certificate itself).",
      );
    }
    return certificate;
  });
  return { pem: text, certificates };
}

/**
 * Self-signed counts as a CA, as judge-chain picks one: the seed registries serve a self-signed
 * leaf, which Docker trusts when it is the ca.crt itself. The flags are basicConstraints' own
 * (as describeCertificate's isCa), and self-signed is names plus signature (certificate-info's
 * isSelfSigned), not OpenSSL's stricter checkIssued.
 */
function isCaOrSelfSigned(certificate: X509Certificate): boolean {
  return readX509Fields(certificate.raw).basicConstraintsCa === true || isSelfSigned(certificate);
}

interface PemBlock {
  /** 1-based line of its BEGIN line. */
  line: number;
  body: string;
}

function splitBlocks(text: string, refuse: (problem: string, fix?: string) => DocksideError): PemBlock[] {
  const blocks: PemBlock[] = [];
  let position = 0;
  for (;;) {
    const begin = text.indexOf(BEGIN, position);
    const between = text.slice(position, begin === -1 ? text.length : begin);
    if (!BLANK.test(between)) throw refuse(`it has text outside the PEM blocks (line ${lineAt(text, position + firstNonBlank(between))})`);
    if (begin === -1) return blocks;
    const line = lineAt(text, begin);
    const labelEnd = text.indexOf(DASHES, begin + BEGIN.length);
    const type = labelEnd === -1 ? '' : text.slice(begin + BEGIN.length, labelEnd);
    if (!LABEL.test(type)) throw refuse(`line ${line} is not a valid PEM BEGIN line`);
    if (type !== 'CERTIFICATE') {
      const key = type.includes('PRIVATE KEY') ? ', and a private key must never leave its server' : '';
      throw refuse(`it holds a PEM block of type ${type} (line ${line}), and only certificates belong in ca.crt${key}`);
    }
    const bodyStart = labelEnd + DASHES.length;
    const endLine = `-----END ${type}-----`;
    const end = text.indexOf(endLine, bodyStart);
    if (end === -1) throw refuse(`the block at line ${line} has no ${endLine} line`, 'Copy the certificate again in full.');
    blocks.push({ line, body: text.slice(bodyStart, end) });
    position = end + endLine.length;
  }
}

/** One block's DER, parsed by itself: X509Certificate reads only the first certificate of a bundle. */
function parseBlock(body: string, fail: (reason: string) => DocksideError): X509Certificate {
  const base64 = body.replace(/[ \t\r\n]+/g, '');
  if (base64.length === 0) throw fail('it is empty');
  if (base64.length % 4 !== 0 || !BASE64.test(base64)) throw fail('its text is not valid base64');
  const der = Buffer.from(base64, 'base64');
  try {
    // Our DER reader first, as certificate-info does: what it refuses, isSelfSigned could not read.
    readX509Fields(der);
  } catch (error) {
    throw fail(error instanceof Error ? error.message : String(error));
  }
  try {
    return new X509Certificate(der);
  } catch {
    throw fail('OpenSSL cannot read it');
  }
}

function firstNonBlank(text: string): number {
  return text.search(/[^ \t\r\n]/);
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line++;
  return line;
}
