import { X509Certificate } from 'node:crypto';
import type { MessageParams } from '../../../shared/message';
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

type BlockProblem = 'block.empty' | 'block.base64' | 'block.der' | 'block.openssl' | 'not-ca';
/** What is wrong with the text: `tls.error.invalid-ca.<problem>`; a block's problem in a bundle names the block (`….of`: block 2 of 3). */
type Problem = 'too-big' | 'empty' | 'outside-text' | 'begin-line' | 'other-type' | 'private-key' | 'no-end' | BlockProblem | `${BlockProblem}.of`;
type Refuse = (problem: Problem, params?: MessageParams) => DocksideError;

/** Refuses with 'invalid-ca' unless `text` is only PEM CERTIFICATE blocks, each a CA or self-signed; `label` names it (the registry). */
export function policeCaPem(text: string, label: string): PolicedCaPem {
  const refuse: Refuse = (problem, params = {}) => new DocksideError(CODE, `tls.error.invalid-ca.${problem}`, { registry: label, ...params });

  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > CA_PEM_MAX_BYTES) throw refuse('too-big', { bytes, max: CA_PEM_MAX_BYTES / 1024 });
  const blocks = splitBlocks(text, refuse);
  if (blocks.length === 0) throw refuse('empty');
  const certificates = blocks.map((block, index) => {
    const which = { block: index + 1, total: blocks.length, line: block.line };
    const inBundle = (problem: BlockProblem): Problem => (blocks.length === 1 ? problem : `${problem}.of`);
    const certificate = parseBlock(block.body, (reason, detail = '') => refuse(inBundle(`block.${reason}`), { ...which, detail }));
    if (!isCaOrSelfSigned(certificate)) throw refuse(inBundle('not-ca'), { ...which, fingerprint: certificate.fingerprint256 });
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
export function isCaOrSelfSigned(certificate: X509Certificate): boolean {
  return readX509Fields(certificate.raw).basicConstraintsCa === true || isSelfSigned(certificate);
}

interface PemBlock {
  /** 1-based line of its BEGIN line. */
  line: number;
  body: string;
}

function splitBlocks(text: string, refuse: Refuse): PemBlock[] {
  const blocks: PemBlock[] = [];
  let position = 0;
  for (;;) {
    const begin = text.indexOf(BEGIN, position);
    const between = text.slice(position, begin === -1 ? text.length : begin);
    if (!BLANK.test(between)) throw refuse('outside-text', { line: lineAt(text, position + firstNonBlank(between)) });
    if (begin === -1) return blocks;
    const line = lineAt(text, begin);
    const labelEnd = text.indexOf(DASHES, begin + BEGIN.length);
    const type = labelEnd === -1 ? '' : text.slice(begin + BEGIN.length, labelEnd);
    if (!LABEL.test(type)) throw refuse('begin-line', { line });
    if (type !== 'CERTIFICATE') throw refuse(type.includes('PRIVATE KEY') ? 'private-key' : 'other-type', { type, line });
    const bodyStart = labelEnd + DASHES.length;
    const endLine = `-----END ${type}-----`;
    const end = text.indexOf(endLine, bodyStart);
    if (end === -1) throw refuse('no-end', { line, endLine });
    blocks.push({ line, body: text.slice(bodyStart, end) });
    position = end + endLine.length;
  }
}

/** One block's DER, parsed by itself: X509Certificate reads only the first certificate of a bundle. */
function parseBlock(body: string, fail: (reason: 'empty' | 'base64' | 'der' | 'openssl', detail?: string) => DocksideError): X509Certificate {
  const base64 = body.replace(/[ \t\r\n]+/g, '');
  if (base64.length === 0) throw fail('empty');
  if (base64.length % 4 !== 0 || !BASE64.test(base64)) throw fail('base64');
  const der = Buffer.from(base64, 'base64');
  try {
    // Our DER reader first, as certificate-info does: what it refuses, isSelfSigned could not read.
    readX509Fields(der);
  } catch (error) {
    throw fail('der', error instanceof Error ? error.message : String(error));
  }
  try {
    return new X509Certificate(der);
  } catch {
    throw fail('openssl');
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
