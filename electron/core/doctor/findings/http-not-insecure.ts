import type { EvidenceItem } from '../../../../shared/doctor';
import type { Detector } from './finding';
import { finding, httpItem, isInsecureRegistry } from './registry-common';

const HTTP_RESPONSE_ERROR = 'http: server gave HTTP response to HTTPS client';

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
    const items: EvidenceItem[] = [registry.ping.error?.code === 'not-tls' ? ping : { ...ping, detail: `${ping.detail} (answered over plain HTTP)` }];
    items.push({
      kind: 'file',
      source: daemonJson.path,
      detail: daemonJson.exists ? `"insecure-registries": ${JSON.stringify(written)}` : 'does not exist (no insecure-registries)',
    });
    if (engine.active) items.push({ kind: 'command', source: 'docker info', detail: `Insecure Registries: ${active.join(', ') || '(none)'}` });
    return finding({
      id: 'http-not-insecure',
      severity: 'error',
      title: {
        en: `${registry.registry} is plain HTTP but not in insecure-registries`,
        'zh-CN': `${registry.registry} 是明文 HTTP 端点，但不在 insecure-registries 中`,
      },
      explanation: {
        en: `${registry.registry} answers the TLS handshake with plain HTTP. Docker uses HTTPS for every registry except those listed in insecure-registries (and 127.0.0.0/8), so pulling or pushing ${registry.registry}/... fails with "${HTTP_RESPONSE_ERROR}". An http:// URL in registry-mirrors does not cover images named with this host.`,
        'zh-CN': `${registry.registry} 对 TLS 握手返回的是明文 HTTP。除 insecure-registries 中列出的地址（以及 127.0.0.0/8）外，Docker 对所有仓库都使用 HTTPS，因此拉取或推送 ${registry.registry}/... 会报错 "${HTTP_RESPONSE_ERROR}"。在 registry-mirrors 中写 http:// 地址并不适用于以该主机命名的镜像。`,
      },
      evidence: items,
      fix: {
        en: `Prefer the registry's HTTPS connector. Otherwise add it to ${daemonJson.path}: "insecure-registries": [${[...written, registry.registry].map((entry) => JSON.stringify(entry)).join(', ')}], keeping the other keys, then reload Docker (sudo systemctl reload docker) and check docker info lists it under Insecure Registries. dockside mirrors use does not set insecure-registries.`,
        'zh-CN': `优先使用仓库的 HTTPS 连接器。否则在 ${daemonJson.path} 中加入 "insecure-registries": [${[...written, registry.registry].map((entry) => JSON.stringify(entry)).join(', ')}]（保留其他配置项），然后重新加载 Docker（sudo systemctl reload docker），并确认 docker info 的 Insecure Registries 中已列出它。dockside mirrors use 不会设置 insecure-registries。`,
      },
      command: null,
    });
  },
};
