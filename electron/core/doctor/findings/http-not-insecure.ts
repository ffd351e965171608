import { msg } from '../../../../shared/message';
import type { EvidenceItem } from '../../../../shared/doctor';
import type { Detector } from './finding';
import { finding, httpItem, isInsecureRegistry } from './registry-common';

const HTTP_RESPONSE_ERROR = 'http: server gave HTTP response to HTTPS client'; // verbatim: Go's net/http error, as Docker prints it

/**
 * The registry speaks plain HTTP and Docker is not told to accept that: neither daemon.json nor
 * the running engine lists it in insecure-registries (127.0.0.0/8 is insecure by default).
 * Docker then refuses it with `http: server gave HTTP response to HTTPS client`. Plain HTTP shows
 * as a ping whose TLS handshake met an HTTP answer (`not-tls`), or as a ping made over http://
 * (the gatherer falls back to http:// after `not-tls`, to show what Docker would meet there).
 */
export const httpNotInsecure: Detector = {
  id: 'http-not-insecure',
  detect(evidence) {
    const registry = evidence.registry;
    if (!registry || (registry.ping.error?.code !== 'not-tls' && !registry.ping.url.startsWith('http://'))) return null;
    const { daemonJson, engine } = evidence.local;
    const written = daemonJson.settings?.insecureRegistries ?? [];
    const active = engine.active?.insecureRegistries ?? [];
    if (isInsecureRegistry(written, registry.registry) || isInsecureRegistry(active, registry.registry)) return null;

    const ping = httpItem(registry.ping, { headers: ['docker-distribution-api-version'] });
    const items: EvidenceItem[] = [registry.ping.error?.code === 'not-tls' ? ping : { ...ping, text: msg('doctor.evidence.plain-http') }];
    items.push(
      daemonJson.exists
        ? { kind: 'file', source: daemonJson.path, detail: `"insecure-registries": ${JSON.stringify(written)}` }
        : { kind: 'file', source: daemonJson.path, detail: '', text: msg('doctor.evidence.daemon-json-missing') },
    );
    // verbatim: docker info's own label
    if (engine.active) items.push({ kind: 'command', source: 'docker info', detail: `Insecure Registries: ${active.join(', ')}` });
    const entries = [...written, registry.registry].map((entry) => JSON.stringify(entry)).join(', ');
    const params = { registry: registry.registry, error: HTTP_RESPONSE_ERROR, path: daemonJson.path, entries };
    return finding({
      id: 'http-not-insecure',
      severity: 'error',
      title: msg('doctor.http-not-insecure.title', params),
      explanation: msg('doctor.http-not-insecure.explanation', params),
      evidence: items,
      fix: msg('doctor.http-not-insecure.fix', params),
      command: null,
    });
  },
};
