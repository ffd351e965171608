import type { EvidenceItem } from '../../../../shared/doctor';
import { msg } from '../../../../shared/message';
import { errorSentence } from '../../../../shared/result';
import type { TrustInspectJson, TrustProblem } from '../../../../shared/trust';
import type { Detector } from './finding';
import { finding } from './registry-common';

const UNKNOWN_AUTHORITY = 'x509: certificate signed by unknown authority'; // verbatim: Go's crypto/x509 error, as Docker prints it

/** A TLS judgement as evidence: where, which problem and what Docker says (verbatim), the certificate concerned. */
export function tlsItem(tls: TrustInspectJson, problem: TrustProblem): EvidenceItem {
  const cert = problem.certificate === null ? undefined : tls.chain[problem.certificate];
  const detail = problem.dockerError === null ? problem.code : `${problem.code}: ${problem.dockerError}`;
  const item: EvidenceItem = { kind: 'tls', source: `TLS ${tls.address}`, detail };
  if (cert) item.text = msg('doctor.evidence.certificate', { index: problem.certificate ?? 0, subject: cert.subject.replace(/\n/g, ', '), issuer: cert.issuer.replace(/\n/g, ', ') });
  return item;
}

/** The leaf names where its issuer is published (AIA caIssuers) and following it found no CA: which URLs, and why. */
function aiaItems(tls: TrustInspectJson, aia: NonNullable<TrustInspectJson['aia']>): EvidenceItem[] {
  const source = `TLS ${tls.address}`;
  const items: EvidenceItem[] = [{ kind: 'tls', source, detail: '', text: msg('doctor.evidence.aia.not-found', { urls: aia.urls.join(', ') }) }];
  if (aia.error) items.push({ kind: 'tls', source, detail: aia.error.code, text: errorSentence(aia.error) });
  return items;
}

/**
 * Docker does not trust the CA behind the registry's certificate: not in certs.d, not in the
 * system store (`unknown-authority`), or the server does not even send it (`ca-not-sent`).
 * When the CA is known (sent by the server), `dockside trust add --fingerprint` installs it.
 */
export const caUnknown: Detector = {
  id: 'ca-unknown',
  detect(evidence) {
    const registry = evidence.registry;
    const tls = registry?.tls;
    if (!registry || !tls) return null;
    const problems = tls.problems.filter((problem) => problem.code === 'unknown-authority' || problem.code === 'ca-not-sent');
    if (problems.length === 0) return null;
    const ca = tls.ca?.certificate ?? null;
    const top = tls.chain[tls.chain.length - 1];
    const issuer = (top?.issuer ?? '').replace(/\n/g, ', ');
    const items: EvidenceItem[] = problems.map((problem) => tlsItem(tls, problem));
    if (ca) {
      const from = tls.ca?.source === 'server' ? 'doctor.evidence.ca.from-server' : tls.ca?.source === 'aia' ? 'doctor.evidence.ca.from-aia' : 'doctor.evidence.ca.from-file';
      const params = { subject: ca.subject.replace(/\n/g, ', '), fingerprint: ca.fingerprintSha256, ...(tls.aia ? { urls: tls.aia.urls.join(', ') } : {}) };
      items.push({ kind: 'tls', source: `TLS ${tls.address}`, detail: '', text: msg(from, params) });
    } else if (tls.aia) {
      items.push(...aiaItems(tls, tls.aia));
    }
    const command = ca ? `dockside trust add ${tls.registry} --fingerprint sha256:${ca.fingerprintSha256.replace(/:/g, '')}` : null;
    const params = { registry: tls.registry, address: tls.address, issuer, caPath: tls.caPath, error: UNKNOWN_AUTHORITY };
    const explanation = `doctor.ca-unknown.explanation${issuer ? '' : '.no-issuer'}${ca ? '' : '.ca-not-sent'}` as const;
    return finding({
      id: 'ca-unknown',
      severity: 'error',
      title: msg('doctor.ca-unknown.title', params),
      explanation: msg(explanation, params),
      evidence: items,
      fix: ca ? msg('doctor.ca-unknown.fix.with-ca', { ...params, fingerprint: ca.fingerprintSha256 }) : msg('doctor.ca-unknown.fix.without-ca', params),
      command,
      action: ca ? { kind: 'trust-add', registry: tls.registry, fingerprint: ca.fingerprintSha256 } : null,
    });
  },
};
