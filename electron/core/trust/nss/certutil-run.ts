import { X509Certificate } from 'node:crypto';
import { outputDetail } from '../../platform/command-output';
import type { Exec } from '../../platform/exec';

const CERTUTIL_TIMEOUT_MS = 20_000;
/** What certutil's answer means, read from its exit code and its own words (recorded: test/fixtures/nss). */
export type CertutilAnswer =
  | { kind: 'ok'; stdout: string }
  | { kind: 'not-found'; detail: string }
  /** Another process holds the database: SQLite's lock shows as a bad database or a PKCS #11 general error. */
  | { kind: 'busy'; detail: string }
  | { kind: 'read-only'; detail: string }
  | { kind: 'failed'; detail: string };

export interface Certutil {
  exec: Exec;
  path: string;
}

export async function runCertutil(certutil: Certutil, args: readonly string[], input?: string): Promise<CertutilAnswer> {
  const result = await certutil.exec(certutil.path, args, { timeoutMs: CERTUTIL_TIMEOUT_MS, ...(input === undefined ? {} : { input }) });
  if (result.code === 0) return { kind: 'ok', stdout: result.stdout };
  const text = `${result.stderr}\n${result.stdout}`;
  const detail = outputDetail(text);
  if (/could not find cert/i.test(text)) return { kind: 'not-found', detail };
  if (/SEC_ERROR_READ_ONLY/.test(text)) return { kind: 'read-only', detail };
  if (/SEC_ERROR_BAD_DATABASE|SEC_ERROR_PKCS11_GENERAL_ERROR|database is locked/i.test(text)) return { kind: 'busy', detail };
  return { kind: 'failed', detail: detail || `exit ${result.code}` };
}

/** `certutil -L -n <nickname> -a`: the certificate stored under the nickname, PEM. */
export async function storedCertificate(certutil: Certutil, spec: string, nickname: string): Promise<{ kind: 'cert'; cert: X509Certificate | null } | Exclude<CertutilAnswer, { kind: 'ok' }>> {
  const answer = await runCertutil(certutil, ['-L', '-d', spec, '-n', nickname, '-a']);
  if (answer.kind !== 'ok') return answer;
  const block = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(answer.stdout)?.[0];
  try {
    return { kind: 'cert', cert: block === undefined ? null : new X509Certificate(block) };
  } catch {
    return { kind: 'cert', cert: null };
  }
}

