import type { Detector } from './finding';
import { finding, httpItem } from './registry-common';

/**
 * `/v2/` answers 200 while the repository asks for authentication: Docker decides which
 * credentials to send from the challenge it met at /v2/, and with none there it sends none,
 * so even after a successful docker login a pull ends with `no basic auth credentials`.
 * Typical cause: a reverse proxy routing /v2/ to an open upstream (or answering it itself).
 */
export const v2OpenRepositoryProtected: Detector = {
  id: 'v2-open-repository-protected',
  detect(evidence) {
    const registry = evidence.registry;
    const repository = registry?.anonymousRepository;
    if (!registry || !repository || registry.ping.status !== 200 || repository.status !== 401) return null;
    return finding({
      id: 'v2-open-repository-protected',
      severity: 'error',
      title: {
        en: `${registry.registry}/v2/ is open but its repositories demand credentials`,
        'zh-CN': `${registry.registry}/v2/ 无需认证，但其中的仓库却要求认证`,
      },
      explanation: {
        en: `GET /v2/ answered 200 without credentials, but GET /v2/${registry.repository}/tags/list answered 401. Docker only sends stored credentials for the authentication challenge it saw at /v2/; with a 200 there it saw none, so it never sends them and a pull fails with "no basic auth credentials" although docker login succeeded. This usually means a reverse proxy answers /v2/ itself or routes it to another upstream than the repositories.`,
        'zh-CN': `不带凭据的 GET /v2/ 返回 200，而 GET /v2/${registry.repository}/tags/list 返回 401。Docker 只会针对它在 /v2/ 上看到的认证质询发送已保存的凭据；/v2/ 返回 200 就没有质询，于是 Docker 从不发送凭据，即使 docker login 成功，拉取仍会报错 "no basic auth credentials"。这通常是反向代理自己应答了 /v2/，或把 /v2/ 转发到了与仓库不同的上游。`,
      },
      evidence: [httpItem(registry.ping, { headers: ['docker-distribution-api-version', 'server'] }), httpItem(repository, { headers: ['www-authenticate'], body: true })],
      fix: {
        en: `Put authentication on the /v2/ the client pings: route the exact path /v2/ (location = /v2/ in nginx) to the same upstream as /v2/<repository>/..., so that it answers 401 with the WWW-Authenticate challenge the repositories use. Then docker login ${registry.registry} again.`,
        'zh-CN': `让客户端探测的 /v2/ 同样要求认证：在 nginx 中把 /v2/ 本身（location = /v2/）转发到与 /v2/<仓库>/... 相同的上游，使其返回 401 和仓库所用的 WWW-Authenticate 质询。然后重新执行 docker login ${registry.registry}。`,
      },
      command: null,
    });
  },
};
